package io.tandem.ingest.format;

import io.tandem.ingest.format.alertmanager.AlertmanagerParser;
import io.tandem.ingest.format.aws.AwsParser;
import io.tandem.ingest.format.cef.CefParser;
import io.tandem.ingest.format.cloudevents.CloudEventsParser;
import io.tandem.ingest.format.datadog.DatadogParser;
import io.tandem.ingest.format.elastic.ElasticParser;
import io.tandem.ingest.format.falco.FalcoParser;
import io.tandem.ingest.format.gcpscc.GcpSccParser;
import io.tandem.ingest.format.grafana.GrafanaParser;
import io.tandem.ingest.format.leef.LeefParser;
import io.tandem.ingest.format.ocsf.OcsfParser;
import io.tandem.ingest.format.opsgenie.OpsgenieParser;
import io.tandem.ingest.format.pagerduty.PagerDutyParser;
import io.tandem.ingest.format.qradar.QRadarParser;
import io.tandem.ingest.format.sentinel.SentinelParser;
import io.tandem.ingest.format.splunk.SplunkParser;
import io.tandem.ingest.format.suricata.SuricataParser;
import io.tandem.ingest.format.wazuh.WazuhParser;
import io.tandem.ingest.format.zabbix.ZabbixParser;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The format parsers Tandem ships, by format id (the {@code {format}} of {@code POST /api/v1/signals/{format}}). */
public final class BuiltinFormats {

    private static final List<FormatParser> ALL = List.of(
            new AlertmanagerParser(), new GrafanaParser(), new ElasticParser(), new SplunkParser(), new WazuhParser(),
            new SuricataParser(), new FalcoParser(), new AwsParser(), new GcpSccParser(), new SentinelParser(),
            new DatadogParser(), new ZabbixParser(), new CefParser(), new LeefParser(), new OcsfParser(),
            new QRadarParser(), new PagerDutyParser(), new OpsgenieParser(), new CloudEventsParser());

    private static final Map<String, FormatParser> BY_ID = index();

    /** Every built-in parser (stateless, shareable across threads). */
    public static List<FormatParser> all() {
        return ALL;
    }

    public static Map<String, FormatParser> byId() {
        return BY_ID;
    }

    public static Optional<FormatParser> find(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }

    private static Map<String, FormatParser> index() {
        Map<String, FormatParser> byId = new LinkedHashMap<>();
        for (FormatParser parser : ALL) {
            if (byId.put(parser.id(), parser) != null) {
                throw new IllegalStateException("two built-in parsers claim format id " + parser.id());
            }
        }
        return Collections.unmodifiableMap(byId);
    }

    private BuiltinFormats() {
    }
}
