package io.tandem.model.signal;

import io.tandem.model.Wire;

/** Whether the source considers the condition present ({@code firing}) or over ({@code resolved}). */
public enum SignalStatus implements Wire.Named {
    FIRING, RESOLVED
}
