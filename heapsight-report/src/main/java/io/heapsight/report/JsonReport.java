package io.heapsight.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.ClassLoaderInspection;
import io.heapsight.analysis.DirectBufferInspection;
import io.heapsight.analysis.DuplicateStrings;
import io.heapsight.analysis.FinalizerInspection;
import io.heapsight.analysis.Histogram;
import io.heapsight.analysis.PathStep;
import io.heapsight.analysis.Suspect;
import io.heapsight.report.result.ResultJson;

import java.util.List;

/** The machine-readable report. Field names are a contract: see docs/json-contract.md before renaming anything. */
public final class JsonReport {
    public static final int SCHEMA_VERSION = 1;
    static final ObjectMapper MAPPER = TerminalSafeJson.configure(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT));

    private JsonReport() {}

    public static String render(AnalysisReport r) {
        try {
            return MAPPER.writeValueAsString(tree(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode tree(AnalysisReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("tool", "heapsight");
        dumpInfo(root.putObject("dump"), r.dump());

        var s = r.summary();
        ObjectNode sum = root.putObject("summary");
        sum.put("objects", s.objects());
        sum.put("classes", s.classes());
        sum.put("heapBytes", s.heapBytes());
        sum.put("gcRoots", s.gcRoots());
        sum.put("references", s.references());
        sum.put("reachableObjects", s.reachableObjects());
        sum.put("reachableBytes", s.reachableBytes());
        sum.put("unreachableObjects", s.unreachableObjects());
        sum.put("unreachableBytes", s.unreachableBytes());
        sum.put("histogramIncludesUnreachable", s.histogramIncludesUnreachable());

        root.set("histogram", histogram(r.histogram()));
        root.put("histogramClasses", r.histogramClasses());

        ArrayNode doms = root.putArray("dominators");
        for (var dm : r.dominators()) {
            ObjectNode o = doms.addObject();
            o.put("object", dm.object());
            o.put("className", dm.className());
            o.put("shallowBytes", dm.shallowBytes());
            o.put("retainedBytes", dm.retainedBytes());
            o.put("heapFraction", round(dm.heapFraction()));
        }
        root.set("suspects", suspects(r.suspects()));
        if (r.inspections() != null) root.set("inspections", inspections(r.inspections()));
        root.set("sections", sections(r.sections()));
        var t = r.timings();
        ObjectNode tm = root.putObject("timings");
        tm.put("parseMillis", t.parseMillis());
        tm.put("dominatorMillis", t.dominatorMillis());
        tm.put("pathsMillis", t.pathsMillis());
        tm.put("suspectsMillis", t.suspectsMillis());
        tm.put("inspectionsMillis", t.inspectionsMillis());
        tm.put("totalMillis", t.totalMillis());
        // a report from the kept analysis: the phases above are the earlier run's, reportMillis this run's
        tm.put("fromKeptAnalysis", t.fromKeptAnalysis());
        tm.put("reportMillis", t.reportMillis());
        return root;
    }

    /** Every section in report order: its analysis, its time and its result in {@link ResultJson} form. */
    public static ArrayNode sections(List<AnalysisReport.Section> sections) {
        ArrayNode a = MAPPER.createArrayNode();
        for (AnalysisReport.Section s : sections) {
            ObjectNode o = a.addObject();
            o.put("name", s.name());
            o.put("description", s.description());
            o.put("millis", s.millis());
            o.set("result", ResultJson.render(s.result()));
        }
        return a;
    }

    /** The dump's file and how it was read (shared with the diff report's per-dump entries). */
    public static ObjectNode dumpInfo(ObjectNode dump, AnalysisReport.DumpInfo d) {
        dump.put("file", d.file());
        dump.put("sizeBytes", d.sizeBytes());
        dump.put("format", d.format());
        dump.put("idSize", d.idSize());
        dump.put("timestampMillis", d.timestampMillis());
        dump.put("layout", d.layout());
        dump.put("status", d.status().token());
        dump.put("bytesRead", d.bytesRead());
        if (d.problem() != null) dump.put("problem", d.problem());
        return dump;
    }

    public static ArrayNode histogram(List<Histogram.Row> rows) {
        ArrayNode a = MAPPER.createArrayNode();
        for (var row : rows) {
            ObjectNode o = a.addObject();
            o.put("className", row.className());
            o.put("count", row.count());
            o.put("shallowBytes", row.shallowBytes());
            o.put("retainedBytes", row.retainedBytes());
        }
        return a;
    }

    public static ArrayNode suspects(List<Suspect> suspects) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Suspect sp : suspects) a.add(suspect(sp));
        return a;
    }

    public static ObjectNode suspect(Suspect sp) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("rank", sp.rank());
        o.put("holder", sp.holder());
        o.put("accumulatedClass", sp.accumulatedClass());
        o.put("count", sp.count());
        o.put("retainedBytes", sp.retainedBytes());
        o.put("nativeBytes", sp.nativeBytes());
        o.set("path", path(sp.path()));
        o.put("description", sp.description());
        o.put("accumulationPoint", sp.accumulationPoint());
        o.put("accumulationPointClass", sp.accumulationPointClass());
        o.put("holderPath", sp.holderPath());
        o.put("heapFraction", round(sp.heapFraction()));
        o.put("instances", sp.instances());
        return o;
    }

    public static ArrayNode path(List<PathStep> steps) {
        ArrayNode p = MAPPER.createArrayNode();
        for (PathStep step : steps) {
            ObjectNode o = p.addObject();
            o.put(step.isRoot() ? "root" : "field", step.via());
            o.put("object", step.object());
        }
        return p;
    }

    private static ObjectNode inspections(AnalysisReport.Inspections in) {
        ObjectNode o = MAPPER.createObjectNode();
        DuplicateStrings.Result ds = in.duplicateStrings();
        ObjectNode d = o.putObject("duplicateStrings");
        d.put("strings", ds.strings());
        d.put("distinct", ds.distinct());
        d.put("wastedBytes", ds.wastedBytes());
        ArrayNode top = d.putArray("top");
        for (var g : ds.top()) {
            ObjectNode x = top.addObject();
            x.put("text", g.text());
            x.put("count", g.count());
            x.put("wastedBytes", g.wastedBytes());
        }
        ClassLoaderInspection.Result cl = in.classLoaders();
        ObjectNode c = o.putObject("classLoaders");
        c.put("duplicatedClasses", cl.duplicatedClassCount());
        ArrayNode loaders = c.putArray("loaders");
        for (var l : cl.loaders()) {
            ObjectNode x = loaders.addObject();
            x.put("loader", l.loader());
            x.put("classes", l.classes());
            x.put("retainedBytes", l.retainedBytes());
            if (!l.pinnedBy().isEmpty()) x.set("pinnedBy", path(l.pinnedBy()));
        }
        ArrayNode dupc = c.putArray("duplicateClasses");
        for (var dc : cl.duplicateClasses()) {
            ObjectNode x = dupc.addObject();
            x.put("className", dc.className());
            x.put("loaders", dc.loaders());
        }
        FinalizerInspection.Result f = in.finalizer();
        ObjectNode fo = o.putObject("finalizer");
        fo.put("pending", f.pending());
        fo.put("shallowBytes", f.shallowBytes());
        ArrayNode fb = fo.putArray("byClass");
        for (var p : f.byClass()) {
            ObjectNode x = fb.addObject();
            x.put("className", p.className());
            x.put("count", p.count());
            x.put("shallowBytes", p.shallowBytes());
        }
        DirectBufferInspection.Result db = in.directBuffers();
        ObjectNode b = o.putObject("directBuffers");
        b.put("buffers", db.buffers());
        b.put("ownedCapacityBytes", db.ownedCapacity());
        b.put("reachableCapacityBytes", db.reachableCapacity());
        b.put("unreachableCapacityBytes", db.unreachableCapacity());
        ArrayNode largest = b.putArray("largest");
        for (var x : db.largest()) {
            ObjectNode y = largest.addObject();
            y.put("object", x.object());
            y.put("capacityBytes", x.capacity());
            y.put("reachable", x.reachable());
            y.put("holder", x.holder());
        }
        ArrayNode holders = b.putArray("byHolder");
        for (var x : db.byHolder()) {
            ObjectNode y = holders.addObject();
            y.put("holder", x.holder());
            y.put("accumulationPoint", x.accumulationPoint());
            y.put("buffers", x.buffers());
            y.put("capacityBytes", x.capacity());
            y.put("heapRetainedBytes", x.heapRetainedBytes());
        }
        return o;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
