package io.tandem.triage.config;

import io.smallrye.mutiny.Uni;
import io.tandem.triage.rules.InhibitRule;
import io.tandem.triage.rules.RuleKind;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.UUID;

/** {@code /api/v1/inhibit-rules}: Alertmanager inhibition rules. */
@Path("/api/v1/inhibit-rules")
@Produces(MediaType.APPLICATION_JSON)
public class InhibitRuleResource extends AdminRuleResource<InhibitRule> {

    public InhibitRuleResource(RuleStore rules) {
        super(rules, RuleKind.INHIBIT_RULE);
    }

    @Override
    protected Uni<InhibitRule> checked(InhibitRule in, UUID id, String createdBy) {
        Errors errors = new Errors();
        if (in.sourceMatchers().isEmpty()) {
            errors.add("sourceMatchers", "at least one matcher is required: which alerts inhibit");
        }
        if (in.targetMatchers().isEmpty()) {
            errors.add("targetMatchers", "at least one matcher is required: which alerts are inhibited");
        }
        for (int i = 0; i < in.equal().size(); i++) {
            if (in.equal().get(i) == null || in.equal().get(i).isBlank()) {
                errors.add("equal[" + i + "]", "must be a label name");
            }
        }
        errors.throwIfAny();
        return Uni.createFrom().item(new InhibitRule(id, in.name(), in.sourceMatchers(), in.targetMatchers(), in.equal(),
                createdBy, Instant.now()));
    }
}
