package dev.flashbank.stlink;

import dev.flashbank.core.target.TargetException;

/** The probe or its firmware cannot do what was asked (ST-LINK/V1, SWIM-only firmware, a feature gated by version). */
public class UnsupportedProbeException extends TargetException {
    private static final long serialVersionUID = 1L;

    public UnsupportedProbeException(String message) {
        super(message);
    }
}
