package io.heapsight.cli;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.query.HeapQuery;
import io.heapsight.analysis.query.Queries;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.QueryException;
import io.heapsight.analysis.result.Result;
import io.heapsight.explorer.OpenDump;
import io.heapsight.report.result.ResultJson;
import io.heapsight.report.result.ResultText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        header = "Ask one question about a dump from the terminal.",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE, ExitCodes.L_NOT_FOUND, ExitCodes.L_BAD_INPUT,
                ExitCodes.L_NOT_IN_DUMP},
        description = {"Ask one question about a dump from the terminal, as dotnet-dump analyze or MAT's queries do: "
                + "histogram [--filter RE] [--sort retained|shallow|count|name] [--group package|loader], class CLASS, "
                + "instances CLASS, object ID, referrers ID, references ID, path ID [--weak], dominated [ID], "
                + "merged-paths CLASS, threads. CLASS is a name or a class id; ID is an object id in hex (0x7f3a12b8), "
                + "as every report prints it. Without a QUERY, reads queries from standard input (one per line; "
                + "'help' lists them, 'quit' ends).",
                "The same queries answer the explorer's API (heapsight open); --format json prints their JSON form."})
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DUMP", description = "Heap dump file (.hprof or .hprof.gz).")
    Path dump;

    @Parameters(index = "1", arity = "0..1", paramLabel = "QUERY", description = "The question (see above); none for a prompt.")
    String query;

    @Parameters(index = "2", arity = "0..1", paramLabel = "ARG", description = "Its subject: a class (name or id) or an object id.")
    String argument;

    @Mixin
    FormatOptions.TextOrJson format;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Histogram: only classes whose name matches.")
    String filter;

    @Option(names = "--sort", paramLabel = "KEY", description = "Histogram: retained (default), shallow, count or name; instances: retained or shallow.")
    String sort;

    @Option(names = "--group", paramLabel = "BY", description = "Histogram: group by class (default), package or loader.")
    String group;

    @Option(names = "--offset", paramLabel = "N", description = "Skip the first N rows.")
    Long offset;

    @Option(names = "--limit", paramLabel = "N", description = "Rows to show (default 100).")
    Integer limit;

    @Option(names = "--weak", description = "Path: follow weak, soft and phantom references too.")
    boolean weak;

    @Option(names = "--depth", paramLabel = "N", description = "Merged paths: levels to expand (default 4).")
    Integer depth;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        if (query != null) Queries.named(checkedName(query));
        OpenDump open;
        try (ProgressBar bar = progress.bar()) {
            open = OpenDump.open(1, dump, AnalysisOptions.defaults(), bar);
        } catch (java.io.IOException e) {
            throw DumpErrors.toCli(dump, e);
        }
        try (open) {
            if (query != null) {
                System.out.print(render(run(open, query, argument, options())));
                return ExitCodes.OK;
            }
            return interactive(open);
        }
    }

    private static String checkedName(String name) {
        try {
            Queries.named(name);
            return name;
        } catch (QueryException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }

    private Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        if (filter != null) o.put("filter", filter);
        if (sort != null) o.put("sort", sort);
        if (group != null) o.put("group", group);
        if (offset != null) o.put("offset", offset.toString());
        if (limit != null) o.put("limit", limit.toString());
        if (weak) o.put("weak", "true");
        if (depth != null) o.put("depth", depth.toString());
        return o;
    }

    /** Runs a query; its argument goes where that query takes its subject. */
    static Result run(OpenDump open, String name, String argument, Map<String, String> options) throws IOException {
        HeapQuery q = Queries.named(name);
        Map<String, String> args = new LinkedHashMap<>(options);
        if (argument != null) {
            String key = switch (name) {
                case "class", "instances", "merged-paths" -> "class";
                case "object", "referrers", "references", "path", "dominated" -> "object";
                default -> throw new CliException(ExitCodes.USAGE, name + " takes no argument (got " + argument + ")");
            };
            args.put(key, argument);
        }
        try {
            return q.run(open.context(), QueryArgs.of(args));
        } catch (QueryException e) {
            throw new CliException(e.reason() == QueryException.Reason.NOT_FOUND ? ExitCodes.NOT_IN_DUMP : ExitCodes.USAGE, e.getMessage());
        }
    }

    private String render(Result r) throws IOException {
        if (format.isJson()) return ResultJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(ResultJson.render(r)) + "\n";
        return ResultText.render(r);
    }

    /** One query per line: "instances java.util.HashMap --limit 10"; errors are printed and the prompt goes on. */
    private int interactive(OpenDump open) throws IOException {
        PrintStream err = System.err;
        err.println("heapsight inspect: " + dump + " ready; type 'help' for the queries, 'quit' to end");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (true) {
            err.print("heapsight> ");
            err.flush();
            String line = in.readLine();
            if (line == null) return ExitCodes.OK;
            List<String> words = words(line);
            if (words.isEmpty()) continue;
            String name = words.get(0);
            if (name.equals("quit") || name.equals("exit")) return ExitCodes.OK;
            if (name.equals("help")) {
                for (HeapQuery q : Queries.all()) err.printf("  %-13s %s%n", q.name(), q.description());
                err.println("  options: --filter RE --sort KEY --group BY --offset N --limit N --weak --depth N");
                continue;
            }
            try {
                String arg = null;
                Map<String, String> opts = new LinkedHashMap<>();
                for (int i = 1; i < words.size(); i++) {
                    String w = words.get(i);
                    if (w.equals("--weak")) opts.put("weak", "true");
                    else if (w.startsWith("--") && i + 1 < words.size()) opts.put(w.substring(2), words.get(++i));
                    else if (arg == null) arg = w;
                    else throw new CliException(ExitCodes.USAGE, "unexpected " + w);
                }
                System.out.print(render(run(open, checkedName(name), arg, opts)));
                System.out.flush();
            } catch (CliException e) {
                err.println("heapsight inspect: " + e.getMessage());
            }
        }
    }

    /** Splits on blanks, keeping "quoted words" together (filters with spaces). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        boolean quoted = false;
        for (char c : line.strip().toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                if (cur == null) cur = new StringBuilder();
            } else if (Character.isWhitespace(c) && !quoted) {
                if (cur != null) out.add(cur.toString());
                cur = null;
            } else {
                if (cur == null) cur = new StringBuilder();
                cur.append(c);
            }
        }
        if (cur != null) out.add(cur.toString());
        return out;
    }
}
