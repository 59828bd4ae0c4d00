package io.tandem.model.asset;

import io.tandem.model.Require;

import java.util.UUID;

/** A directed edge from the asset that carries it to {@code targetId}. */
public record Relation(RelationType type, UUID targetId) {

    public Relation {
        Require.present(type, "relations[].type");
        Require.present(targetId, "relations[].targetId");
    }
}
