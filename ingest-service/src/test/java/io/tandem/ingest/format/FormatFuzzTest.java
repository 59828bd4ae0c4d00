package io.tandem.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.ingest.format.custom.GenericFormat;
import io.tandem.ingest.format.custom.TestMappings;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.providers.TypeUsage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated payloads (truncations, byte flips, insertions, deletions, JSON values swapped for other types or removed)
 * of each parser's example and corpus samples, and random text: a parser either returns signals that satisfy the
 * contract or throws {@link ParseException} — never anything else. Besides the built-in parsers, this covers the
 * shipped {@code generic} mapping and a user-defined one ({@code acme-watch}: JSONPath, pointers, maps, constants).
 */
class FormatFuzzTest {

    private static final int TRIES = 300;
    private static final Map<String, List<byte[]>> SEEDS = new ConcurrentHashMap<>();
    private static final Map<String, FormatParser> PARSERS = parsers();

    /** Which format's seeds a fuzzed parameter is drawn from. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @interface Format {
        String value();
    }

    @Property(tries = TRIES)
    void alertmanager(@ForAll("inputs") @Format("alertmanager") byte[] input) {
        check("alertmanager", input);
    }

    @Property(tries = TRIES)
    void grafana(@ForAll("inputs") @Format("grafana") byte[] input) {
        check("grafana", input);
    }

    @Property(tries = TRIES)
    void elastic(@ForAll("inputs") @Format("elastic") byte[] input) {
        check("elastic", input);
    }

    @Property(tries = TRIES)
    void splunk(@ForAll("inputs") @Format("splunk") byte[] input) {
        check("splunk", input);
    }

    @Property(tries = TRIES)
    void wazuh(@ForAll("inputs") @Format("wazuh") byte[] input) {
        check("wazuh", input);
    }

    @Property(tries = TRIES)
    void suricata(@ForAll("inputs") @Format("suricata") byte[] input) {
        check("suricata", input);
    }

    @Property(tries = TRIES)
    void falco(@ForAll("inputs") @Format("falco") byte[] input) {
        check("falco", input);
    }

    @Property(tries = TRIES)
    void aws(@ForAll("inputs") @Format("aws") byte[] input) {
        check("aws", input);
    }

    @Property(tries = TRIES)
    void gcpScc(@ForAll("inputs") @Format("gcp-scc") byte[] input) {
        check("gcp-scc", input);
    }

    @Property(tries = TRIES)
    void sentinel(@ForAll("inputs") @Format("sentinel") byte[] input) {
        check("sentinel", input);
    }

    @Property(tries = TRIES)
    void datadog(@ForAll("inputs") @Format("datadog") byte[] input) {
        check("datadog", input);
    }

    @Property(tries = TRIES)
    void zabbix(@ForAll("inputs") @Format("zabbix") byte[] input) {
        check("zabbix", input);
    }

    @Property(tries = TRIES)
    void cef(@ForAll("inputs") @Format("cef") byte[] input) {
        check("cef", input);
    }

    @Property(tries = TRIES)
    void leef(@ForAll("inputs") @Format("leef") byte[] input) {
        check("leef", input);
    }

    @Property(tries = TRIES)
    void ocsf(@ForAll("inputs") @Format("ocsf") byte[] input) {
        check("ocsf", input);
    }

    @Property(tries = TRIES)
    void qradar(@ForAll("inputs") @Format("qradar") byte[] input) {
        check("qradar", input);
    }

    @Property(tries = TRIES)
    void pagerduty(@ForAll("inputs") @Format("pagerduty") byte[] input) {
        check("pagerduty", input);
    }

    @Property(tries = TRIES)
    void opsgenie(@ForAll("inputs") @Format("opsgenie") byte[] input) {
        check("opsgenie", input);
    }

    @Property(tries = TRIES)
    void cloudevents(@ForAll("inputs") @Format("cloudevents") byte[] input) {
        check("cloudevents", input);
    }

    @Property(tries = TRIES)
    void generic(@ForAll("inputs") @Format("generic") byte[] input) {
        check("generic", input);
    }

    @Property(tries = TRIES)
    void userDefined(@ForAll("inputs") @Format("acme-watch") byte[] input) {
        check("acme-watch", input);
    }

    @Property(tries = 200)
    void anyParserOnRandomText(@ForAll("parserIds") String id, @ForAll String text) {
        check(id, text.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> parserIds() {
        return Arbitraries.of(PARSERS.keySet().stream().sorted().toList());
    }

    @Provide
    Arbitrary<byte[]> inputs(TypeUsage type) {
        String id = type.findAnnotation(Format.class).map(Format::value).orElseThrow();
        List<byte[]> seeds = SEEDS.computeIfAbsent(id, FormatFuzzTest::seeds);
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(seeds), Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().greaterOrEqual(0), Arbitraries.bytes().array(byte[].class).ofMaxSize(12),
                        Arbitraries.integers().between(0, 9))
                .as(FormatFuzzTest::mutate);
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, mutated), net.jqwik.api.Tuple.of(1, randomBytes));
    }

    private static void check(String id, byte[] input) {
        FormatParser parser = PARSERS.get(id);
        List<Signal> signals;
        try {
            signals = parser.parse(input, SignalAssertions.CONTEXT);
        } catch (ParseException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(signals).isNotEmpty();
        signals.forEach(signal -> SignalAssertions.assertValid(id, signal));
    }

    private static Map<String, FormatParser> parsers() {
        Map<String, FormatParser> parsers = new HashMap<>(BuiltinFormats.byId());
        parsers.put(GenericFormat.ID, GenericFormat.parser());
        FormatParser userDefined = TestMappings.validated(TestMappings.acme());
        parsers.put(userDefined.id(), userDefined);
        return parsers;
    }

    private static List<byte[]> seeds(String id) {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(PARSERS.get(id).example().getBytes(StandardCharsets.UTF_8));
        Samples.dir().map(dir -> dir.resolve(id)).filter(Files::isDirectory).ifPresent(dir -> {
            try (Stream<Path> files = Files.list(dir)) {
                files.sorted().forEach(file -> {
                    try {
                        seeds.add(Files.readAllBytes(file));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return seeds;
    }

    private static byte[] mutate(byte[] seed, int kind, int position, byte[] filler, int replacement) {
        int at = seed.length == 0 ? 0 : position % seed.length;
        return switch (kind) {
            case 0 -> Arrays.copyOf(seed, at);
            case 1 -> {
                byte[] flipped = seed.clone();
                if (flipped.length > 0) {
                    flipped[at] = filler.length > 0 ? filler[0] : (byte) (flipped[at] ^ 0x5a);
                }
                yield flipped;
            }
            case 2 -> {
                byte[] inserted = new byte[seed.length + filler.length];
                System.arraycopy(seed, 0, inserted, 0, at);
                System.arraycopy(filler, 0, inserted, at, filler.length);
                System.arraycopy(seed, at, inserted, at + filler.length, seed.length - at);
                yield inserted;
            }
            case 3 -> {
                int end = Math.min(seed.length, at + 1 + filler.length * 4);
                byte[] deleted = new byte[seed.length - (end - at)];
                System.arraycopy(seed, 0, deleted, 0, at);
                System.arraycopy(seed, end, deleted, at, seed.length - end);
                yield deleted;
            }
            default -> swapJson(seed, position, replacement, kind == 6);
        };
    }

    /** Replaces (or removes) one value of the seed's JSON tree; non-JSON seeds get a byte flip instead. */
    private static byte[] swapJson(byte[] seed, int position, int replacement, boolean remove) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(seed);
        } catch (IOException e) {
            return mutate(seed, 1, position, new byte[0], replacement);
        }
        List<JsonNode[]> slots = new ArrayList<>();
        collect(tree, slots);
        if (tree == null || slots.isEmpty()) {
            return seed;
        }
        JsonNode[] slot = slots.get(position % slots.size());
        JsonNode parent = slot[0];
        int index = slot[1].asInt();
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode value = switch (replacement) {
            case 0 -> f.textNode("");
            case 1 -> f.textNode("x");
            case 2 -> f.numberNode(new BigDecimal("1e400"));
            case 3 -> f.numberNode(-1);
            case 4 -> f.booleanNode(true);
            case 5 -> f.nullNode();
            case 6 -> f.objectNode();
            case 7 -> f.arrayNode();
            case 8 -> f.arrayNode().add("0001-01-01T00:00:00Z").add(f.objectNode());
            default -> f.textNode("9999999999999999999999");
        };
        if (parent instanceof ObjectNode object) {
            String name = object.properties().stream().skip(index).findFirst().map(Map.Entry::getKey).orElseThrow();
            if (remove) {
                object.remove(name);
            } else {
                object.set(name, value);
            }
        } else if (parent instanceof ArrayNode array) {
            if (remove) {
                array.remove(index);
            } else {
                array.set(index, value);
            }
        }
        return Json.write(tree);
    }

    private static void collect(JsonNode node, List<JsonNode[]> slots) {
        if (node == null) {
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            slots.add(new JsonNode[]{node, JsonNodeFactory.instance.numberNode(i)});
        }
        node.elements().forEachRemaining(child -> collect(child, slots));
    }
}
