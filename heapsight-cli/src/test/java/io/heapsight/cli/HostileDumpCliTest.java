package io.heapsight.cli;

import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11 through the command line: dump text never drives the terminal, refused dumps end in one escaped line. */
class HostileDumpCliTest {
    @TempDir
    Path dir;

    private static void assertNoTerminalControls(String text) {
        assertThat(text.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F)).count())
                .as("raw control characters in:%n%s", text).isZero();
    }

    @Test
    void aRefusedDumpIsOneEscapedLineWithExitCodeBadInput() throws Exception {
        HprofWriter w = HprofWriter.create().idSize(8).withStandardClasses();
        long a = 0x7000_0000L, b = 0x7000_0008L;
        w.declareClass("com.example.A\u001b]52;c;cGF5bG9hZA==\u0007").id(a).superclassId(b).define();
        w.declareClass("com.example.B\u001b[2J\rFAKE").id(b).superclassId(a).define();
        Path f = dir.resolve("loop.hprof");
        w.write(f);
        CliRun r = CliRun.run("analyze", f.toString(), "--no-index");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("loop back").contains("\\x1b");
        assertNoTerminalControls(r.err());
    }

    @Test
    void everyVerbThatReadsDumpsReportsTheSameFaultTheSameWayNamingTheDump() throws Exception {
        Path good = dir.resolve("good.hprof");
        HprofWriter.create().idSize(8).withStandardClasses().write(good);
        HprofWriter w = HprofWriter.create().idSize(8).withStandardClasses();
        w.declareClass("com.example.A").id(0x7000_0000L).superclassId(0x7000_0008L).define();
        w.declareClass("com.example.B").id(0x7000_0008L).superclassId(0x7000_0000L).define();
        Path bad = dir.resolve("loop.hprof");
        w.write(bad);
        String[][] runs = {
                {"analyze", bad.toString(), "--no-index"},
                {"inspect", bad.toString(), "histogram"},
                {"diff", good.toString(), bad.toString()},
                {"open", good.toString(), bad.toString(), "--no-browser"},
        };
        for (String[] args : runs) {
            CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> CliRun.run(args));
            assertThat(r.code()).as("%s: %s", args[0], r.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.out()).as(args[0]).isEmpty();
            assertThat(r.err().lines()).as(args[0]).hasSize(1);
            assertThat(r.err()).as(args[0]).contains(bad.toString()).contains("loop back").doesNotContain("good.hprof");
        }
    }

    @Test
    void theTextReportOfADumpFullOfEscapesPrintsNoneOfThem() throws Exception {
        HprofWriter w = HprofWriter.create().idSize(8).withStandardClasses();
        HprofWriter.ClassRef evil = w.declareClass("com.example.Evil\u001b]0;title\u0007\nFAKE").instanceField("s", Type.OBJECT).define();
        long[] items = new long[500];
        for (int i = 0; i < items.length; i++) {
            items[i] = w.newInstance(evil).set("s", w.string("\u001b[2J\u001b]52;c;eA==\u0007 same text")).write();
        }
        long array = w.objectArray(w.classNamed("java.lang.Object[]"), items);
        w.rootJniGlobal(array, 1);
        w.thread("t\u001b[31m\r\nFAKE").javaFrameRoot(array, 0).start();
        Path f = dir.resolve("evil.hprof");
        w.write(f);
        CliRun r = CliRun.run("analyze", f.toString(), "--no-index");
        assertThat(r.code()).isZero();
        assertNoTerminalControls(r.out());
        assertNoTerminalControls(r.err());
        assertThat(r.out()).contains("com.example.Evil\\x1b]0;title\\x07\\nFAKE");
        assertThat(r.out().lines()).noneMatch(l -> l.startsWith("FAKE"));
    }

    @Test
    void androidArraysWithoutDataAreNotedNotCountedAsTerabytes() throws Exception {
        HprofWriter w = HprofWriter.create().idSize(4).withStandardClasses();
        long a = w.primitiveArrayNoData(Type.LONG, Integer.MAX_VALUE - 16);
        w.rootJniGlobal(a, 1);
        Path f = dir.resolve("android.hprof");
        w.write(f);
        CliRun r = CliRun.run("analyze", f.toString(), "--no-index");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("NOTE: 1 Android primitive array dumped without data (declaring 16.0 GB): size unknown")
                .doesNotContain("TB").doesNotContain(" GB)\n  ");
    }
}
