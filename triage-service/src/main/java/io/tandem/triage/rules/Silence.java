package io.tandem.triage.rules;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A silence: signals whose labels and fields satisfy every matcher are muted while it is active. Active means
 * between {@code startsAt} and {@code endsAt} (open-ended if null, which only a recurring or change-bound silence
 * may be), inside an occurrence of its {@code recurrence} if it has one, and, if bound to a change, only until that
 * change is over. A {@code resolved} signal is never muted, so incidents downstream always learn of recovery.
 *
 * @param changeId        the change this silence belongs to; it ends when the change finishes
 * @param endOnResolve    end it once every alert it muted has resolved and stayed resolved for {@code resolveHoldDown},
 *                        so a flapping alert does not end it (see {@code ResolvedSilences})
 */
public record Silence(UUID id, List<Matcher> matchers, Instant startsAt, Instant endsAt, Recurrence recurrence,
                      UUID changeId, boolean endOnResolve,
                      @JsonFormat(shape = JsonFormat.Shape.STRING) Duration resolveHoldDown, String createdBy,
                      String comment, Instant createdAt, Instant updatedAt) implements Rule {

    public Silence {
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
    }

    /** Whether it mutes at {@code now}; {@code changeOver} says whether a change has finished. */
    public boolean activeAt(Instant now, Function<UUID, Boolean> changeOver) {
        if (now.isBefore(startsAt) || (endsAt != null && !now.isBefore(endsAt))) {
            return false;
        }
        if (recurrence != null && !recurrence.activeAt(now)) {
            return false;
        }
        return changeId == null || !changeOver.apply(changeId);
    }

    /** The same silence ended at {@code now}: what expiring one means, as in Alertmanager. */
    public Silence expiredAt(Instant now) {
        return new Silence(id, matchers, startsAt.isAfter(now) ? now : startsAt, now, recurrence, changeId, endOnResolve,
                resolveHoldDown, createdBy, comment, createdAt, now);
    }

    /** Alertmanager's states: pending before it starts, expired after it ends, active otherwise. */
    public String state(Instant now) {
        if (now.isBefore(startsAt)) {
            return "pending";
        }
        return endsAt != null && !now.isBefore(endsAt) ? "expired" : "active";
    }

    public boolean matches(Function<String, String> fields) {
        for (Matcher matcher : matchers) {
            if (!matcher.matches(fields)) {
                return false;
            }
        }
        return true;
    }
}
