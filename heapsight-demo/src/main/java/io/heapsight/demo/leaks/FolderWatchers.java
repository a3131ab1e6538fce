package io.heapsight.demo.leaks;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Native-resource leak: each request opens a WatchService on a folder and never closes it. On Linux each one is an
 * inotify instance, a poller thread and file descriptors, none of which the GC gives back (the poller thread keeps
 * the service reachable). Held here in {@code FolderWatchers.WATCHERS} the way a "config reload" registry would.
 *
 * <p>inotify instances are limited per user for the whole machine (fs.inotify.max_user_instances, often 128), so
 * the demo refuses past {@link #CAP} rather than starve other programs.
 */
public final class FolderWatchers {
    private FolderWatchers() {}

    public static final int CAP = 32;

    static final List<WatchService> WATCHERS = new CopyOnWriteArrayList<>();

    /** Thrown when the demo's own cap (or the machine's inotify limit) is reached. */
    public static final class CapReached extends Exception {
        CapReached(String message) {
            super(message);
        }
    }

    /** The leak: opens a watcher on {@code folder} and keeps it, never closed. Returns how many are open. */
    public static synchronized int watchAndForget(Path folder) throws IOException, CapReached {
        if (WATCHERS.size() >= CAP) {
            throw new CapReached(CAP + " watch services are already open and leaked; the demo stops here to spare "
                    + "the machine's inotify instances (restart the demo to release them)");
        }
        WatchService watcher = open(folder);
        WATCHERS.add(watcher);
        return WATCHERS.size();
    }

    /** The fixed twin: the same work, closed when done. */
    public static void watchAndClose(Path folder) throws IOException, CapReached {
        try (WatchService watcher = open(folder)) {
            watcher.poll();
        }
    }

    private static WatchService open(Path folder) throws IOException, CapReached {
        Files.createDirectories(folder);
        WatchService watcher;
        try {
            watcher = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("inotify")) {
                throw new CapReached("the machine's inotify instance limit is reached: " + e.getMessage());
            }
            throw e;
        }
        folder.register(watcher, StandardWatchEventKinds.ENTRY_MODIFY);
        return watcher;
    }

    public static int open() {
        return WATCHERS.size();
    }
}
