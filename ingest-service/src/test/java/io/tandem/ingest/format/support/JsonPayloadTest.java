package io.tandem.ingest.format.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.ingest.format.ParseException;
import io.tandem.model.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPayloadTest {

    @Test
    void shouldKeepAWholeDocumentAsTheBytesItCameIn() throws IOException {
        String document = "{ \"b\" : [1, 2.50, \"é \\u00e9 \\\"q\\\"\"],\n  \"a\" : {\"n\": null, \"big\": 1e400} }";
        byte[] payload = utf8("\n  " + document + " \r\n");

        Node root = JsonPayload.one(payload);

        assertThat(written(root.raw())).isEqualTo(document);
        assertThat(Json.mapper().readTree(written(root.raw()))).isEqualTo(Json.mapper().readTree(document));
        assertThat(root.text("b")).isNull();
        assertThat(root.get("b").elements()).hasSize(3);
    }

    @Test
    void shouldKeepEachDocumentOfAStreamAsItsOwnBytes() {
        byte[] payload = utf8("{\"n\":1}\n  {\"n\": 2, \"s\":\"x\"}\n[{\"n\":3}]\n");

        List<JsonPayload.Document> documents = JsonPayload.many(payload);

        assertThat(documents).extracting(d -> written(d.node().raw()))
                .containsExactly("{\"n\":1}", "{\"n\": 2, \"s\":\"x\"}", "[{\"n\":3}]");
        assertThat(documents).extracting(JsonPayload.Document::line).containsExactly(1, 2, 3);
    }

    @Test
    void shouldWriteAVerbatimDocumentInPlaceInsideAnotherDocument() throws IOException {
        ObjectNode outer = Json.mapper().createObjectNode().put("before", 1);
        outer.set("raw", JsonPayload.one(utf8("{\"x\": [true, false]}")).raw());
        outer.put("after", "z");

        assertThat(written(outer)).isEqualTo("{\"before\":1,\"raw\":{\"x\": [true, false]},\"after\":\"z\"}");
        assertThat(Json.mapper().readTree(written(outer)).at("/raw/x/1").booleanValue()).isFalse();
    }

    @Test
    void shouldKeepTheTreeWhenTheBytesAreNotPlainUtf8Json() {
        byte[] withByteOrderMark = utf8("\uFEFF{\"a\":1}");
        byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16BE);

        for (byte[] payload : List.of(withByteOrderMark, utf16)) {
            JsonNode raw = JsonPayload.one(payload).raw();
            assertThat(raw.isObject()).isTrue();
            assertThat(written(raw)).isEqualTo("{\"a\":1}");
        }
    }

    @Test
    void shouldKeepTheTreeOfAValueInsideADocument() {
        Node root = JsonPayload.one(utf8("{\"alerts\": [ {\"id\" :  7} ]}"));

        JsonNode alert = root.get("alerts").get(0).raw();

        assertThat(alert.isObject()).isTrue();
        assertThat(written(alert)).isEqualTo("{\"id\":7}");
    }

    @Test
    void shouldTellVerbatimDocumentsApartByContent() {
        JsonNode a = JsonPayload.one(utf8("{\"a\":1}")).raw();

        assertThat(a).isEqualTo(JsonPayload.one(utf8(" {\"a\":1}")).raw())
                .hasSameHashCodeAs(JsonPayload.one(utf8("{\"a\":1} ")).raw())
                .isNotEqualTo(JsonPayload.one(utf8("{\"a\":2}")).raw());
    }

    @Test
    void shouldRefuseTrailingContentAndEmptyPayloads() {
        assertThatThrownBy(() -> JsonPayload.one(utf8("{\"a\":1}}"))).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> JsonPayload.one(utf8(" \n "))).isInstanceOf(ParseException.class)
                .hasMessage("empty payload");
        assertThatThrownBy(() -> JsonPayload.many(utf8(""))).isInstanceOf(ParseException.class);
    }

    private static String written(JsonNode node) {
        return new String(Json.write(Map.of("v", node)), StandardCharsets.UTF_8)
                .replaceFirst("^\\{\"v\":", "").replaceFirst("}$", "");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
