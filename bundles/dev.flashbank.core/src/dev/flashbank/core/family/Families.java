package dev.flashbank.core.family;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.DeviceRegistry;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;

/**
 * The installed families, in lookup order (built from {@code dev.flashbank.families.InstalledFamilies.all()} by the
 * CLI, launches and the IDE): the device registry is the union of their descriptors, and the provider of a part is
 * the first that {@linkplain FamilyProvider#serves serves} its descriptor.
 */
public final class Families {

    private final List<FamilyProvider> providers;
    private final DeviceRegistry registry;

    public Families(List<? extends FamilyProvider> providers) {
        this.providers = List.copyOf(providers);
        Set<String> names = new LinkedHashSet<>();
        for (FamilyProvider p : this.providers) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("family " + p.name() + " installed twice");
            }
        }
        this.registry = new DeviceRegistry(this.providers.stream().flatMap(p -> p.descriptors().stream()).toList());
    }

    public List<FamilyProvider> providers() {
        return providers;
    }

    /** Every line of every installed family. */
    public DeviceRegistry registry() {
        return registry;
    }

    public Optional<FamilyProvider> find(DeviceDescriptor descriptor) {
        return providers.stream().filter(p -> p.serves(descriptor)).findFirst();
    }

    /** The provider of {@code descriptor}'s family, or {@link UnknownDeviceException} naming the installed ones. */
    public FamilyProvider provider(DeviceDescriptor descriptor) throws UnknownDeviceException {
        return find(descriptor).orElseThrow(() -> new UnknownDeviceException(descriptor.devId(), descriptor.line()
                + ": family " + descriptor.family() + " is not installed (installed: "
                + String.join(", ", providers.stream().map(FamilyProvider::name).toList()) + ")"));
    }

    /** The flash driver of an identified part, from its family's provider. */
    public FlashDriver openDriver(DebugTarget target, IdentifiedDevice device, PollClock clock,
            FlashDriverSettings settings) throws TargetException {
        return provider(device.descriptor()).openDriver(target, device, clock, settings);
    }

    /**
     * Every A/B switching scheme of the installed families' lines, each once, in the providers' order (for choices made
     * before a part is known, e.g. a launch tab; the part's own schemes are checked when it is connected).
     */
    public java.util.List<dev.flashbank.core.device.SwitchScheme> switchSchemes() {
        return providers.stream().flatMap(p -> p.descriptors().stream())
                .flatMap(d -> d.flashSizesKiB().stream().flatMap(k -> d.switchSchemes(k).stream())).distinct()
                .toList();
    }
}
