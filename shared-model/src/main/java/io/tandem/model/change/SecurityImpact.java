package io.tandem.model.change;

/** The security assessment a normal or emergency change must carry; any {@code true} means impact is not none. */
public record SecurityImpact(boolean touchesAccess, boolean touchesNetworkExposure, boolean touchesData,
                             boolean touchesSecurityControls, String notes) {

    public boolean none() {
        return !touchesAccess && !touchesNetworkExposure && !touchesData && !touchesSecurityControls;
    }
}
