package io.tandem.model.asset;

import io.tandem.model.Wire;

/** How one asset relates to another; impact follows these edges backwards. */
public enum RelationType implements Wire.Named {
    RUNS_ON, DEPENDS_ON, MEMBER_OF
}
