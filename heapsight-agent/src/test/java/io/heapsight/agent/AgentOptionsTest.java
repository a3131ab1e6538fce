package io.heapsight.agent;

import io.heapsight.monitor.DumpThreshold;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentOptionsTest {
    @Test
    void noOptionsServeOnAllInterfacesAtTheJmxExportersPortWithoutDumps() {
        AgentOptions o = AgentOptions.parse(null);
        assertThat(o.host()).isEqualTo("0.0.0.0");
        assertThat(o.port()).isEqualTo(9404);
        assertThat(o.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.dumpAt()).isNull();
        assertThat(o.keep()).isEqualTo(3);
        assertThat(o.cooldown()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void theIssuesExampleLine() {
        AgentOptions o = AgentOptions.parse("port=9404,dumpAt=75%,dumpDir=/dumps,cooldown=2h,keep=5,interval=10s,warmup=5m");
        assertThat(o.dumpAt().percent()).isEqualTo(75);
        assertThat(o.dumpAt().base()).isEqualTo(DumpThreshold.Base.HEAP);
        assertThat(o.dumpAt().rearmPercent()).isEqualTo(60);
        assertThat(o.dumpDir()).isEqualTo(Path.of("/dumps"));
        assertThat(o.cooldown()).isEqualTo(Duration.ofHours(2));
        assertThat(o.keep()).isEqualTo(5);
        assertThat(o.warmup()).isEqualTo(Duration.ofMinutes(5));
        assertThat(AgentOptions.parse("dumpAt=90%container").dumpAt().base()).isEqualTo(DumpThreshold.Base.CONTAINER);
    }

    @Test
    void otlpIsOffUnlessACollectorIsNamedAndPushesEveryMinuteByDefault() {
        assertThat(AgentOptions.parse(null).otlp()).isNull();
        AgentOptions o = AgentOptions.parse("port=9404,otlp=http://collector:4318");
        assertThat(o.otlp()).isEqualTo("http://collector:4318/v1/metrics");
        assertThat(o.otlpInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(AgentOptions.parse("otlp=http://collector:4318,otlpInterval=15s").otlpInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThatThrownBy(() -> AgentOptions.parse("otlp=collector:4318")).hasMessageStartingWith("otlp needs the collector's http(s) address");
        assertThatThrownBy(() -> AgentOptions.parse("otlp=http://c:4318,otlpInterval=500ms")).hasMessage("otlpInterval must be at least 1s");
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> AgentOptions.parse("colour=blue")).hasMessageStartingWith("unknown option 'colour' (keys: host, port");
        assertThatThrownBy(() -> AgentOptions.parse("port=70000")).hasMessage("port must be 0..65535: 70000");
        assertThatThrownBy(() -> AgentOptions.parse("port")).hasMessageStartingWith("expected key=value, got 'port'");
        assertThatThrownBy(() -> AgentOptions.parse("keep=0")).hasMessage("keep must be 1..1000: 0");
        assertThatThrownBy(() -> AgentOptions.parse("interval=10ms")).hasMessage("interval must be at least 100ms");
        assertThatThrownBy(() -> AgentOptions.parse("dumpAt=lots")).hasMessageContaining("not a percentage");
    }
}
