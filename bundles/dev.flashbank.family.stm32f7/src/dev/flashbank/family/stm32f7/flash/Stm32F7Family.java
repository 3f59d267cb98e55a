package dev.flashbank.family.stm32f7.flash;

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
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;

/**
 * The STM32F7 family (F72x/F73x, F74x/F75x, F76x/F77x; RM0431, RM0385, RM0410): its lines and its flash driver. It
 * lives in the core until F7 moves into a family bundle of its own; it is registered like any other family in
 * {@code dev.flashbank.families.InstalledFamilies}.
 */
public final class Stm32F7Family implements FamilyProvider {

    public static final String NAME = "STM32F7";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Stm32F7Descriptor> descriptors() {
        return Stm32F7Descriptor.all();
    }

    /** {@link OptionBytes#factory} of the descriptor's line, with its model parameters. */
    @Override
    public OptionBytes factoryOptions(DeviceDescriptor descriptor, int flashSizeKiB) {
        if (!(descriptor instanceof Stm32F7Descriptor f7)) {
            throw new IllegalArgumentException(descriptor.line() + " is not an STM32F7 line");
        }
        return OptionBytes.factory(f7.stm32F7Line(), f7.stm32F7Parameters());
    }

    /** {@link Stm32F7DoctorChecks#all()}. */
    @Override
    public List<DoctorCheck> doctorChecks() {
        return Stm32F7DoctorChecks.all();
    }

    @Override
    public FlashDriver openDriver(DebugTarget target, IdentifiedDevice device, PollClock clock,
            FlashDriverSettings settings) throws TargetException {
        DeviceDescriptor d = device.descriptor();
        if (!(d instanceof Stm32F7Descriptor f7)) { // only a mis-wired provider list gets here
            throw new FlashRequestException(FlashOperation.WAIT_IDLE, null, null,
                    d.line() + " is not an STM32F7: the STM32F7 driver cannot program it", "");
        }
        return new Stm32F7FlashDriver(target, f7, device.flashSizeKiB(), clock, settings);
    }
}
