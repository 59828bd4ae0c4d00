package io.tandem.model.signal;

import io.tandem.model.Wire;

/** What a signal is about; decides which team's workflow and which KPIs it feeds. */
public enum SignalKind implements Wire.Named {
    SECURITY, OPERATIONAL, VULNERABILITY, CONFIGURATION_CHANGE, AVAILABILITY
}
