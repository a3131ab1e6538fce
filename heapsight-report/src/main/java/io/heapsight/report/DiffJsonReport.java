package io.heapsight.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heapsight.analysis.diff.ClassDiff;
import io.heapsight.analysis.diff.ClassStats;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.HolderDiff;
import io.heapsight.analysis.diff.SeriesPoint;

import java.util.List;

/**
 * The machine-readable diff. {@code suspects} has the shape of `analyze`'s suspects (see {@link JsonReport#suspect})
 * plus verdict, growthBytes, growthCount, growingSteps, nativeBytes and the per-dump series. See docs/diff.md.
 */
public final class DiffJsonReport {
    private DiffJsonReport() {}

    public static String render(DiffReport r, int top) {
        try {
            return JsonReport.MAPPER.writeValueAsString(tree(r, top));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode tree(DiffReport r, int top) {
        ObjectNode root = JsonReport.MAPPER.createObjectNode();
        root.put("schemaVersion", JsonReport.SCHEMA_VERSION);
        root.put("tool", "heapsight");
        root.put("kind", "diff");
        root.put("verdict", r.verdict().token());
        root.put("noiseBytes", r.noiseBytes());
        ArrayNode dumps = root.putArray("dumps");
        for (DiffReport.DumpEntry d : r.dumps()) {
            ObjectNode o = JsonReport.dumpInfo(dumps.addObject(), d.info());
            o.put("objects", d.objects());
            o.put("reachableBytes", d.reachableBytes());
            o.put("nativeBytes", d.nativeBytes());
            o.put("holdersFound", d.holdersFound());
        }
        root.put("growingHolders", r.growing().size());
        root.put("holdersCompared", r.holders().size());
        ArrayNode suspects = root.putArray("suspects");
        for (HolderDiff h : shown(r, top)) suspects.add(suspect(h));
        root.put("classesCompared", r.classes().size());
        ArrayNode classes = root.putArray("classes");
        for (ClassDiff c : r.classes().subList(0, Math.min(top, r.classes().size()))) {
            ObjectNode o = classes.addObject();
            o.put("className", c.className());
            o.put("countDelta", c.countDelta());
            o.put("shallowDelta", c.shallowDelta());
            o.put("retainedDelta", c.retainedDelta());
            ArrayNode series = o.putArray("series");
            for (int k = 0; k < c.series().size(); k++) {
                ClassStats s = c.series().get(k);
                ObjectNode p = series.addObject();
                p.put("dump", r.dumps().get(k).info().file());
                p.put("count", s.count());
                p.put("shallowBytes", s.shallowBytes());
                p.put("retainedBytes", s.retainedBytes());
            }
        }
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        root.putObject("timings").put("totalMillis", r.totalMillis());
        return root;
    }

    /** The holders a report shows: every growing one, then the next ranked up to top. */
    static List<HolderDiff> shown(DiffReport r, int top) {
        int n = Math.min(r.holders().size(), Math.max(top, r.growing().size()));
        return r.holders().subList(0, n);
    }

    public static ObjectNode suspect(HolderDiff h) {
        ObjectNode o = JsonReport.suspect(h.suspect());
        o.put("description", h.description());
        o.put("verdict", h.verdict().label());
        o.put("growthBytes", h.growthBytes());
        o.put("growthCount", h.growthCount());
        o.put("growingSteps", h.growingSteps());
        o.put("nativeBytes", h.nativeBytes());
        ArrayNode series = o.putArray("series");
        for (SeriesPoint p : h.series()) {
            ObjectNode x = series.addObject();
            x.put("dump", p.dump());
            x.put("present", p.present());
            x.put("retainedBytes", p.retainedBytes());
            x.put("nativeBytes", p.nativeBytes());
            x.put("count", p.count());
            x.put("instances", p.instances());
        }
        return o;
    }
}
