package io.heapsight.monitor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Attach failures come with their cause, and a process that is not a JVM is never signalled. */
class AttachFailuresTest {

    @Test
    void noSuchProcess() {
        // pid_max on Linux is at most 2^22; this pid cannot exist
        assertThatThrownBy(() -> JvmTarget.attach(4_999_999)).isInstanceOf(AttachException.class)
                .hasMessageContaining("no process with pid 4999999");
    }

    @Test
    void notAJvmIsRefusedWithoutTouchingIt() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Thread.sleep(200);
            assertThatThrownBy(() -> JvmTarget.attach(sleep.pid())).isInstanceOf(AttachException.class)
                    .hasMessageContaining("is not a HotSpot JVM");
            // attaching would have sent SIGQUIT, which kills `sleep`
            assertThat(sleep.isAlive()).isTrue();
        } finally {
            sleep.destroy();
            sleep.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void attachDisabled() throws Exception {
        try (TargetJvm jvm = TargetJvm.start(17, "idle", "-Xmx32m", "-XX:+DisableAttachMechanism")) {
            assertThatThrownBy(() -> JvmTarget.attach(jvm.pid)).isInstanceOf(AttachException.class)
                    .hasMessageContaining("-XX:+DisableAttachMechanism");
        }
    }

    @Test
    void selfIsRefused() {
        assertThatThrownBy(() -> JvmTarget.attach(ProcessHandle.current().pid())).isInstanceOf(AttachException.class)
                .hasMessageContaining("heapsight itself");
    }

    @Test
    void badJmxUrl() {
        assertThatThrownBy(() -> JvmTarget.connect("127.0.0.1:1")).isInstanceOf(AttachException.class)
                .hasMessageContaining("cannot connect to JMX at 127.0.0.1:1");
    }
}
