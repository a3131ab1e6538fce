package io.heapsight.monitor;

import com.sun.management.GcInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.heapsight.common.ClassHistogram;
import io.heapsight.common.Collector;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A connection to a running JVM over JMX: by pid through the Attach API and the target's local management agent,
 * or by a JMX service URL. It reads only platform MXBeans and diagnostic commands that do not stop the target
 * (except the ones that are documented to, such as a live class histogram or a heap dump), and polls each
 * collector's last-GC info to learn the old generation's occupancy right after collections.
 */
public final class JvmTarget implements AutoCloseable {
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    private static final String LOCAL_CONNECTOR_ADDRESS = "com.sun.management.jmxremote.localConnectorAddress";

    private final long pid;
    private final boolean local;
    private final JMXConnector connector;
    private final MBeanServerConnection mbs;
    private final MemoryMXBean memory;
    private final RuntimeMXBean runtime;
    private final ThreadMXBean threads;
    private final java.lang.management.OperatingSystemMXBean os;
    private final ClassLoadingMXBean classLoading;
    private final List<MemoryPoolMXBean> pools;
    private final List<GarbageCollectorMXBean> collectors;
    private final List<BufferPoolMXBean> bufferPools;
    private final Set<String> heapPoolNames;
    private final String oldPoolName;
    private final String javaVersion;
    private final List<com.sun.management.GarbageCollectorMXBean> gcInfoBeans;
    private final Map<String, Long> lastGcIdByCollector = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<GcEvent> pendingEvents = new ConcurrentLinkedQueue<>();
    private final Map<String, String> lastCauseByCollector = new ConcurrentHashMap<>();
    private final java.nio.file.Path perfData;
    private final HeapAddressRange heapRange;       // null: unknown (remote, ZGC, JDK 8)
    private final HeapResidency heapResidency;      // null with heapRange
    private volatile GcEvent lastGc;
    boolean startedAgent;       // set by JvmAttach
    private volatile boolean totalAllocatedSupported = true;
    private long previousAllocated = -1;
    private long previousAllocatedAt = -1;

    JvmTarget(long pid, boolean local, JMXConnector connector) throws IOException {
        this.connector = connector;
        // no connector: this JVM itself (heapsight-agent), read through its platform MBeanServer
        this.mbs = connector != null ? connector.getMBeanServerConnection() : ManagementFactory.getPlatformMBeanServer();
        this.memory = ManagementFactory.getPlatformMXBean(mbs, MemoryMXBean.class);
        this.runtime = ManagementFactory.getPlatformMXBean(mbs, RuntimeMXBean.class);
        // proxies implement only the interface asked for: ask for the com.sun.management ones where the target has them
        this.threads = proxy(mbs, com.sun.management.ThreadMXBean.class, ThreadMXBean.class);
        this.os = proxy(mbs, com.sun.management.UnixOperatingSystemMXBean.class,
                com.sun.management.OperatingSystemMXBean.class, java.lang.management.OperatingSystemMXBean.class);
        this.classLoading = ManagementFactory.getPlatformMXBean(mbs, ClassLoadingMXBean.class);
        this.pools = ManagementFactory.getPlatformMXBeans(mbs, MemoryPoolMXBean.class);
        this.collectors = ManagementFactory.getPlatformMXBeans(mbs, GarbageCollectorMXBean.class);
        this.bufferPools = ManagementFactory.getPlatformMXBeans(mbs, BufferPoolMXBean.class);
        this.heapPoolNames = ConcurrentHashMap.newKeySet();
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() == MemoryType.HEAP) heapPoolNames.add(p.getName());
        }
        this.oldPoolName = OldGenPool.choose(heapPoolNames);
        this.pid = pid > 0 ? pid : runtime.getPid();
        this.local = local;
        this.javaVersion = runtime.getSpecVersion() + " (" + runtime.getVmVersion() + ")";
        // GC notifications are not used: the target's JMX connector keeps the last 1000 of them (~12 KB each with
        // every pool's usage) for its clients, which grew the old gen we measure by megabytes. The last GC of each
        // collector is polled instead, and its cause read from the perf-data file, both free for the target.
        this.gcInfoBeans = ManagementFactory.getPlatformMXBeans(mbs, com.sun.management.GarbageCollectorMXBean.class);
        this.perfData = local ? PerfData.fileOf(this.pid) : null;
        this.heapRange = local ? heapAddressRange() : null;
        this.heapResidency = heapRange != null ? HeapResidency.of(this.pid, heapRange) : null;
        pollGcs();
        pendingEvents.clear();      // what happened before we attached is not part of this watch
    }

    /**
     * Attaches to a local JVM by pid (Attach API), starts its local management agent and connects to it.
     * Checks first what can be known from outside, so failures come with a reason a user can act on.
     */
    public static JvmTarget attach(long pid) {
        // the Attach API lives in its own class: JvmTarget must load where jdk.attach is absent (heapsight-agent in a JRE)
        return JvmAttach.attach(pid);
    }

    /** This JVM itself, sampled from inside through its platform MBeanServer: what heapsight-agent watches. */
    public static JvmTarget inProcess() {
        try {
            return new JvmTarget(ProcessHandle.current().pid(), true, null);
        } catch (IOException e) {
            throw new AttachException("cannot read this JVM's platform MXBeans: " + e.getMessage(), e);
        }
    }

    /** Connects to a JVM's JMX agent: a full service URL, or host:port for the usual RMI connector. */
    public static JvmTarget connect(String jmx) {
        String url = jmx.startsWith("service:jmx:") ? jmx : "service:jmx:rmi:///jndi/rmi://" + jmx + "/jmxrmi";
        try {
            JMXServiceURL serviceUrl = new JMXServiceURL(url);
            JMXConnector c = JMXConnectorFactory.connect(serviceUrl);
            String host = serviceUrl.getHost();
            boolean local = url.contains("//localhost:") || url.contains("//127.0.0.1:") || host.equals("localhost")
                    || host.equals("127.0.0.1");
            return new JvmTarget(-1, local, c);
        } catch (java.net.MalformedURLException e) {
            throw new AttachException("not a JMX service URL or host:port: " + jmx);
        } catch (IOException | SecurityException e) {
            throw new AttachException("cannot connect to JMX at " + jmx + ": " + rootMessage(e), e);
        }
    }

    public long pid() {
        return pid;
    }

    /** True when the target runs on this machine, so /proc and the jcmd tool can reach it. */
    public boolean local() {
        return local && ProcFs.exists(pid);
    }

    public String javaVersion() {
        return javaVersion;
    }

    /** Name of the old-generation pool whose after-GC occupancy is the live-set signal (e.g. "G1 Old Gen"). */
    public String oldPoolName() {
        return oldPoolName;
    }

    public List<String> collectorNames() {
        return collectors.stream().map(GarbageCollectorMXBean::getName).toList();
    }

    public MBeanServerConnection connection() {
        return mbs;
    }

    public long maxHeapBytes() {
        long max = memory.getHeapMemoryUsage().getMax();
        if (max > 0) return max;
        long sum = 0;
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() == MemoryType.HEAP && p.getUsage().getMax() > 0) sum += p.getUsage().getMax();
        }
        return sum > 0 ? sum : -1;
    }

    public long heapUsedBytes() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * Heap occupancy right after the most recent GC this connection has seen, in bytes; -1 when none yet.
     * After {@link #forceGc()} (a full collection) this is the live set.
     */
    public long liveSetAfterGcBytes() {
        GcEvent gc = lastGc;
        return gc == null ? -1 : gc.heapAfter();
    }

    /** Old-generation occupancy right after the most recent GC seen; -1 when none yet. */
    public long oldGenAfterGcBytes() {
        GcEvent gc = lastGc;
        return gc == null ? -1 : gc.oldAfter();
    }

    public GcEvent lastGc() {
        return lastGc;
    }

    /**
     * Runs a full GC in the target (System.gc(), which is a full, stop-the-world collection) and waits up to
     * 10 s until the collectors report it, so {@link #liveSetAfterGcBytes()} then reflects it.
     *
     * @return the collection it caused, or null when none was reported within 10 s
     */
    public GcEvent forceGc() {
        GcEvent before = lastGc;
        memory.gc();
        long deadline = System.nanoTime() + 10_000_000_000L;
        pollGcs();
        while (lastGc == before && System.nanoTime() < deadline) {
            sleep(20);
            pollGcs();
        }
        return lastGc == before ? null : lastGc;
    }

    /** Reads the collectors' last-GC info now (e.g. right after a heap dump's full GC) and returns the most recent collection. */
    public GcEvent refreshLastGc() {
        pollGcs();
        return lastGc;
    }

    /**
     * False once a local target's process has exited; true while it runs, and for remote targets (unknowable from
     * here: a failed call tells).
     */
    public boolean alive() {
        if (!local) return true;
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * True when this attach started the target's local management agent (it was not running before). The JDK has
     * no way to stop it again: see docs/monitoring.md.
     */
    public boolean startedManagementAgent() {
        return startedAgent;
    }

    /** Collections that ended since the last call, oldest first. */
    public List<GcEvent> drainGcEvents() {
        List<GcEvent> out = new ArrayList<>();
        for (GcEvent e; (e = pendingEvents.poll()) != null; ) out.add(e);
        return out;
    }

    /** Takes one sample; every value the target cannot give is left unknown rather than failing the sample. */
    public Sample sample() {
        pollGcs();
        long uptime = runtime.getUptime();
        long wall = System.currentTimeMillis();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        List<PoolUsage> poolUsages = new ArrayList<>();
        long oldUsed = -1;
        long metaspace = -1;
        for (MemoryPoolMXBean p : pools) {
            MemoryUsage u = p.getUsage();
            if (u == null) continue;
            boolean isHeap = p.getType() == MemoryType.HEAP;
            poolUsages.add(new PoolUsage(p.getName(), isHeap, u.getUsed(), u.getCommitted(), u.getMax()));
            if (p.getName().equals(oldPoolName)) oldUsed = u.getUsed();
            if (p.getName().equals("Metaspace")) metaspace = u.getUsed();
        }
        List<CollectorTotals> totals = new ArrayList<>();
        long gcCount = 0;
        long gcTime = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            long c = gc.getCollectionCount();
            long t = gc.getCollectionTime();
            totals.add(new CollectorTotals(gc.getName(), c, t, lastCauseByCollector.getOrDefault(gc.getName(), "")));
            if (c > 0) gcCount += c;
            if (t > 0) gcTime += t;
        }
        long allocated = totalAllocatedBytes();
        double rate = Double.NaN;
        if (allocated >= 0 && previousAllocated >= 0 && uptime > previousAllocatedAt) {
            rate = (allocated - previousAllocated) * 1000.0 / (uptime - previousAllocatedAt);
        }
        if (allocated >= 0) {
            previousAllocated = allocated;
            previousAllocatedAt = uptime;
        }
        double cpuLoad = Double.NaN;
        long cpuTime = -1;
        long fds = -1;
        if (os instanceof com.sun.management.OperatingSystemMXBean sunOs) {
            cpuLoad = attempt(sunOs::getProcessCpuLoad, Double.NaN);
            cpuTime = attempt(sunOs::getProcessCpuTime, -1L);
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unixOs) {
            fds = attempt(unixOs::getOpenFileDescriptorCount, -1L);
        }
        long direct = -1;
        long mapped = -1;
        for (BufferPoolMXBean b : bufferPools) {
            if (b.getName().equals("direct")) direct = b.getMemoryUsed();
            if (b.getName().equals("mapped")) mapped = b.getMemoryUsed();
        }
        boolean local = local();
        long rss = local ? ProcFs.rssBytes(pid) : -1;
        long heapResident = local && rss >= 0 && heapResidency != null ? heapResidency.residentBytes() : -1;
        if (fds < 0 && local) fds = ProcFs.openFds(pid);
        GcEvent gc = lastGc;
        long maxHeap = heap.getMax() > 0 ? heap.getMax() : maxHeapBytes();
        return new Sample(uptime, wall, heap.getUsed(), heap.getCommitted(), maxHeap, List.copyOf(poolUsages), oldPoolName,
                oldUsed, gc == null ? -1 : gc.oldAfter(), gc == null ? -1 : gc.heapAfter(),
                List.copyOf(totals), gcCount, gcTime, allocated, rate,
                rss, heapResident, cpuLoad, cpuTime, threads.getThreadCount(), fds, direct, mapped,
                classLoading.getLoadedClassCount(), metaspace, nonHeap.getUsed(), drainGcEvents());
    }

    /** The heap's reserved addresses from GC.heap_info (JDK 9+), once: they do not move while the JVM runs. */
    private HeapAddressRange heapAddressRange() {
        try {
            long max = memory.getHeapMemoryUsage().getMax();
            return HeapAddressRange.parse(diagnosticCommand("gcHeapInfo"), max).orElse(null);
        } catch (RuntimeException e) {
            return null;        // an old JVM or a denied command: the committed heap stands in
        }
    }

    /** Where the heap's resident pages are counted, or null when they are not (the committed heap stands in). */
    public HeapAddressRange heapRange() {
        return heapRange;
    }

    /** Memory limit of the target's container (cgroup), or -1 when there is none or it is not visible from here. */
    public long containerMemoryLimit() {
        return local() ? ProcFs.cgroupMemoryLimit(pid) : -1;
    }

    /**
     * Runs a diagnostic command through the DiagnosticCommand MBean (the same commands as jcmd, named in camel
     * case: gcClassHistogram, vmNativeMemory, jfrDump, ...) and returns its text output.
     */
    public String diagnosticCommand(String operation, String... arguments) {
        try {
            Object out = mbs.invoke(new ObjectName(DIAGNOSTIC_COMMAND), operation, new Object[]{arguments},
                    new String[]{String[].class.getName()});
            return out == null ? "" : out.toString();
        } catch (Exception e) {
            throw new AttachException("diagnostic command " + operation + " failed in pid " + pid + ": " + rootMessage(e), e);
        }
    }

    /**
     * A class histogram. live=true first runs a full GC (a stop-the-world pause) so it counts reachable objects only;
     * live=false is cheaper and includes garbage.
     */
    public ClassHistogram classHistogram(boolean live) {
        String text = live ? diagnosticCommand("gcClassHistogram") : diagnosticCommand("gcClassHistogram", "-all");
        return ClassHistogram.parse(text);
    }

    /** Writes an uncompressed heap dump through HotSpotDiagnosticMXBean; the path must end in .hprof and not exist. */
    void dumpHeapViaJmx(String path, boolean live) throws IOException {
        HotSpotDiagnosticMXBean diag = ManagementFactory.getPlatformMXBean(mbs, HotSpotDiagnosticMXBean.class);
        diag.dumpHeap(path, live);
    }

    private long totalAllocatedBytes() {
        if (!(threads instanceof com.sun.management.ThreadMXBean sunThreads)) return -1;
        if (totalAllocatedSupported) {
            try {
                // read as an attribute: the method is not in Java 17's API (17.0.11+ has it), which this code compiles to
                return ((Number) mbs.getAttribute(new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME),
                        "TotalThreadAllocatedBytes")).longValue();
            } catch (Exception | LinkageError e) {
                // older JDK 17 updates have no such attribute; sum the live threads instead (misses exited threads)
                totalAllocatedSupported = false;
            }
        }
        try {
            long[] ids = sunThreads.getAllThreadIds();
            long sum = 0;
            for (long v : sunThreads.getThreadAllocatedBytes(ids)) {
                if (v > 0) sum += v;
            }
            return sum;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Records the last collection of each collector if it is new since the previous poll. Collections in between
     * (several per second on a busy small heap) are counted by the collectors' totals but not seen one by one.
     */
    private synchronized void pollGcs() {
        String cause = null;
        for (com.sun.management.GarbageCollectorMXBean bean : gcInfoBeans) {
            GcInfo gc;
            try {
                gc = bean.getLastGcInfo();
            } catch (RuntimeException e) {
                continue;
            }
            if (gc == null) continue;
            String name = bean.getName();
            Long previous = lastGcIdByCollector.put(name, gc.getId());
            if (previous != null && previous == gc.getId()) continue;
            if (cause == null) {
                String c = perfData == null ? null : PerfData.string(perfData, "sun.gc.lastCause");
                cause = c == null ? "" : c;
            }
            lastCauseByCollector.put(name, cause);
            Map<String, MemoryUsage> before = gc.getMemoryUsageBeforeGc();
            Map<String, MemoryUsage> after = gc.getMemoryUsageAfterGc();
            long heapAfter = heapUsed(after);
            String action = Collector.of(name).action();
            if (heapAfter <= 0) {
                // ZGC's "Pauses" beans report every pool at 0: a pause, not a collection result; keep its duration only
                pendingEvents.add(new GcEvent(gc.getEndTime(), name, action, cause, gc.getDuration(), -1, -1, -1, -1));
                continue;
            }
            GcEvent event = new GcEvent(gc.getEndTime(), name, action, cause, gc.getDuration(),
                    used(before, oldPoolName), used(after, oldPoolName), heapUsed(before), heapAfter);
            if (lastGc == null || event.endUptimeMillis() >= lastGc.endUptimeMillis()) lastGc = event;
            pendingEvents.add(event);
        }
    }

    private long heapUsed(Map<String, MemoryUsage> usage) {
        long sum = 0;
        boolean any = false;
        for (var e : usage.entrySet()) {
            if (heapPoolNames.contains(e.getKey())) {
                sum += e.getValue().getUsed();
                any = true;
            }
        }
        return any ? sum : -1;
    }

    private static long used(Map<String, MemoryUsage> usage, String pool) {
        if (pool == null) return -1;
        MemoryUsage u = usage.get(pool);
        return u == null ? -1 : u.getUsed();
    }

    @Override
    public void close() {
        if (connector == null) return;
        try {
            connector.close();
        } catch (IOException e) {
            // nothing left to release on our side
        }
    }

    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }

    @SafeVarargs
    private static <T extends java.lang.management.PlatformManagedObject> T proxy(MBeanServerConnection mbs,
                                                                                Class<? extends T>... preferred) {
        IllegalArgumentException last = null;
        for (Class<? extends T> type : preferred) {
            try {
                T bean = ManagementFactory.getPlatformMXBean(mbs, type);
                // a proxy for an interface the remote bean does not implement fails only on first use
                if (!mbs.isInstanceOf(bean.getObjectName(), type.getName())) continue;
                return bean;
            } catch (IllegalArgumentException e) {
                last = e;
            } catch (IOException | javax.management.InstanceNotFoundException e) {
                last = new IllegalArgumentException(e);
            }
        }
        throw last != null ? last : new IllegalArgumentException("no platform MXBean of " + preferred[preferred.length - 1]);
    }

    private static <T> T attempt(java.util.function.Supplier<T> s, T fallback) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
