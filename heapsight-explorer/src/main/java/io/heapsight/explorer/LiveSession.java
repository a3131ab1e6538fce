package io.heapsight.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heapsight.common.ByteSize;
import io.heapsight.common.Durations;
import io.heapsight.common.LeakVerdict;
import io.heapsight.monitor.DumpResult;
import io.heapsight.monitor.HeapDumper;
import io.heapsight.monitor.JvmTarget;
import io.heapsight.monitor.Monitor;
import io.heapsight.monitor.MonitorJson;
import io.heapsight.monitor.MonitorListener;
import io.heapsight.monitor.MonitorSettings;
import io.heapsight.monitor.Sample;
import io.heapsight.monitor.Verdict;
import io.heapsight.monitor.VerdictText;
import io.heapsight.report.result.ResultJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The live view of `heapsight open --pid`: a {@link Monitor} on its own thread keeps the latest samples and verdict of
 * one JVM, and a heap dump taken on request joins the explorer's dumps. Dumps go to a folder given by the user (or a
 * private temporary folder), under names that never overwrite a file.
 */
public final class LiveSession implements AutoCloseable {
    static final int KEEP_SAMPLES = 3600;

    private final JvmTarget target;
    private final Monitor monitor;
    private final Thread thread;
    private final Path dumpDir;
    private final ArrayDeque<JsonNode> samples = new ArrayDeque<>();
    private final ArrayDeque<String> messages = new ArrayDeque<>();
    private volatile Verdict verdict;
    private volatile String ended;

    private LiveSession(JvmTarget target, Path dumpDir) {
        this.target = target;
        this.dumpDir = dumpDir;
        this.monitor = new Monitor(target, MonitorSettings.defaults());
        this.thread = new Thread(this::watch, "heapsight-open-live");
        this.thread.setDaemon(true);
    }

    /** Attaches to pid (throws the monitor's AttachException with its one-line reason) and starts sampling. */
    public static LiveSession start(long pid, Path dumpDir) {
        LiveSession s = new LiveSession(JvmTarget.attach(pid), dumpDir);
        s.thread.start();
        return s;
    }

    private void watch() {
        try {
            monitor.run(null, new MonitorListener() {
                @Override
                public void onSample(Sample sample, Verdict v) {
                    JsonNode node;
                    try {
                        node = ResultJson.mapper().readTree(MonitorJson.sample(target.pid(), sample, v));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    synchronized (samples) {
                        samples.addLast(node);
                        if (samples.size() > KEEP_SAMPLES) samples.removeFirst();
                    }
                    verdict = v;
                }

                @Override
                public void onMessage(String message) {
                    note(message);
                }
            });
            ended = "monitoring ended";
        } catch (RuntimeException e) {
            ended = "monitoring stopped: " + rootMessage(e);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private void note(String message) {
        synchronized (messages) {
            messages.addLast(Instant.now() + " " + message);
            if (messages.size() > 50) messages.removeFirst();
        }
    }

    public long pid() {
        return target.pid();
    }

    /** {"pid","samples":[MonitorJson samples, oldest first],"verdict":{"kind","line","summary"},"messages","ended"}. */
    ObjectNode state(long since) {
        ObjectNode out = ResultJson.mapper().createObjectNode();
        out.put("pid", target.pid());
        ArrayNode list = out.putArray("samples");
        synchronized (samples) {
            for (JsonNode s : samples) if (s.path("uptimeMs").asLong() > since) list.add(s);
        }
        Verdict v = verdict;
        ObjectNode vn = out.putObject("verdict");
        vn.put("kind", (v == null ? LeakVerdict.INCONCLUSIVE : v.kind()).token());
        vn.put("line", v == null ? "collecting the first samples…" : VerdictText.oneLine(v));
        ArrayNode m = out.putArray("messages");
        synchronized (messages) {
            messages.forEach(m::add);
        }
        if (ended == null) out.putNull("ended");
        else out.put("ended", ended);
        return out;
    }

    /** Takes a live heap dump (forces a full GC in the target first) into the dump folder. */
    DumpResult dump() {
        Path out = HeapDumper.uniquePath(dumpDir, "pid" + target.pid() + "-" + Instant.now().toString().replace(':', '-'), ".hprof");
        HeapDumper.Plan plan = HeapDumper.plan(target, out, true, 0);
        note(plan.announcement());
        DumpResult r = HeapDumper.execute(target, plan);
        note("dump written: " + r.path() + " (" + ByteSize.format(r.sizeBytes()) + " in " + Durations.human(r.took()) + ")");
        return r;
    }

    List<String> messages() {
        synchronized (messages) {
            return new ArrayList<>(messages);
        }
    }

    @Override
    public void close() {
        monitor.stop();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        target.close();
    }
}
