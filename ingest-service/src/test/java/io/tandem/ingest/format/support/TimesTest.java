package io.tandem.ingest.format.support;

import io.tandem.ingest.format.ParseException;
import io.tandem.model.json.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimesTest {

    private static final Instant REF = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void shouldReadIsoVariants() {
        assertThat(Times.parse("2018-03-07T06:33:21.873077559-05:00")).isEqualTo(Instant.parse("2018-03-07T11:33:21.873077559Z"));
        assertThat(Times.parse("2015-07-17T08:42:58.315+0000")).isEqualTo(Instant.parse("2015-07-17T08:42:58.315Z"));
        assertThat(Times.parse("2009-11-24T21:27:09.534255")).isEqualTo(Instant.parse("2009-11-24T21:27:09.534255Z"));
        assertThat(Times.parse("2025-02-03 13:32:12+00:00")).isEqualTo(Instant.parse("2025-02-03T13:32:12Z"));
        assertThat(Times.parse("0001-01-01T00:00:00Z")).isNull();
        assertThat(Times.parse("yesterday")).isNull();
    }

    @Test
    void shouldReadCompactOffsetsAsTheColonFormReadsThem() {
        assertThat(Times.parse("2024-05-01T12:30:00.000+0230")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(Times.parse("2024-05-01T07:00:00-0300")).isEqualTo(Times.parse("2024-05-01T07:00:00-03:00"));
        assertThat(Times.parse("2024-05-01T10:00:00-0000")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(Times.parse("2024-05-01T10:00:00+0060")).as("minutes past 59").isNull();
        assertThat(Times.parse("2024-05-01T10:00:00+1900")).as("beyond 18 hours").isNull();
    }

    @Test
    void shouldTellEpochUnitsApartByMagnitude() {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        assertThat(Times.parse("1714557600")).isEqualTo(t);
        assertThat(Times.parse("1714557600000")).isEqualTo(t);
        assertThat(Times.parse("1714557600000000")).isEqualTo(t);
        assertThat(Times.parse("1714557600000000000")).isEqualTo(t);
        assertThat(Times.parse("1714557600.25")).isEqualTo(t.plusMillis(250));
        assertThat(Times.epoch(new BigDecimal("-5"))).isNull();
    }

    @Test
    void shouldReadSyslogStyleTimes() {
        assertThat(Times.syslog("Oct 16 2020 14:36:29 UTC", ZoneOffset.UTC, REF)).isEqualTo(Instant.parse("2020-10-16T14:36:29Z"));
        assertThat(Times.syslog("Jan 17 2020 08:52:10", ZoneOffset.UTC, REF)).isEqualTo(Instant.parse("2020-01-17T08:52:10Z"));
        assertThat(Times.syslog("Apr 19 10:29:53", ZoneOffset.UTC, REF)).isEqualTo(Instant.parse("2025-04-19T10:29:53Z"));
        assertThat(Times.syslog("Dec 31 23:00:00", ZoneOffset.UTC, REF)).as("previous year").isEqualTo(Instant.parse("2024-12-31T23:00:00Z"));
        assertThat(Times.syslog("Feb 30 2020 10:00:00", ZoneOffset.UTC, REF)).isNull();
    }

    @Test
    void shouldFailFieldsThatArePresentButUnreadable() throws Exception {
        Node node = Node.root(Json.mapper().readTree("{\"a\":\"nope\",\"b\":{},\"c\":\"0001-01-01T00:00:00Z\",\"d\":1714557600000}"));
        assertThatThrownBy(() -> Times.field(node, "a")).isInstanceOfSatisfying(ParseException.class,
                e -> assertThat(e.field()).isEqualTo("/a"));
        assertThatThrownBy(() -> Times.field(node, "b")).isInstanceOf(ParseException.class);
        assertThat(Times.field(node, "c")).isNull();
        assertThat(Times.field(node, "missing")).isNull();
        assertThat(Times.field(node, "d")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    }
}
