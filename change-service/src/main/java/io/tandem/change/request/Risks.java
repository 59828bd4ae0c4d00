package io.tandem.change.request;

import io.tandem.change.asset.KnownAsset;
import io.tandem.model.change.ChangeType;
import io.tandem.model.change.Risk;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * Computes a change's risk from its assets' criticality, its type and its window: the most critical asset sets the
 * base (tier 1 high, tier 2 medium, else low); an emergency, or a window longer than {@link #LONG_WINDOW}, raises it
 * one level. A standard change carries its template's pre-assessed risk.
 */
public final class Risks {

    static final Duration LONG_WINDOW = Duration.ofHours(4);

    public static Risk compute(ChangeType type, Risk templateRisk, Collection<KnownAsset> assets, Instant start,
                               Instant end) {
        if (type == ChangeType.STANDARD && templateRisk != null) {
            return templateRisk;
        }
        int tier = assets.stream().map(KnownAsset::criticality).filter(Objects::nonNull).min(Integer::compare).orElse(4);
        Risk risk = tier == 1 ? Risk.HIGH : tier == 2 ? Risk.MEDIUM : Risk.LOW;
        if (type == ChangeType.EMERGENCY) {
            risk = raise(risk);
        }
        // A requested change may have no window yet; its length counts once it is planned.
        if (start != null && end != null && Duration.between(start, end).compareTo(LONG_WINDOW) > 0) {
            risk = raise(risk);
        }
        return risk;
    }

    private static Risk raise(Risk risk) {
        return risk == Risk.LOW ? Risk.MEDIUM : Risk.HIGH;
    }

    private Risks() {
    }
}
