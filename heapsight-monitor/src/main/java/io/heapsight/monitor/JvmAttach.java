package io.heapsight.monitor;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;

/**
 * Attaches to a local JVM by pid (Attach API), starts its local management agent and connects to it. Apart from
 * {@link JvmTarget} because the verifier loads the Attach API's classes for any class that catches its exceptions,
 * and the jdk.attach module is missing from JRE and jlinked images where heapsight-agent runs JvmTarget in-process.
 */
final class JvmAttach {
    private JvmAttach() {}

    /** Checks first what can be known from outside, so failures come with a reason a user can act on. */
    private static final String LOCAL_CONNECTOR_ADDRESS = "com.sun.management.jmxremote.localConnectorAddress";

    static JvmTarget attach(long pid) {
        AttachPreflight.check(pid);
        String address = null;
        boolean agentStarted = false;
        AttachNotSupportedException lastRefusal = null;
        IOException lastIo = null;
        // one retry for a quick refusal (a JVM still starting); a 10 s attach timeout is not worth repeating
        for (int attempt = 0; attempt < 2 && address == null; attempt++) {
            if (attempt > 0) JvmTarget.sleep(1000);
            long started = System.nanoTime();
            try {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
                try {
                    // already running (started by the target itself or an earlier tool) or started by us now
                    agentStarted = vm.getAgentProperties().getProperty(LOCAL_CONNECTOR_ADDRESS) == null;
                    address = vm.startLocalManagementAgent();
                } finally {
                    vm.detach();
                }
            } catch (AttachNotSupportedException e) {
                lastRefusal = e;
            } catch (IOException e) {
                lastIo = e;
            }
            if (System.nanoTime() - started > 5_000_000_000L) break;
        }
        if (address == null) {
            throw AttachPreflight.explain(pid, lastRefusal != null ? lastRefusal : lastIo);
        }
        try {
            JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address));
            JvmTarget target = new JvmTarget(pid, true, c);
            target.startedAgent = agentStarted;
            return target;
        } catch (IOException e) {
            throw new AttachException("attached to pid " + pid + " but could not connect to its management agent: " + e.getMessage(), e);
        }
    }
}
