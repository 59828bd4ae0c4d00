package io.tandem.kpi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** One scrape of {@code /q/metrics}, read the way Prometheus reads it: a sample is a name, labels, a value and maybe an exemplar. */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})? (\\S+)(?: #.*)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;

    private Scrape(String text) {
        this.text = text;
    }

    public static Scrape now() {
        return new Scrape(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** The sum of every sample of {@code name} whose labels include {@code labels} (0 when there is none). */
    public double value(String name, String... labels) {
        return samples(name, labels).stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Whether at least one sample of {@code name} has labels including {@code labels}, whatever its value. */
    public boolean has(String name, String... labels) {
        return !samples(name, labels).isEmpty();
    }

    private List<Double> samples(String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        List<Double> values = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> actual = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    actual.put(label.group(1), label.group(2));
                }
            }
            if (actual.entrySet().containsAll(wanted.entrySet())) {
                values.add(Double.parseDouble(sample.group(3)));
            }
        }
        return values;
    }

    public String text() {
        return text;
    }
}
