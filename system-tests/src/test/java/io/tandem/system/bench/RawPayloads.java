package io.tandem.system.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The benchmark's format mix: record {@code i} is in format {@code i mod F}, each built-in format equally often.
 * Alertmanager, CEF, Falco, Suricata and AWS GuardDuty payloads are generated with a unique id per record (hosts,
 * addresses and severities vary too), the way a busy fleet sends them; every other format repeats the example that
 * {@code GET /api/v1/formats} lists for it. Record {@code i} is always the same bytes, so both measured paths carry
 * identical data.
 */
final class RawPayloads {

    /** One format of the mix, and how many signals one of its payloads yields (probed against ingest). */
    record Format(String id, LongFunction<byte[]> payload, int signalsPerRecord, boolean generated) {
    }

    private static final long BASE_MILLIS = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();
    private static final String[] SEVERITIES = {"critical", "warning", "info", "warning", "high"};

    private final List<Format> formats;

    RawPayloads(List<Format> formats) {
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("no formats in the mix");
        }
        this.formats = List.copyOf(formats);
    }

    List<Format> formats() {
        return formats;
    }

    Format format(long i) {
        return formats.get((int) (i % formats.size()));
    }

    /** Signals that records {@code first..first+n-1} yield together. */
    long signals(long first, long n) {
        long total = 0;
        for (long i = first; i < first + n; i++) {
            total += format(i).signalsPerRecord();
        }
        return total;
    }

    /** Mean payload size over one full turn of the mix, a few times over. */
    double averageBytes() {
        int sample = formats.size() * 40;
        long bytes = 0;
        for (long i = 0; i < sample; i++) {
            bytes += format(i).payload().apply(i).length;
        }
        return (double) bytes / sample;
    }

    /** Generated payloads for the formats that have a generator here, the listed example for the others. */
    static List<Format> candidates(Map<String, String> examples, String run) {
        List<Format> list = new ArrayList<>();
        for (Map.Entry<String, String> example : examples.entrySet()) {
            LongFunction<byte[]> generator = generator(example.getKey(), run);
            byte[] bytes = example.getValue().getBytes(StandardCharsets.UTF_8);
            list.add(new Format(example.getKey(), generator != null ? generator : i -> bytes, 0, generator != null));
        }
        return list;
    }

    private static LongFunction<byte[]> generator(String format, String run) {
        return switch (format) {
            case "alertmanager" -> i -> alertmanager(run, i);
            case "cef" -> i -> cef(run, i);
            case "falco" -> i -> falco(run, i);
            case "suricata" -> i -> suricata(run, i);
            case "aws" -> i -> guardDuty(run, i);
            default -> null;
        };
    }

    private static byte[] alertmanager(String run, long i) {
        String host = "node-" + (i % 250);
        String time = time(i);
        return utf8("""
                {"version":"4","groupKey":"{}:{alertname=\\"HighCpuLoad\\"}","status":"firing","receiver":"tandem",\
                "groupLabels":{"alertname":"HighCpuLoad"},"commonLabels":{"alertname":"HighCpuLoad","job":"node"},\
                "commonAnnotations":{},"externalURL":"http://alertmanager:9093","truncatedAlerts":0,\
                "alerts":[{"status":"firing","labels":{"alertname":"HighCpuLoad","instance":"%s.prod.internal:9100",\
                "job":"node","severity":"%s","env":"prod","team":"platform"},\
                "annotations":{"summary":"CPU load above 90%% on %s","runbook_url":"https://runbooks.example/cpu"},\
                "startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",\
                "generatorURL":"http://prometheus:9090/graph?g0.expr=node_load1","fingerprint":"%s%08x"}]}
                """.formatted(host, SEVERITIES[(int) (i % SEVERITIES.length)], host, time, run, i));
    }

    private static byte[] cef(String run, long i) {
        return utf8(("<134>May 01 10:00:00 fw-%d CEF:0|Fortinet|FortiGate-100F|7.2.5|%d|IPS: Suspicious outbound "
                + "connection|%d|rt=%d src=10.%d.%d.%d dst=203.0.113.%d spt=%d dpt=443 proto=TCP suser=user%d "
                + "externalId=%s-%d cs1Label=policy cs1=outbound-default act=blocked "
                + "request=https://c2-%d.bad.example/beacon msg=outbound beacon to a known C2 host\n")
                .formatted(i % 8, 13000 + i % 40, 3 + i % 7, BASE_MILLIS + i, i % 4, (i / 4) % 256, i % 254 + 1,
                        i % 254 + 1, 40000 + i % 20000, i % 500, run, i, i % 97));
    }

    private static byte[] falco(String run, long i) {
        return utf8("""
                {"uuid":"%s-0000-4000-8000-%012x","time":"%s","priority":"%s","rule":"Terminal shell in container",\
                "output":"A shell was spawned in a container with an attached terminal (user=root container_id=c%d)",\
                "output_fields":{"container.id":"c%d","proc.cmdline":"bash -i","proc.name":"bash","user.name":"root",\
                "k8s.ns.name":"shop","k8s.pod.name":"cart-%d"},"hostname":"k8s-node-%d","source":"syscall",\
                "tags":["container","shell","mitre_execution","T1059"]}
                """.formatted(run, i, time(i), i % 3 == 0 ? "Critical" : "Warning", i % 1000, i % 1000, i % 300,
                i % 40));
    }

    private static byte[] suricata(String run, long i) {
        return utf8("""
                {"timestamp":"%s","flow_id":%d,"in_iface":"eth0","event_type":"alert","src_ip":"198.51.100.%d",\
                "src_port":%d,"dest_ip":"10.0.%d.%d","dest_port":22,"proto":"TCP","host":"sensor-%d",\
                "alert":{"action":"allowed","gid":1,"signature_id":2001219,"rev":20,\
                "signature":"ET SCAN Potential SSH Scan","category":"Attempted Information Leak","severity":%d,\
                "metadata":{"mitre_tactic_id":["TA0043"],"mitre_technique_id":["T1595"]}},"run":"%s"}
                """.formatted(time(i), 1_000_000_000L + i, i % 254 + 1, 30000 + i % 30000, (i / 254) % 256,
                i % 254 + 1, i % 4, 1 + i % 3, run));
    }

    private static byte[] guardDuty(String run, long i) {
        String id = run + String.format("%016x", i);
        String instance = String.format("i-0%016x", i % 400);
        return utf8("""
                {"version":"0","id":"%s","detail-type":"GuardDuty Finding","source":"aws.guardduty",\
                "account":"123456789012","time":"%s","region":"eu-west-1","resources":[],\
                "detail":{"schemaVersion":"2.0","accountId":"123456789012","region":"eu-west-1","partition":"aws",\
                "id":"%s","arn":"arn:aws:guardduty:eu-west-1:123456789012:detector/d1/finding/%s",\
                "type":"UnauthorizedAccess:EC2/SSHBruteForce","severity":%d,"createdAt":"%s","updatedAt":"%s",\
                "title":"198.51.100.%d is performing SSH brute force attacks against %s.",\
                "description":"SSH brute force","resource":{"resourceType":"Instance","instanceDetails":{\
                "instanceId":"%s","networkInterfaces":[{"privateIpAddress":"10.1.%d.%d"}],\
                "tags":[{"key":"env","value":"prod"}]}},"service":{"serviceName":"guardduty","archived":false,\
                "count":%d,"action":{"actionType":"NETWORK_CONNECTION","networkConnectionAction":{\
                "connectionDirection":"INBOUND","remoteIpDetails":{"ipAddressV4":"198.51.100.%d"}}}}}}
                """.formatted(id, time(i), id, id, 2 + i % 7, time(i), time(i), i % 254 + 1, instance, instance,
                (i / 254) % 256, i % 254 + 1, 1 + i % 20, i % 254 + 1));
    }

    private static String time(long i) {
        return Instant.ofEpochMilli(BASE_MILLIS + i).toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
