package io.heapsight.analysis;

import io.heapsight.heap.GcRootKind;
import io.heapsight.heap.HeapClass;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Class-loader leaks: an application whose classes are defined by several loaders (each redeploy makes a new one)
 * while the old loaders stay pinned. Loaders that define a class of the same name belong to one application; what
 * pins each loader is its root and the last named field or thread on its path (a thread's contextClassLoader, a
 * static list in a shared class). The suspect names the pin most of the loaders share.
 */
final class ClassLoaderLeaks {
    private ClassLoaderLeaks() {}

    /** One application defined by several loaders. */
    record Application(String exampleClass, int duplicatedClasses, List<Integer> loaders) {}

    static List<Finding> find(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, long threshold) {
        List<Finding> out = new ArrayList<>();
        List<Application> apps = applications(heap);
        if (apps.isEmpty()) return out;
        Map<Long, List<Integer>> classesOf = classObjectsByLoader(heap);
        for (Application app : apps) {
            long retained = 0;
            int biggest = app.loaders.get(0);
            long[] bytes = new long[app.loaders.size()];
            Map<String, List<Integer>> byPin = new LinkedHashMap<>();
            for (int i = 0; i < bytes.length; i++) {
                int loader = app.loaders.get(i);
                bytes[i] = loaderBytes(heap, dom, loader, classesOf.getOrDefault(heap.objectId(loader), List.of()));
                retained += bytes[i];
                if (bytes[i] > bytes[app.loaders.indexOf(biggest)]) biggest = loader;
                byPin.computeIfAbsent(pinOf(heap, paths, loader), k -> new ArrayList<>()).add(loader);
            }
            if (retained < threshold) continue;
            Map.Entry<String, List<Integer>> main = null;
            for (var e : byPin.entrySet()) {
                if (main == null || e.getValue().size() > main.getValue().size()) main = e;
            }
            String loaderClass = heap.classOfObject(biggest).name();
            int[] points = app.loaders.stream().mapToInt(Integer::intValue).toArray();
            Finding f = new Finding(Finding.Kind.CLASS_LOADERS, main.getKey(), "CLASS_LOADERS:" + loaderClass + ":" + app.exampleClass,
                    biggest, points, loaderClass, app.loaders.size(), retained, 0, 0);
            f.pointBytes = bytes;
            int more = app.duplicatedClasses - 1;
            String others = more == 0 ? " is" : " and " + more + (more == 1 ? " other class are" : " other classes are");
            f.detail = String.format("%s%s defined by %d class loaders (%s); %d of them pinned by %s", app.exampleClass, others,
                    app.loaders.size(), loaderClass, main.getValue().size(), main.getKey());
            f.summary = String.format("%d class loaders (%s) defining %s", app.loaders.size(), loaderClass, app.exampleClass);
            out.add(f);
        }
        return out;
    }

    /**
     * A loader and the classes it defined (with their static data): what a leaked deployment keeps alive. A class is
     * often not dominated by its loader (an instance held elsewhere, e.g. by the thread that pins the loader, refers
     * to it too), so the classes that are not under the loader in the dominator tree are added.
     */
    static long loaderBytes(HeapSnapshot heap, DominatorTree dom, int loader, List<Integer> classObjects) {
        java.util.Set<Integer> members = new java.util.HashSet<>(classObjects);
        members.add(loader);
        long bytes = dom.retainedSize(loader);
        for (int c : classObjects) {
            boolean under = false; // already counted with the loader or another of its classes
            for (int v = dom.idom(c), guard = 0; v >= 0 && guard < 10_000 && !under; v = dom.idom(v), guard++) {
                under = members.contains(v);
            }
            if (!under) bytes += dom.retainedSize(c);
        }
        return bytes;
    }

    private static Map<Long, List<Integer>> classObjectsByLoader(HeapSnapshot heap) {
        Map<Long, List<Integer>> out = new HashMap<>();
        for (int c = 0; c < heap.classCount(); c++) {
            HeapClass k = heap.heapClass(c);
            if (k.objectIndex() >= 0 && k.loaderId() != 0) out.computeIfAbsent(k.loaderId(), x -> new ArrayList<>()).add(k.objectIndex());
        }
        return out;
    }

    /** Loaders grouped by the class names they share (union-find over loader ids); groups of two or more loaders. */
    static List<Application> applications(HeapSnapshot heap) {
        Map<String, List<Long>> loadersOfName = new HashMap<>();
        // loader id -> its class's name, or null when the dump has no such object: one id lookup per loader, not per
        // class (once the lookups are released, each one reads a block of the index file)
        Map<Long, String> loaderClassOf = new HashMap<>();
        for (int c = 0; c < heap.classCount(); c++) {
            HeapClass k = heap.heapClass(c);
            if (k.objectIndex() < 0 || k.loaderId() == 0 || k.name().contains("/0x")) continue;
            String loaderClass = loaderClassOf.computeIfAbsent(k.loaderId(), id -> {
                int loader = heap.indexOfId(id);
                return loader < 0 ? null : heap.classOfObject(loader).name();
            });
            if (loaderClass == null) continue;
            // the JDK's own loaders are never redeployed (the application loader also defines the classes a test
            // copies into deployments); an application is redeployed with loaders of one class
            if (loaderClass.startsWith("jdk.internal.loader.")) continue;
            List<Long> l = loadersOfName.computeIfAbsent(loaderClass + " " + k.name(), x -> new ArrayList<>(1));
            if (!l.contains(k.loaderId())) l.add(k.loaderId());
        }
        Map<Long, Long> parent = new HashMap<>();
        for (List<Long> l : loadersOfName.values()) {
            if (l.size() < 2) continue;
            for (long id : l) parent.putIfAbsent(id, id);
            for (int i = 1; i < l.size(); i++) union(parent, l.get(0), l.get(i));
        }
        Map<Long, TreeSet<String>> names = new HashMap<>();
        for (var e : loadersOfName.entrySet()) {
            if (e.getValue().size() >= 2) {
                String className = e.getKey().substring(e.getKey().indexOf(' ') + 1);
                names.computeIfAbsent(find(parent, e.getValue().get(0)), k -> new TreeSet<>()).add(className);
            }
        }
        Map<Long, List<Integer>> members = new HashMap<>();
        for (long id : parent.keySet()) {
            int obj = heap.indexOfId(id);
            if (obj >= 0) members.computeIfAbsent(find(parent, id), k -> new ArrayList<>()).add(obj);
        }
        List<Application> out = new ArrayList<>();
        for (var e : members.entrySet()) {
            if (e.getValue().size() < 2) continue;
            TreeSet<String> n = names.get(e.getKey());
            e.getValue().sort(null);
            out.add(new Application(example(n), n.size(), e.getValue()));
        }
        out.sort(java.util.Comparator.comparing(Application::exampleClass));
        return out;
    }

    /** A top-level class (no '$') if there is one: "Startup" tells more than "Startup$1". */
    private static String example(TreeSet<String> names) {
        for (String n : names) if (!n.contains("$")) return n;
        return names.first();
    }

    private static long find(Map<Long, Long> parent, long x) {
        long r = x;
        while (parent.get(r) != r) r = parent.get(r);
        while (parent.get(x) != r) {
            long next = parent.get(x);
            parent.put(x, r);
            x = next;
        }
        return r;
    }

    private static void union(Map<Long, Long> parent, long a, long b) {
        long ra = find(parent, a), rb = find(parent, b);
        if (ra != rb) parent.put(Math.max(ra, rb), Math.min(ra, rb));
    }

    /**
     * What pins a loader: the last named field on its path from a GC root (a static list, a thread's
     * contextClassLoader), with the root when it is a thread ("GC root: thread "poller" → Thread.contextClassLoader").
     * Thread names lose their digits, so the threads of one kind read the same.
     */
    static String pinOf(HeapSnapshot heap, GcRootPaths paths, int loader) {
        List<PathStep> steps = paths.path(loader);
        if (steps.isEmpty()) return "no strong path (only weakly reachable)";
        String field = null;
        for (int i = steps.size() - 1; i >= 1 && field == null; i--) {
            String via = steps.get(i).via();
            if (via.startsWith("<") || via.startsWith("[")) continue;
            if (LeakSuspects.isInternalReference(via)) continue;
            field = via.startsWith("static ") ? via.substring(7) : via;
        }
        int root = steps.get(0).objectIndex();
        GcRootKind kind = paths.rootKindOf(root);
        String rootText;
        if (kind == GcRootKind.THREAD_OBJECT || SameClassDominators.isThread(heap, heap.classOf(root)) && !heap.isClassObject(root)) {
            rootText = "GC root: thread \"" + SameClassDominators.namePattern(SameClassDominators.threadName(heap, root)) + "\"";
        } else if (heap.isClassObject(root)) {
            rootText = "GC root: " + kind.label() + " " + steps.get(0).object();
        } else {
            rootText = "GC root: " + kind.label() + " " + heap.classOfObject(root).name();
        }
        if (field == null) return rootText;
        boolean throughThread = kind == GcRootKind.THREAD_OBJECT || rootText.startsWith("GC root: thread");
        return throughThread ? rootText + " → " + field : field;
    }
}
