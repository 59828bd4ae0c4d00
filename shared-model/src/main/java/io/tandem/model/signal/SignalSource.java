package io.tandem.model.signal;

import io.tandem.model.Require;

/** Which format a signal arrived in and which sender instance (integration key, token subject) sent it. */
public record SignalSource(String format, String instance) {

    public SignalSource {
        Require.text(format, "source.format");
    }
}
