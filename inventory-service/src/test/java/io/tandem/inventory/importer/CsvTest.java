package io.tandem.inventory.importer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTest {

    @Test
    void shouldReadQuotedFieldsWithCommasQuotesAndLineBreaks() {
        List<Csv.Line> lines = Csv.parse("name,tags\r\n\"a, b\",\"k=\"\"v\"\"\"\n\n\"multi\nline\",x\n");

        assertThat(lines).extracting(Csv.Line::cells).containsExactly(
                List.of("name", "tags"), List.of("a, b", "k=\"v\""), List.of("multi\nline", "x"));
        assertThat(lines).extracting(Csv.Line::number).containsExactly(1, 2, 4);
    }

    @Test
    void shouldNameTheLineOfMalformedInput() {
        assertThatThrownBy(() -> Csv.parse("a,b\n\"open,x\n")).hasMessageContaining("line 2").hasMessageContaining("never closed");
        assertThatThrownBy(() -> Csv.parse("a,b\nx\"y,z\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> Csv.parse("a,b\n\"x\"y,z\n")).hasMessageContaining("after a closing quote");
    }
}
