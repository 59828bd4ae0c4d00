package io.tandem.ingest.format.support;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tandem.model.json.Json;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SignalIdsTest {

    @Test
    void shouldComputeRfcVersion5Uuids() {
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(SignalIds.nameBased(dns, "python.org")).isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
        UUID id = SignalIds.of("cef", "event-1");
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void shouldBeDeterministicPerFormatAndKey() {
        assertThat(SignalIds.of("cef", "event-1")).isEqualTo(SignalIds.of("cef", "event-1"))
                .isNotEqualTo(SignalIds.of("leef", "event-1"))
                .isNotEqualTo(SignalIds.of("cef", "event-2"));
        assertThat(SignalIds.hash("ab", "c")).isNotEqualTo(SignalIds.hash("a", "bc")).hasSize(32);
    }

    @Test
    void shouldHashJsonContentIndependentlyOfKeyOrderAndWhitespace() throws Exception {
        var a = Json.mapper().readTree("{\"b\":[1,{\"y\":2,\"x\":1}],\"a\":\"s\"}");
        var b = Json.mapper().readTree("{ \"a\" : \"s\", \"b\" : [1, {\"x\":1, \"y\":2}] }");
        var c = Json.mapper().readTree("{\"a\":\"s\",\"b\":[{\"x\":1,\"y\":2},1]}");
        assertThat(SignalIds.contentHash(a)).isEqualTo(SignalIds.contentHash(b)).isNotEqualTo(SignalIds.contentHash(c));
    }

    @Test
    void shouldHashTheJsonTextJacksonWritesSoIssuedIdsStayTheSame() throws Exception {
        // Keys already in order: the canonical form is then exactly the tree's compact JSON text.
        var tree = Json.mapper().readTree("""
                {"a":"quote \\" backslash \\\\ slash / tab \\t nl \\n ctl \\u0001 é € 😀","b":-12345678901234,\
                "c":1.5e-7,"d":true,"e":null,"f":[0,"x",false,{"g":2.0}],"h":{}}""");
        assertThat(SignalIds.contentHash(tree)).isEqualTo(SignalIds.hash(tree.toString()));
    }

    @Test
    void shouldEscapeExactlyWhatJacksonEscapes() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String text = "a" + (char) c + "b";
            boolean jacksonEscapes = !String.valueOf(JsonStringEncoder.getInstance().quoteAsString(text)).equals(text);
            assertThat(SignalIds.needsEscape(text)).as("U+%04X", (int) c).isEqualTo(jacksonEscapes);
        }
        assertThat(SignalIds.needsEscape("\uD83D\uDE00 é")).isFalse();
    }
}
