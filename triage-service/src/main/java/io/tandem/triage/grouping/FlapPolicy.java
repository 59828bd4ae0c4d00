package io.tandem.triage.grouping;

import java.time.Duration;

/**
 * When an alert counts as flapping: more than {@code changes} status changes within {@code window}. A flapping alert
 * is held open (its group neither resolves nor pages again) until it has kept one status for {@code holdDown}, so one
 * flapping check is one group and one page.
 */
public record FlapPolicy(int changes, Duration window, Duration holdDown) {
}
