package io.heapsight.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every verb's --help reads cleanly at 80 columns: no long line, no word cut in two, whole sentences, exit codes. */
class HelpTest {

    static List<String> verbs() {
        return HeapsightCli.commandLine().getSubcommands().keySet().stream().filter(v -> !v.equals("help")).toList();
    }

    @ParameterizedTest
    @MethodSource("verbs")
    void helpFitsEightyColumnsWithNoWordCut(String verb) {
        Cli.Result r = Cli.run(verb, "--help");
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertReadable(r.out(), HeapsightCli.commandLine().getSubcommands().get(verb).getCommandSpec());
        assertThat(r.out()).contains("Exit codes:").containsPattern("(?m)^  0 +Success\\.$")
                .containsPattern("(?m)^  2 +Bad usage\\.$");
    }

    @Test
    void topLevelHelpFitsEightyColumnsAndListsEveryExitCode() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertReadable(r.out(), HeapsightCli.commandLine().getCommandSpec());
        for (int code : new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 10}) assertThat(r.out()).containsPattern("(?m)^  " + code + " +\\S");
    }

    @ParameterizedTest
    @MethodSource("verbs")
    void everyDescriptionIsMadeOfWholeSentences(String verb) {
        CommandSpec spec = HeapsightCli.commandLine().getSubcommands().get(verb).getCommandSpec();
        List<String> texts = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
        for (ArgSpec a : spec.args()) if (!a.hidden()) texts.addAll(Arrays.asList(a.description()));
        assertThat(texts).isNotEmpty().allSatisfy(t -> {
            assertThat(t).as("a sentence ends: '%s'", t).matches("(?s).*[.!?:][)`]?");
            assertThat(t).as("a sentence starts: '%s'", t).matches("(?s)[^a-z].*");
            assertThat(t).as("no hard line break: '%s'", t).doesNotContain("\n").doesNotContain("%n");
        });
    }

    /** Lines of at most 80 columns, and no line break inside a word of the command's own texts. */
    private static void assertReadable(String help, CommandSpec spec) {
        List<String> lines = help.lines().toList();
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).as("'%s'", l).isLessThanOrEqualTo(80));
        Set<String> words = words(spec);
        for (int i = 0; i + 1 < lines.size(); i++) {
            String[] left = lines.get(i).strip().split("\\s+");
            String[] right = lines.get(i + 1).strip().split("\\s+");
            if (left.length == 0 || right.length == 0 || left[left.length - 1].isEmpty() || right[0].isEmpty()) continue;
            String joined = left[left.length - 1] + right[0];
            assertThat(words).as("a word cut between lines %d and %d:%n%s%n%s", i + 1, i + 2, lines.get(i), lines.get(i + 1))
                    .doesNotContain(joined);
        }
    }

    private static Set<String> words(CommandSpec spec) {
        Set<String> words = new HashSet<>();
        List<String> texts = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
        for (ArgSpec a : spec.args()) texts.addAll(Arrays.asList(a.description()));
        texts.addAll(spec.usageMessage().exitCodeList().values());
        for (String t : texts) for (String w : t.replace("%%", "%").split("\\s+")) if (w.length() > 1) words.add(w);
        return words;
    }

    @ParameterizedTest
    @MethodSource("verbs")
    void docsListTheExitCodesTheHelpLists(String verb) throws Exception {
        Set<String> documented = new HashSet<>();
        for (String row : java.nio.file.Files.readAllLines(java.nio.file.Path.of("..", "docs", "cli.md"))) {
            String[] cells = row.split("\\|");
            if (cells.length < 4 || !cells[1].strip().matches("\\d+")) continue;
            List<String> by = Arrays.stream(cells[3].split(",")).map(String::strip).toList();
            if (by.contains("all") || by.contains(verb)) documented.add(cells[1].strip());
        }
        Set<String> inHelp = new HashSet<>();
        for (String key : HeapsightCli.commandLine().getSubcommands().get(verb).getCommandSpec().usageMessage().exitCodeList().keySet()) {
            inHelp.add(key.strip());
        }
        assertThat(documented).as("docs/cli.md exit codes of " + verb).isEqualTo(inHelp);
    }

    @Test
    void unknownVerbNamesTheNearestVerb() {
        Cli.Result r = Cli.run("analyse", "x.hprof");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList()).containsExactly(
                "heapsight: unknown verb 'analyse'; did you mean analyze?", "see 'heapsight --help'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownOptionNamesTheVerbAndTheNearestOption() {
        Cli.Result r = Cli.run("analyze", "x.hprof", "--formt", "json");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        List<String> err = r.err().lines().toList();
        assertThat(err).hasSize(2);
        assertThat(err.get(0)).startsWith("heapsight analyze: unknown option '--formt'; did you mean --format");
        assertThat(err.get(1)).isEqualTo("see 'heapsight analyze --help'");
    }

    @Test
    void badValueNamesTheVerbAndTheOption() {
        Cli.Result r = Cli.run("monitor", "1", "--duration", "soon");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList()).containsExactly(
                "heapsight monitor: invalid value for option '--duration': not a duration: 'soon' (examples: 90s, 10m, 1.5m, 1h, 250ms)",
                "see 'heapsight monitor --help'");
        Cli.Result html = Cli.run("ps", "--format", "html");
        assertThat(html.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(html.err()).startsWith("heapsight ps: invalid value for option '--format': expected text or json");
    }

    @Test
    void aMissingTargetIsOneLineWithoutPicocliPrefix() {
        Cli.Result r = Cli.run("investigate");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList()).containsExactly(
                "heapsight investigate: missing required argument (specify one of these): (--demo | --pid=PID)",
                "see 'heapsight investigate --help'");
        Cli.Result inline = Cli.run("analyze", "--formt=json", "x.hprof");
        assertThat(inline.err()).startsWith("heapsight analyze: unknown option '--formt'; did you mean --format");
    }

    @Test
    void missingParameterNamesTheVerb() {
        Cli.Result r = Cli.run("diff", "only-one.hprof");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList()).hasSize(2).last().isEqualTo("see 'heapsight diff --help'");
        assertThat(r.err()).startsWith("heapsight diff: ");
    }

    @Test
    void oneDurationGrammarForEveryVerb() {
        assertThat(new DurationConverter().convert("90s").toSeconds()).isEqualTo(90);
        assertThat(new DurationConverter().convert("10m").toSeconds()).isEqualTo(600);
        assertThat(new DurationConverter().convert("1.5m").toSeconds()).isEqualTo(90);
        assertThat(new DurationConverter().convert("1h").toSeconds()).isEqualTo(3600);
        assertThat(new DurationConverter().convert("500ms").toMillis()).isEqualTo(500);
        assertThat(new DurationConverter().convert("20").toSeconds()).as("bare seconds, as investigate took them").isEqualTo(20);
        for (String verb : List.of("monitor", "load", "investigate")) {
            CommandLine.Model.OptionSpec d = HeapsightCli.commandLine().getSubcommands().get(verb).getCommandSpec()
                    .findOption("--duration");
            assertThat(d.converters()).as(verb).hasSize(1).hasOnlyElementsOfType(DurationConverter.class);
        }
    }

    @Test
    void investigateAndLoadShareOneConcurrencyDefault() {
        var commands = HeapsightCli.commandLine().getSubcommands();
        assertThat(commands.get("investigate").getCommandSpec().findOption("--concurrency").defaultValue())
                .isEqualTo(commands.get("load").getCommandSpec().findOption("--concurrency").defaultValue());
    }

    @Test
    void stderrIsATerminalOnlyWhenItsDescriptorIsATerminalDevice() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("heapsight-fd");
        try {
            java.nio.file.Path file = java.nio.file.Files.createFile(dir.resolve("log"));
            java.nio.file.Path toFile = java.nio.file.Files.createSymbolicLink(dir.resolve("2"), file);
            java.nio.file.Path toPts = java.nio.file.Files.createSymbolicLink(dir.resolve("3"), java.nio.file.Path.of("/dev/pts/7"));
            assertThat(Terminal.isTerminalDevice(toFile)).isFalse();
            assertThat(Terminal.isTerminalDevice(toPts)).isTrue();
            assertThat(Terminal.isTerminalDevice(dir.resolve("missing"))).isFalse();
        } finally {
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path p : files.toList()) java.nio.file.Files.delete(p);
            }
            java.nio.file.Files.delete(dir);
        }
    }
}
