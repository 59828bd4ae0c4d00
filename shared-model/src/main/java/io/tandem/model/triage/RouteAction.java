package io.tandem.model.triage;

import io.tandem.model.Wire;

/** What a route does with the signals it matches. */
public enum RouteAction implements Wire.Named {
    INCIDENT, NOTIFY, SUPPRESS, CHANGE_LINK
}
