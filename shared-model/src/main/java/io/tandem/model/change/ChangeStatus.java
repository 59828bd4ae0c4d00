package io.tandem.model.change;

import io.tandem.model.Wire;

/** Change request lifecycle state. */
public enum ChangeStatus implements Wire.Named {
    DRAFT, SUBMITTED, APPROVED, REJECTED, IN_PROGRESS, COMPLETED, VERIFIED, FAILED, ROLLED_BACK, CLOSED
}
