package io.tandem.model.asset;

import io.tandem.model.signal.AssetRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifiersTest {

    private static List<String> keys(IdentifierType type, String value) {
        return Identifiers.keys(new Identifier(type, value)).stream().map(Identifiers.Key::key).toList();
    }

    @Test
    void shouldMatchAnFqdnWithItsShortHostNameWhateverTheCase() {
        assertThat(keys(IdentifierType.FQDN, "WEB-01.corp.example.")).containsExactly("fqdn:web-01.corp.example", "host:web-01");
        assertThat(keys(IdentifierType.HOSTNAME, "Web-01")).containsExactly("host:web-01");
    }

    @Test
    void shouldNormalizeIpv6FormsToOneKey() {
        assertThat(keys(IdentifierType.IP, "2001:DB8:0:0::15")).containsExactly("ip:2001:db8::15");
        assertThat(keys(IdentifierType.IP, "2001:0db8:0000:0000:0000:0000:0000:0015")).containsExactly("ip:2001:db8::15");
        assertThat(keys(IdentifierType.IP, "[2001:db8::15]")).containsExactly("ip:2001:db8::15");
        assertThat(keys(IdentifierType.IP, "2001:db8:0:1:0:0:0:1")).containsExactly("ip:2001:db8:0:1::1");
        assertThat(keys(IdentifierType.IP, "::ffff:10.0.0.1")).containsExactly("ip:10.0.0.1");
        assertThat(keys(IdentifierType.IP, "010.020.001.015")).containsExactly("ip:10.20.1.15");
    }

    @Test
    void shouldNormalizeMacSeparators() {
        assertThat(keys(IdentifierType.MAC, "AA-BB-CC-DD-EE-0F")).containsExactly("mac:aa:bb:cc:dd:ee:0f");
        assertThat(keys(IdentifierType.MAC, "aabb.ccdd.ee0f")).containsExactly("mac:aa:bb:cc:dd:ee:0f");
    }

    @Test
    void shouldRejectMalformedValuesWithoutResolvingNames() {
        assertThatThrownBy(() -> keys(IdentifierType.IP, "web-01")).hasMessageContaining("not a valid IP");
        assertThatThrownBy(() -> keys(IdentifierType.IP, "300.1.1.1")).hasMessageContaining("not a valid IP");
        assertThatThrownBy(() -> keys(IdentifierType.IP, "2001:db8::g")).hasMessageContaining("not a valid IP");
        assertThatThrownBy(() -> keys(IdentifierType.MAC, "aa:bb")).hasMessageContaining("MAC");
        assertThatThrownBy(() -> keys(IdentifierType.HOSTNAME, "web 01")).hasMessageContaining("host name");
        assertThatThrownBy(() -> keys(IdentifierType.FQDN, "web-01")).hasMessageContaining("fully qualified");
    }

    @Test
    void shouldReadTheIdentifiersOfASignalTreatingAnIpInTheHostFieldAsIp() {
        assertThat(Identifiers.of(new AssetRef("10.0.0.7", "10.0.0.7", null, null, null)))
                .extracting(Identifier::type).containsOnly(IdentifierType.IP);
        assertThat(Identifiers.of(new AssetRef("WEB-01.corp.example", null, "i-0abc", null, null)))
                .extracting(Identifier::type).containsExactly(IdentifierType.CLOUD_RESOURCE_ID, IdentifierType.FQDN);
    }

    @Test
    void shouldPreferARegisteredKeyOverADerivedOne() {
        List<Identifiers.Key> keys = Identifiers.keys(List.of(
                new Identifier(IdentifierType.FQDN, "web-01.corp.example"), new Identifier(IdentifierType.HOSTNAME, "WEB-01")));

        assertThat(keys).extracting(Identifiers.Key::key).containsExactly("fqdn:web-01.corp.example", "host:web-01");
        assertThat(keys.get(1).derived()).isFalse();
    }
}
