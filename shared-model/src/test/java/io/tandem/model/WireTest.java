package io.tandem.model;

import io.tandem.model.signal.SignalKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireTest {

    @Test
    void shouldNameConstantsInKebabCase() {
        assertThat(SignalKind.CONFIGURATION_CHANGE.wire()).isEqualTo("configuration-change");
        assertThat(SignalKind.SECURITY.wire()).isEqualTo("security");
    }

    @Test
    void shouldParseWireNamesInAnyCase() {
        assertThat(Wire.parse(SignalKind.class, "configuration-change")).isEqualTo(SignalKind.CONFIGURATION_CHANGE);
        assertThat(Wire.parse(SignalKind.class, "Configuration-CHANGE")).isEqualTo(SignalKind.CONFIGURATION_CHANGE);
    }

    @Test
    void shouldNameTheAllowedValuesOfAnUnknownOne() {
        assertThatThrownBy(() -> Wire.parse(SignalKind.class, "configuration_change"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown SignalKind 'configuration_change', expected one of security, operational, "
                        + "vulnerability, configuration-change, availability");
        assertThatThrownBy(() -> Wire.parse(SignalKind.class, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
