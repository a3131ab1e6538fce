package io.heapsight.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cuts a flight recording of one heapsight run into its phases (the io.heapsight.Phase events PhaseTimer commits)
 * and tells, per phase, where the CPU samples (jdk.ExecutionSample, all Java threads) fell: the hottest methods
 * (top frame) and the hottest heapsight methods (the first io.heapsight frame from the top, i.e. which engine code
 * a JDK or library frame worked for). Samples outside every phase (JVM start, report, untimed analyses) are a
 * phase of their own. GC pauses are counted per phase too: GC threads are not sampled.
 */
final class ProfileSummary {
    static final String OUTSIDE = "(outside timed phases)";
    private static final String OURS = "io.heapsight.";

    /** A phase's window and what fell into it. */
    static final class Phase {
        final String name;
        final Instant start;
        final Instant end;
        long samples;
        long gcPauses;
        Duration gcPauseTime = Duration.ZERO;
        final Map<String, Long> topFrames = new HashMap<>();
        final Map<String, Long> ourFrames = new HashMap<>();

        Phase(String name, Instant start, Instant end) {
            this.name = name;
            this.start = start;
            this.end = end;
        }

        boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    private ProfileSummary() {}

    /** Reads the recording and renders the per-phase Markdown summary. */
    static String summarize(Path jfr, int top) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
        return render(jfr, phases(events), top);
    }

    static List<Phase> phases(List<RecordedEvent> events) {
        List<Phase> phases = new ArrayList<>();
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals("io.heapsight.Phase")) {
                phases.add(new Phase(e.getString("phase"), e.getStartTime(), e.getEndTime()));
            }
        }
        phases.sort((a, b) -> a.start.compareTo(b.start));
        Phase outside = new Phase(OUTSIDE, Instant.MIN, Instant.MAX);
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                Phase p = phaseAt(phases, e.getStartTime(), outside);
                p.samples++;
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) continue;
                p.topFrames.merge(method(st.getFrames().get(0)), 1L, Long::sum);
                for (RecordedFrame f : st.getFrames()) {
                    if (f.getMethod() != null && f.getMethod().getType().getName().startsWith(OURS)) {
                        p.ourFrames.merge(method(f), 1L, Long::sum);
                        break;
                    }
                }
            } else if (type.equals("jdk.GarbageCollection")) {
                Phase p = phaseAt(phases, e.getStartTime(), outside);
                p.gcPauses++;
                p.gcPauseTime = p.gcPauseTime.plus(e.getDuration("sumOfPauses"));
            }
        }
        List<Phase> all = new ArrayList<>(phases);
        all.add(outside);
        return all;
    }

    /** The phase that started last among those containing t (phases of different threads may overlap). */
    private static Phase phaseAt(List<Phase> phases, Instant t, Phase outside) {
        Phase found = outside;
        for (Phase p : phases) {
            if (p.contains(t)) found = p;
        }
        return found;
    }

    private static String method(RecordedFrame f) {
        if (f.getMethod() == null) return "(unknown)";
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName()
                + (f.getType().equals("Interpreted") ? " (interpreted)" : "");
    }

    static String render(Path jfr, List<Phase> phases, int top) {
        long total = phases.stream().mapToLong(p -> p.samples).sum();
        StringBuilder sb = new StringBuilder();
        sb.append("# Profile of ").append(jfr.getFileName()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%,d CPU samples (JFR settings=profile: every 10 ms per running Java thread). "
                + "Open the .jfr in JDK Mission Control, or `jfr print --events jdk.ExecutionSample %s`.%n%n",
                total, jfr.getFileName()));
        sb.append("| phase | wall | samples | share | GC pauses |\n|---|---|---|---|---|\n");
        for (Phase p : phases) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f%% | %d, %d ms |%n", p.name,
                    p.name.equals(OUTSIDE) ? "-" : Duration.between(p.start, p.end).toMillis() + " ms", p.samples,
                    total == 0 ? 0.0 : 100.0 * p.samples / total, p.gcPauses, p.gcPauseTime.toMillis()));
        }
        Map<String, Long> overall = new HashMap<>();
        for (Phase p : phases) p.topFrames.forEach((k, v) -> overall.merge(k, v, Long::sum));
        sb.append("\n## Hottest methods overall (top frame)\n\n").append(table(overall, total, top));
        for (Phase p : phases) {
            if (p.samples == 0) continue;
            sb.append("\n## ").append(p.name).append(String.format(Locale.ROOT, " (%,d samples)%n%n", p.samples));
            sb.append("Top frames:\n\n").append(table(p.topFrames, p.samples, top));
            sb.append("\nFirst heapsight frame from the top:\n\n").append(table(p.ourFrames, p.samples, top));
        }
        return sb.toString();
    }

    private static String table(Map<String, Long> counts, long of, int top) {
        StringBuilder sb = new StringBuilder("| method | samples | share |\n|---|---|---|\n");
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((m, n) -> sb.append(String.format(Locale.ROOT, "| %s | %,d | %.1f%% |%n", m.replace("|", "/"), n,
                of == 0 ? 0.0 : 100.0 * n / of)));
        return sb.toString();
    }
}
