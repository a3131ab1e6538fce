package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A benchmark shape with tens of thousands of classes: {@code ManyClassesHeap --objects 30m} (30,000 classes at 30m;
 * N/1000 classes, at least 100 and at most 50,000).
 *
 * <p>The classes are copies of {@link GeneratedType00000}'s class file under new names ("GeneratedType00042"):
 * half defined as hidden classes through a Lookup (what lambdas, LambdaForms and bytecode-generating frameworks
 * make), half defined by "plugin" class loaders of 100 classes each (what script engines, JSP containers and
 * redeployed applications make). Shares of the object budget:
 * <ul>
 *   <li>50% instances spread unevenly over the classes (1 to 2x the mean per class), chained per class, the chain
 *       heads in a static list; a registry HashMap from class name to class</li>
 *   <li>50% the customer/order domain ({@link CustomerDomain})</li>
 * </ul>
 * Facts: "classes.generated", "classes.hidden", "classes.loaded", "loaders", "objects.instances", ...
 */
public final class ManyClassesHeap {
    static final List<Object> CHAIN_HEADS = new ArrayList<>();
    static final Map<String, Class<?>> REGISTRY = new HashMap<>();
    static final List<ClassLoader> PLUGINS = new ArrayList<>();

    private static final String TEMPLATE = "GeneratedType00000";
    private static final int CLASSES_PER_LOADER = 100;

    private ManyClassesHeap() {}

    /** A plugin's class loader: defines the renamed copies itself; everything else comes from the parent. */
    static final class PluginLoader extends ClassLoader {
        PluginLoader(int n, ClassLoader parent) {
            super("plugin-" + n, parent);
        }

        Class<?> define(String name, byte[] classFile) {
            return defineClass(name, classFile, 0, classFile.length);
        }
    }

    public static void main(String[] args) throws Exception {
        long target = RealisticHeap.parseObjects(args);
        SplittableRandom random = new SplittableRandom(42);
        int classes = classesFor(target);
        byte[] template = templateClassFile();
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        String packageName = ManyClassesHeap.class.getPackageName();

        long perClass = Math.max(1, target / 2 / classes);
        long instances = 0;
        int hidden = 0;
        PluginLoader loader = null;
        for (int k = 1; k <= classes; k++) {
            String simple = String.format(Locale.ROOT, "GeneratedType%05d", k);
            byte[] bytes = renamed(template, simple);
            Class<?> c;
            if (k % 2 == 0) {
                c = lookup.defineHiddenClass(bytes, true).lookupClass();
                hidden++;
            } else {
                if (loader == null || (k / 2) % CLASSES_PER_LOADER == 0) {
                    loader = new PluginLoader(PLUGINS.size(), ManyClassesHeap.class.getClassLoader());
                    PLUGINS.add(loader);
                }
                c = loader.define(packageName + "." + simple, bytes);
            }
            Constructor<?> ctor = c.getDeclaredConstructor();
            long count = 1 + random.nextLong(2 * perClass - 1); // 1 .. 2*mean-1
            Object head = null;
            for (long i = 0; i < count; i++) {
                GeneratedShape o = (GeneratedShape) ctor.newInstance();
                o.fill(head, i, simple);
                head = o;
            }
            CHAIN_HEADS.add(head);
            REGISTRY.put(c.getName(), c);
            instances += count;
        }
        long customers = CustomerDomain.build(Math.max(0, target - instances), random);

        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("objects.target", Long.toString(target));
        facts.put("classes.generated", Integer.toString(classes));
        facts.put("classes.hidden", Integer.toString(hidden));
        facts.put("classes.loaded", Integer.toString(classes - hidden));
        facts.put("loaders", Integer.toString(PLUGINS.size()));
        facts.put("objects.instances", Long.toString(instances));
        facts.put("objects.customers", Long.toString(customers));
        ScenarioSupport.dumpNow(facts);
    }

    /** N/1000 classes, at least 100, at most 50,000. */
    static int classesFor(long objects) {
        return (int) Math.max(100, Math.min(50_000, objects / 1000));
    }

    private static byte[] templateClassFile() throws IOException {
        String resource = "/" + ManyClassesHeap.class.getPackageName().replace('.', '/') + "/" + TEMPLATE + ".class";
        try (InputStream in = ManyClassesHeap.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("class file " + resource + " not found");
            return in.readAllBytes();
        }
    }

    /** The class file with every occurrence of the template's simple name replaced by one of the same length. */
    static byte[] renamed(byte[] classFile, String simpleName) {
        byte[] from = TEMPLATE.getBytes(StandardCharsets.US_ASCII);
        byte[] to = simpleName.getBytes(StandardCharsets.US_ASCII);
        if (to.length != from.length) throw new IllegalArgumentException("name must have " + from.length + " characters");
        byte[] out = classFile.clone();
        outer:
        for (int i = 0; i + from.length <= out.length; i++) {
            for (int j = 0; j < from.length; j++) {
                if (out[i + j] != from[j]) continue outer;
            }
            System.arraycopy(to, 0, out, i, to.length);
            i += from.length - 1;
        }
        return out;
    }
}
