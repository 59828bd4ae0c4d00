package io.tandem.model.asset;

import io.tandem.model.Require;

/** One name of an asset, as registered; inventory matches them case- and format-insensitively. */
public record Identifier(IdentifierType type, String value) {

    public Identifier {
        Require.present(type, "identifiers[].type");
        Require.text(value, "identifiers[].value");
    }
}
