import java.util.ArrayList;
import java.util.List;

/**
 * The workload the agent tests watch: `leak` keeps KB kilobytes every 100 ms in a static list (and churns garbage
 * so collections happen); `flat` only churns; `idle` does neither (for measuring the agent's own cost). Prints "ready PID" once running, then each second "kept BYTES at
 * NANOTIME" (the bytes it retains, for tests to compare with the agent's slope), runs SECONDS, then exits.
 * Usage: java [-javaagent:...] LeakyApp.java leak|flat SECONDS [KB]
 */
public class LeakyApp {
    static final List<byte[]> KEPT = new ArrayList<>();
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        boolean leak = args[0].equals("leak");
        boolean idle = args[0].equals("idle");
        long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        int kb = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        long kept = 0;
        long lastReport = System.nanoTime();
        while (System.nanoTime() < end) {
            if (leak) {
                KEPT.add(new byte[kb * 1024]);
                kept += kb * 1024L;
            }
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.println("kept " + kept + " at " + lastReport);
                System.out.flush();
            }
            if (!idle) for (int i = 0; i < 2_000; i++) sink = new byte[1024];
            Thread.sleep(100);
        }
    }
}
