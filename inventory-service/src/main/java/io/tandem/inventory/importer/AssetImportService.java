package io.tandem.inventory.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.tandem.inventory.InventoryConfig;
import io.tandem.inventory.asset.AssetInput;
import io.tandem.inventory.asset.AssetInputParser;
import io.tandem.inventory.asset.AssetPublisher;
import io.tandem.inventory.asset.AssetRepository;
import io.tandem.inventory.asset.AssetService;
import io.tandem.model.asset.Identifiers;
import io.tandem.model.json.Json;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Bulk import of one source's assets, all or nothing. Every row is validated before anything is written, and the
 * matching against existing assets runs in the same transaction as the writes; one bad row rejects the whole call
 * with the errors of every row. All-or-nothing rather than "import the good rows" because a partial import of a
 * CMDB export would make the other rows look missing from that source in reconciliation, and because the client
 * can simply resend the fixed file: rows match existing assets by identifier, so an import is idempotent.
 */
@ApplicationScoped
public class AssetImportService {

    /** At most this many row errors are listed; the detail still says how many rows failed. */
    static final int MAX_LISTED_ERRORS = 1000;
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** Sources inventory writes itself; an import may not impersonate them. */
    private static final Set<String> RESERVED = Set.of("discovery", AssetService.MANUAL_SOURCE);
    private static final Set<String> CSV_COLUMNS = Set.of("name", "type", "environment", "ownerTeam", "criticality",
            "segment", "lifecycle", "managed", "privilegeLevel", "lastSeenAt", "lastPatchedAt", "tags", "hostname",
            "fqdn", "ip", "mac", "cloudResourceId");

    private final Pool pool;
    private final AssetRepository repository;
    private final AssetPublisher publisher;
    private final InventoryConfig config;
    private final MeterRegistry metrics;

    public AssetImportService(Pool pool, AssetRepository repository, AssetPublisher publisher, InventoryConfig config,
                              MeterRegistry metrics) {
        this.pool = pool;
        this.repository = repository;
        this.publisher = publisher;
        this.config = config;
        this.metrics = metrics;
    }

    @WithSpan
    public Uni<ImportResult> importAssets(String source, MediaType mediaType, byte[] body) {
        long started = System.nanoTime();
        if (source == null || !SOURCE.matcher(source).matches() || RESERVED.contains(source)) {
            throw ProblemException.badRequest("source", "name the source of the rows (lower-case, e.g. cmdb, "
                    + "vuln-scanner, cloud-export; not " + String.join(" or ", RESERVED) + ")");
        }
        boolean csv = mediaType != null && "csv".equalsIgnoreCase(mediaType.getSubtype());
        List<Row> rows = csv ? csvRows(body) : jsonRows(body);
        List<AssetInput> inputs = validate(rows);
        Instant now = AssetService.now();
        return pool.withTransaction(db -> write(db, source, rows, inputs, now))
                .map(counts -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    metrics.counter("tandem.inventory.import.rows", "source", source).increment(inputs.size());
                    return new ImportResult(source, inputs.size(), counts[0], counts[1], millis);
                });
    }

    /** A row of the file and its number (1-based, the n-th record; for CSV also the line it starts on). */
    record Row(int number, Integer line, JsonNode node) {
        String at() {
            return "rows[" + number + "]";
        }
    }

    private List<Row> jsonRows(byte[] body) {
        JsonNode array;
        try {
            array = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("body", "unreadable JSON: " + e.getMessage());
        }
        if (array == null || !array.isArray()) {
            throw ProblemException.badRequest("body", "must be a JSON array of assets (or text/csv)");
        }
        checkSize(array.size());
        List<Row> rows = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            rows.add(new Row(i + 1, null, array.get(i)));
        }
        return rows;
    }

    private List<Row> csvRows(byte[] body) {
        List<Csv.Line> lines;
        try {
            lines = Csv.parse(new String(body, StandardCharsets.UTF_8));
        } catch (Csv.CsvException e) {
            throw ProblemException.badRequest("line " + e.line(), "malformed CSV: " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw ProblemException.badRequest("body", "empty CSV: expected a header line and rows");
        }
        List<String> header = lines.get(0).cells().stream().map(String::trim).toList();
        List<FieldError> headerErrors = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!CSV_COLUMNS.contains(header.get(i))) {
                headerErrors.add(new FieldError("header[" + i + "]", "unknown column '" + header.get(i)
                        + "', expected some of " + String.join(", ", CSV_COLUMNS.stream().sorted().toList())));
            }
        }
        if (new LinkedHashSet<>(header).size() != header.size()) {
            headerErrors.add(new FieldError("header", "a column appears twice"));
        }
        if (!headerErrors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid CSV header", headerErrors);
        }
        checkSize(lines.size() - 1);
        List<Row> rows = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            Csv.Line line = lines.get(i);
            ObjectNode node = Json.mapper().createObjectNode();
            if (line.cells().size() != header.size()) {
                // Marks the row invalid with a message the validator reports; the cells cannot be trusted.
                node.put("__cells", line.cells().size());
            } else {
                for (int c = 0; c < header.size(); c++) {
                    String cell = line.cells().get(c).trim();
                    if (!cell.isEmpty()) {
                        node.put(header.get(c), cell);
                    }
                }
            }
            rows.add(new Row(i, line.number(), node));
        }
        return rows;
    }

    private void checkSize(int rows) {
        int max = config.importer().maxRows();
        if (rows > max) {
            throw new ProblemException(413, "Content Too Large", rows + " rows exceed the import limit of " + max
                    + "; split the file", List.of(new FieldError("body", "at most " + max + " rows per import")));
        }
        if (rows == 0) {
            throw ProblemException.badRequest("body", "no rows to import");
        }
    }

    /** Validates every row and checks that no two rows claim one identifier; throws with all row errors. */
    private List<AssetInput> validate(List<Row> rows) {
        List<FieldError> errors = new ArrayList<>();
        List<AssetInput> inputs = new ArrayList<>(rows.size());
        Map<String, Integer> keyRows = new HashMap<>();
        int badRows = 0;
        for (Row row : rows) {
            int before = errors.size();
            AssetInput input = null;
            if (row.node().has("__cells")) {
                errors.add(new FieldError(row.at(), "has " + row.node().get("__cells").asInt()
                        + " cells, the header has a different number"));
            } else {
                input = AssetInputParser.parse(row.node(), row.at(), errors);
                if (row.node().has("relations")) {
                    errors.add(new FieldError(row.at() + ".relations", "not imported; set relations with PUT /api/v1/assets/{id}"));
                }
                if (input != null && input.keys().isEmpty()) {
                    errors.add(new FieldError(row.at() + ".identifiers",
                            "at least one identifier (hostname, fqdn, ip, mac, cloudResourceId) is needed to match the row"));
                }
                if (input != null) {
                    for (Identifiers.Key key : input.keys()) {
                        Integer other = keyRows.putIfAbsent(key.key(), row.number());
                        if (other != null && other != row.number()) {
                            errors.add(new FieldError(row.at() + ".identifiers", key.key() + " is also in rows[" + other + "]"));
                        }
                    }
                }
            }
            if (errors.size() > before) {
                badRows++;
                if (row.line() != null) {
                    for (int i = before; i < errors.size(); i++) {
                        FieldError e = errors.get(i);
                        errors.set(i, new FieldError(e.field(), "line " + row.line() + ": " + e.message()));
                    }
                }
            }
            inputs.add(input);
        }
        if (badRows > 0) {
            throw rowErrors(400, "Bad Request", badRows, rows.size(), errors);
        }
        return inputs;
    }

    private static ProblemException rowErrors(int status, String title, int badRows, int rows, List<FieldError> errors) {
        List<FieldError> listed = errors.size() > MAX_LISTED_ERRORS ? errors.subList(0, MAX_LISTED_ERRORS) : errors;
        return new ProblemException(status, title, badRows + " of " + rows + " rows are invalid; nothing was imported"
                + (listed.size() < errors.size() ? " (first " + listed.size() + " of " + errors.size() + " errors listed)" : ""),
                listed);
    }

    /** Matches rows to assets by identifier, then creates and updates in bulk; returns {created, updated}. */
    private Uni<int[]> write(SqlClient db, String source, List<Row> rows, List<AssetInput> inputs, Instant now) {
        List<String> allKeys = inputs.stream().flatMap(in -> in.keys().stream()).map(Identifiers.Key::key).toList();
        return repository.owners(db, allKeys).chain(owners -> {
            List<FieldError> errors = new ArrayList<>();
            Map<UUID, Integer> matchedBy = new HashMap<>();
            List<UUID> ids = new ArrayList<>(inputs.size());
            List<UUID> newIds = new ArrayList<>();
            List<AssetInput> created = new ArrayList<>();
            List<UUID> existingIds = new ArrayList<>();
            List<AssetInput> updated = new ArrayList<>();
            int badRows = 0;
            for (int i = 0; i < inputs.size(); i++) {
                AssetInput input = inputs.get(i);
                Row row = rows.get(i);
                Set<UUID> matches = new LinkedHashSet<>();
                input.keys().forEach(k -> {
                    UUID owner = owners.get(k.key());
                    if (owner != null) {
                        matches.add(owner);
                    }
                });
                if (matches.size() > 1) {
                    errors.add(new FieldError(row.at() + ".identifiers", "match different assets " + matches
                            + "; fix the identifiers or merge those assets first"));
                    badRows++;
                    ids.add(null);
                    continue;
                }
                if (matches.isEmpty()) {
                    UUID id = UUID.randomUUID();
                    ids.add(id);
                    newIds.add(id);
                    created.add(input);
                    continue;
                }
                UUID id = matches.iterator().next();
                Integer other = matchedBy.putIfAbsent(id, row.number());
                if (other != null) {
                    errors.add(new FieldError(row.at() + ".identifiers", "match asset " + id + " like rows[" + other + "]"));
                    badRows++;
                }
                ids.add(id);
                existingIds.add(id);
                updated.add(input);
            }
            if (badRows > 0) {
                throw rowErrors(409, "Conflict", badRows, rows.size(), errors);
            }
            List<UUID> keyOwners = new ArrayList<>();
            List<Identifiers.Key> keys = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            List<Map<String, String>> fields = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                List<Identifiers.Key> rowKeys = inputs.get(i).keys();
                for (int k = 0; k < rowKeys.size(); k++) {
                    keyOwners.add(ids.get(i));
                    keys.add(rowKeys.get(k));
                    positions.add(k);
                }
                Map<String, String> reported = new HashMap<>(inputs.get(i).reportedFields());
                if (!rows.get(i).node().hasNonNull("name")) {
                    // A name taken from an identifier is not something the source said; comparing it is noise.
                    reported.remove("name");
                }
                fields.add(reported);
            }
            return repository.insert(db, newIds, created, now)
                    .chain(() -> repository.update(db, existingIds, updated, true, now))
                    .chain(() -> repository.claim(db, keyOwners, keys, positions))
                    .invoke(taken -> {
                        if (!taken.isEmpty()) {
                            // Only a concurrent writer can take a key between the match and here: resending works.
                            throw new ProblemException(409, "Conflict", "identifiers were registered concurrently: "
                                    + taken + "; send the import again", List.of(new FieldError("identifiers", String.join(", ", taken))));
                        }
                    })
                    .chain(() -> repository.recordSource(db, ids, source, fields, now))
                    .chain(() -> repository.findAll(db, ids))
                    .call(publisher::states)
                    .map(states -> new int[] {created.size(), updated.size()});
        });
    }
}
