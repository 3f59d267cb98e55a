package dev.flashbank.core.device;

/** A descriptor plus the flash size read from the part, i.e. one concrete variant. */
public record IdentifiedDevice(DeviceDescriptor descriptor, int flashSizeKiB) {

    public String name() {
        return descriptor.variantName(flashSizeKiB);
    }
}
