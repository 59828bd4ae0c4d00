package io.tandem.incident.sla;

import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentStatus;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two SLAs of an incident: each has a deadline column and the states in which the incident still owes it. It is
 * breached when its deadline passes in one of those states — whether the poller sees that first or the transition
 * that leaves them.
 */
public enum SlaBreach {
    ACKNOWLEDGE("acknowledge", "acknowledge_by", List.of(IncidentStatus.TRIGGERED)),
    RESOLVE("resolve", "resolve_by", List.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED, IncidentStatus.MITIGATED));

    private final String wire;
    private final String column;
    private final List<IncidentStatus> owedIn;

    SlaBreach(String wire, String column, List<IncidentStatus> owedIn) {
        this.wire = wire;
        this.column = column;
        this.owedIn = owedIn;
    }

    /** Its name in {@code slaBreaches}. */
    public String wire() {
        return wire;
    }

    String column() {
        return column;
    }

    /** The SQL condition of the states that owe it, in the order of its partial index's predicate. */
    String owedSql() {
        return owedIn.stream().map(s -> "'" + s.wire() + "'").collect(Collectors.joining(", ", "status IN (", ")"));
    }

    public Instant deadline(Incident incident) {
        return this == ACKNOWLEDGE ? incident.acknowledgeBy() : incident.resolveBy();
    }

    /**
     * True when {@code incident}, moving to {@code next} at {@code now}, stops owing this SLA after its deadline
     * passed without the breach being recorded yet: the breach happened, only no poll had seen it.
     */
    public boolean missedBefore(Incident incident, IncidentStatus next, Instant now) {
        Instant deadline = deadline(incident);
        return owedIn.contains(incident.status()) && !owedIn.contains(next) && deadline != null
                && !deadline.isAfter(now) && !incident.slaBreaches().contains(wire);
    }

    public String detail(Incident incident) {
        return wire + " SLA breached: due " + deadline(incident);
    }
}
