package io.tandem.model;

/** Response priority, P1 (drop everything) to P5 (informational), shared by triage, incidents and KPIs. */
public enum Priority {
    P1, P2, P3, P4, P5
}
