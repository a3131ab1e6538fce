package io.heapsight.testkit;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the parent ({@link ForkedDump}) and the child ({@link ScenarioSupport}) agree on: the system properties
 * that tell the child where and how to dump, and the sidecar files the child leaves beside the dump.
 * The facts file is written last (atomic move), so its presence means the child finished.
 */
final class DumpProtocol {
    static final String DUMP_FILE = "heapsight.testkit.dumpFile";
    static final String LIVE = "heapsight.testkit.live";
    static final String GZIP_LEVEL = "heapsight.testkit.gzipLevel";

    private DumpProtocol() {}

    static Path factsFile(Path dump) {
        return sibling(dump, ".facts.properties");
    }

    static Path histogramFile(Path dump) {
        return sibling(dump, ".histogram.txt");
    }

    static Path logFile(Path dump) {
        return sibling(dump, ".log");
    }

    static String baseName(Path dump) {
        String name = dump.getFileName().toString();
        if (name.endsWith(".hprof.gz")) return name.substring(0, name.length() - ".hprof.gz".length());
        if (name.endsWith(".hprof")) return name.substring(0, name.length() - ".hprof".length());
        return name;
    }

    private static Path sibling(Path dump, String suffix) {
        return dump.resolveSibling(baseName(dump) + suffix);
    }

    static void writeFacts(Path file, Map<String, String> facts) throws IOException {
        Properties p = new Properties();
        p.putAll(facts);
        java.io.StringWriter w = new java.io.StringWriter();
        p.store(w, "facts recorded by the scenario");
        ScenarioFiles.saveText(file, w.toString());
    }

    static Map<String, String> readFacts(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> facts = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> facts.put(k, p.getProperty(k)));
        return facts;
    }
}
