package io.heapsight.bench;

import io.heapsight.cli.HeapsightCli;

import java.nio.file.Files;
import java.nio.file.Path;

/** heapsight's full job is exactly what a user runs: {@code heapsight analyze DUMP --format json --out FILE}. */
final class HeapsightJob implements FullJob {
    @Override
    public String run(Path dump, int top, Path workDir) throws Exception {
        Path out = workDir.resolve("report.json");
        // the same job as the other tools: parse, histogram, dominators, retained sizes, suspects (no inspections,
        // which neither HAHA's nor Shark's job includes); the index is written, as by default
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream originalErr = System.err;
        System.setErr(new java.io.PrintStream(new TeeStream(originalErr, err), true));
        int rc;
        try {
            rc = HeapsightCli.run("analyze", dump.toString(), "--no-inspections", "--format", "json", "--out", out.toString());
        } finally {
            System.setErr(originalErr);
        }
        if (rc != 0) {
            throw new IllegalStateException("heapsight analyze exited with code " + rc + ": " + lastLine(err));
        }
        Phases.done("analyze");
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            throw new IllegalStateException("heapsight analyze wrote no report to " + out);
        }
        String json = Files.readString(out);
        java.util.regex.Matcher m = OBJECTS.matcher(json);
        return "objects=" + (m.find() ? m.group(1) : "?") + " report " + Files.size(out) + " bytes";
    }

    /** The report's summary object count (the first "objects" member of the JSON report). */
    private static final java.util.regex.Pattern OBJECTS = java.util.regex.Pattern.compile("\"objects\"\\s*:\\s*(\\d+)");

    /** The object count a successful heapsight run reported ("objects=N ..." in its detail), or -1. */
    static long objectsOf(java.util.List<RunResult> results) {
        for (RunResult r : results) {
            if (r.tool() != Tool.HEAPSIGHT || !r.ok()) continue;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("objects=(\\d+)").matcher(r.detail());
            if (m.find()) return Long.parseLong(m.group(1));
        }
        return -1;
    }

    private static String lastLine(java.io.ByteArrayOutputStream err) {
        String[] lines = err.toString().strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank() && !lines[i].startsWith("Try ")) return lines[i].strip();
        }
        return "(nothing on stderr)";
    }

    /** Keeps the CLI's stderr visible in the child log while remembering it for the result line. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
