package io.tandem.model.signal;

/** A MITRE ATT&CK tactic and/or technique named by the source (ids like TA0006 and T1110.001). */
public record AttackRef(String tacticId, String tactic, String techniqueId, String technique) {
}
