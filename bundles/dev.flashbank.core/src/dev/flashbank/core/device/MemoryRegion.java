package dev.flashbank.core.device;

import java.util.Objects;

/** A named region of the target's memory map (flash window, RAM, system memory, OTP, option image ...). */
public record MemoryRegion(String name, AddressRange range, Kind kind) {

    /** What a region is. */
    public enum Kind {
        FLASH, RAM, SYSTEM_MEMORY, OTP, OPTION_IMAGE, DEVICE_INFO
    }

    public MemoryRegion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(kind, "kind");
    }
}
