package dev.flashbank.family.pageflash.flash;

import java.util.List;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.family.DoctorCheck;
import dev.flashbank.core.family.FamilyProvider;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashOptionImage;

/**
 * The STM32 page-flash family (STM32G4 RM0440, STM32L4 RM0351, STM32L4+ RM0432, STM32G0B1/G0C1 RM0444): one controller
 * design, its lines as data, and its flash driver. Registered by one line in
 * {@code dev.flashbank.families.InstalledFamilies}.
 */
public final class PageFlashFamily implements FamilyProvider {

    public static final String NAME = PageFlashDescriptor.FAMILY;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<PageFlashDescriptor> descriptors() {
        return PageFlashDescriptor.all();
    }

    /** {@link PageFlashOptionImage#factory}: the factory values of the line's option registers. */
    @Override
    public PageFlashOptionImage factoryOptions(DeviceDescriptor descriptor, int flashSizeKiB) {
        return PageFlashOptionImage.factory(pageFlash(descriptor).pageFlashLine(), flashSizeKiB);
    }

    /** {@link PageFlashDoctorChecks#all()}. */
    @Override
    public List<DoctorCheck> doctorChecks() {
        return PageFlashDoctorChecks.all();
    }

    @Override
    public FlashDriver openDriver(DebugTarget target, IdentifiedDevice device, PollClock clock,
            FlashDriverSettings settings) throws TargetException {
        DeviceDescriptor d = device.descriptor();
        if (!(d instanceof PageFlashDescriptor pf)) { // only a mis-wired provider list gets here
            throw new FlashRequestException(FlashOperation.WAIT_IDLE, null, null,
                    d.line() + " is not a page-flash part: the " + NAME + " driver cannot program it", "");
        }
        return new PageFlashDriver(target, pf, device.flashSizeKiB(), clock, settings);
    }

    private static PageFlashDescriptor pageFlash(DeviceDescriptor descriptor) {
        if (!(descriptor instanceof PageFlashDescriptor pf)) {
            throw new IllegalArgumentException(descriptor.line() + " is not a page-flash line");
        }
        return pf;
    }
}
