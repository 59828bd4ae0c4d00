package io.tandem.ingest.format.support;

import io.tandem.model.signal.ObservableType;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TextFormatsTest {

    @Test
    void shouldSplitSpacedKeyValuesWithEscapesAndSpacesInValues() {
        var pairs = KeyValues.spaced("msg=a b\\=c d\\\\e src=10.0.0.1 cs1= cs1Label=My Label act=x\\ny");
        assertThat(pairs).containsEntry("msg", "a b=c d\\e").containsEntry("src", "10.0.0.1").containsEntry("cs1", "")
                .containsEntry("cs1Label", "My Label").containsEntry("act", "x\ny");
    }

    @Test
    void shouldReadSyslogHeaders() {
        Instant ref = Instant.parse("2025-06-01T12:00:00Z");
        var rfc3164 = Syslog.split("<134>Feb  3 10:00:00 fw-1 CEF:0|a", "CEF:", ref);
        assertThat(rfc3164.host()).isEqualTo("fw-1");
        assertThat(rfc3164.time()).isEqualTo(Instant.parse("2025-02-03T10:00:00Z"));
        assertThat(rfc3164.record()).isEqualTo("CEF:0|a");
        var rfc5424 = Syslog.split("<13>1 2024-01-18T11:07:53.520+07:00 myhost app - - - LEEF:1.0|x", "LEEF:", ref);
        assertThat(rfc5424.host()).isEqualTo("myhost");
        assertThat(rfc5424.time()).isEqualTo(Instant.parse("2024-01-18T04:07:53.520Z"));
        assertThat(Syslog.split("no marker", "CEF:", ref)).isNull();
    }

    @Test
    void shouldClassifyIndicatorsTextually() {
        assertThat(Observables.isIp("fe80:110:8897:efab:9202:b3ff:fe1e:8329")).isTrue();
        assertThat(Observables.isIp("::1")).isTrue();
        assertThat(Observables.isIp("12:a9:86:6c:77:de")).isFalse();
        assertThat(Observables.isIp("256.1.1.1")).isFalse();
        assertThat(Observables.isIp("x.x.250.50")).isFalse();
        assertThat(Observables.classify("12:a9:86:6c:77:de")).isEqualTo(ObservableType.MAC);
        assertThat(Observables.classify("d41d8cd98f00b204e9800998ecf8427e")).isEqualTo(ObservableType.FILE_HASH);
        assertThat(Observables.classify("https://x.example/a")).isEqualTo(ObservableType.URL);
        assertThat(Observables.classify("a@b.example")).isEqualTo(ObservableType.EMAIL);
        assertThat(Observables.classify("plain words")).isNull();
        assertThat(Observables.internalEnd("203.0.113.1", "10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(Observables.internalEnd("192.168.1.5", "8.8.8.8")).isEqualTo("192.168.1.5");
    }

    @Test
    void shouldRecognizeTacticsInEverySpelling() {
        assertThat(Attack.tactic("DEFENSE_EVASION").tacticId()).isEqualTo("TA0005");
        assertThat(Attack.tactic("InitialAccess").tacticId()).isEqualTo("TA0001");
        assertThat(Attack.tactic("mitre_command_and_control").tacticId()).isEqualTo("TA0011");
        assertThat(Attack.tactic("Stealth")).isNull();
        assertThat(Attack.techniquesIn("[\"Spearphishing Attachment (T1566.001)\"]"))
                .extracting(a -> a.techniqueId() + "=" + a.technique()).containsExactly("T1566.001=Spearphishing Attachment");
    }
}
