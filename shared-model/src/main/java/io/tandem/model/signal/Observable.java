package io.tandem.model.signal;

import io.tandem.model.Require;

/** One indicator: its type, value and, where the source says, the field it came from ({@code src_ip}). */
public record Observable(ObservableType type, String value, String name) {

    public Observable {
        Require.present(type, "observables[].type");
        Require.text(value, "observables[].value");
    }

    public static Observable of(ObservableType type, String value, String name) {
        return new Observable(type, value, name);
    }
}
