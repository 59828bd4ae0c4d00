package io.tandem.ingest.key;

import io.smallrye.mutiny.Uni;
import io.tandem.ingest.config.ConfigTopic;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Integration keys, kept on the compacted {@code ingest.config} topic (section {@code integration-key}) and mirrored
 * in memory by every ingest instance, so a key issued or revoked on one instance is honoured by all of them without a
 * database. A write completes only when it is back in this instance's view (read your writes).
 */
@ApplicationScoped
public class IntegrationKeyStore implements ConfigTopic.Section<IntegrationKey> {

    /** {@code tdm_<id>_<secret>}: the id finds the record, the secret proves possession. */
    static final Pattern KEY = Pattern.compile("tdm_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");

    private final ConfigTopic config;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, IntegrationKey> keys = new ConcurrentHashMap<>();

    public IntegrationKeyStore(ConfigTopic config) {
        this.config = config;
    }

    /** A newly issued key: the secret is in {@code key}, shown once and never stored. */
    public record Issued(String key, IntegrationKey record) {
    }

    @Override
    public String prefix() {
        return "integration-key";
    }

    @Override
    public Class<IntegrationKey> type() {
        return IntegrationKey.class;
    }

    @Override
    public void applied(String id, IntegrationKey key) {
        if (key == null) {
            keys.remove(id);
        } else {
            keys.put(id, key);
        }
    }

    /** Whether this instance has read the whole topic once; until then it cannot judge keys. */
    public boolean ready() {
        return config.ready();
    }

    public Uni<Issued> issue(String source, String description, String actor) {
        String id = HexFormat.of().formatHex(bytes(6));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        IntegrationKey record = new IntegrationKey(id, source, description, sha256(secret), actor, Instant.now(),
                null, null);
        return write(record).map(stored -> new Issued("tdm_" + id + "_" + secret, stored));
    }

    /** Revokes a key; revoking a revoked key changes nothing. Null when there is no such key. */
    public Uni<IntegrationKey> revoke(String id, String actor) {
        IntegrationKey current = keys.get(id);
        if (current == null || current.revoked()) {
            return Uni.createFrom().item(current);
        }
        return write(new IntegrationKey(current.id(), current.source(), current.description(), current.secretSha256(),
                current.createdBy(), current.createdAt(), actor, Instant.now()));
    }

    public Collection<IntegrationKey> all() {
        return List.copyOf(keys.values());
    }

    /** The live key a sender presented, if it is one of ours and not revoked. */
    public Optional<IntegrationKey> authenticate(String presented) {
        Matcher matcher = KEY.matcher(presented == null ? "" : presented.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        IntegrationKey key = keys.get(matcher.group(1));
        if (key == null || key.revoked()) {
            return Optional.empty();
        }
        boolean same = MessageDigest.isEqual(key.secretSha256().getBytes(StandardCharsets.US_ASCII),
                sha256(matcher.group(2)).getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.of(key) : Optional.empty();
    }

    private Uni<IntegrationKey> write(IntegrationKey record) {
        return config.put(this, record.id(), record).replaceWith(record);
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
