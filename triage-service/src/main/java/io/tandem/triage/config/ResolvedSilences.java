package io.tandem.triage.config;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tandem.triage.projection.Projections;
import io.tandem.triage.rules.RuleKind;
import io.tandem.triage.rules.Silence;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Ends "end when the alert resolves" silences: once every alert a silence muted has resolved and none has fired again
 * for the silence's hold-down, the silence expires (and the change reaches the stream through {@code triage.config}).
 * The hold-down is what Alertmanager lacked when it declined this (#1057): a flapping alert keeps its silence. It
 * reads the decision projection, so it sees alerts of every partition; two instances expiring the same silence at
 * once write the same result.
 */
@ApplicationScoped
public class ResolvedSilences {

    private static final Logger LOG = Logger.getLogger(ResolvedSilences.class);

    private final RuleStore rules;
    private final Projections projections;

    public ResolvedSilences(RuleStore rules, Projections projections) {
        this.rules = rules;
        this.projections = projections;
    }

    @Scheduled(every = "${tandem.triage.silence.end-on-resolve-check}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before the channels and pools are up, nor after shutdown has closed them.
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return endResolved(Instant.now()).replaceWithVoid();
    }

    /** Expires the silences whose muted alerts have all stayed resolved for their hold-down at {@code now}. */
    public Uni<List<UUID>> endResolved(Instant now) {
        return rules.<Silence>list(RuleKind.SILENCE)
                .onItem().transformToMulti(all -> Multi.createFrom().iterable(all.stream()
                        .filter(s -> s.endOnResolve() && s.state(now).equals("active")).toList()))
                .onItem().transformToUniAndConcatenate(silence -> projections.mutedAlerts(silence.id())
                        .chain(muted -> {
                            boolean ended = muted.count() > 0 && !muted.anyFiring()
                                    && !now.isBefore(muted.lastChange().plus(silence.resolveHoldDown()));
                            if (!ended) {
                                return Uni.createFrom().<UUID>nullItem();
                            }
                            LOG.infof("silence %s ends: its %d muted alert(s) stayed resolved for %s", silence.id(),
                                    muted.count(), silence.resolveHoldDown());
                            return rules.save(RuleKind.SILENCE, silence.expiredAt(now), "tandem-triage").map(Silence::id);
                        }))
                .collect().asList();
    }
}
