package io.tandem.model.signal;

import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeverityTest {

    @Test
    void shouldDeriveTheOcsfCaptionFromTheId() {
        Severity parsed = Json.read("{\"id\":4,\"name\":\"whatever\"}".getBytes(), Severity.class);

        assertThat(parsed).isEqualTo(Severity.HIGH);
        assertThat(parsed.name()).isEqualTo("High");
    }

    @Test
    void shouldRejectIdsOutsideTheOcsfScale() {
        assertThatThrownBy(() -> Json.read("{\"id\":7}".getBytes(), Severity.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("OCSF severity_id");
    }

    @Test
    void shouldOrderOtherBelowInformational() {
        assertThat(Severity.CRITICAL.atLeast(Severity.HIGH)).isTrue();
        assertThat(Severity.MEDIUM.atLeast(Severity.HIGH)).isFalse();
        assertThat(Severity.OTHER.atLeast(Severity.INFORMATIONAL)).isFalse();
    }

    @Test
    void shouldKeyByTheMostSpecificAssetIdentifier() {
        assertThat(new AssetRef("WEB-01", "10.0.0.1", null, null, null).key()).isEqualTo("web-01");
        assertThat(new AssetRef("web-01", null, "arn:aws:ec2:x", null, null).key()).isEqualTo("arn:aws:ec2:x");
        assertThat(new AssetRef(null, "10.0.0.1", null, "shop", null).key()).isEqualTo("10.0.0.1");
        assertThat(AssetRef.UNKNOWN.key()).isNull();
    }
}
