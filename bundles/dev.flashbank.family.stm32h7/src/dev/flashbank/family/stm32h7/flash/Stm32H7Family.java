package dev.flashbank.family.stm32h7.flash;

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
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;

/**
 * The STM32H7 family (H742/H743/H745/H747/H750/H753/H755/H757, H72x/H73x, H7A3/H7B3/H7B0; RM0433, RM0399, RM0468,
 * RM0455): its lines as data and its flash driver. Registered by one line in
 * {@code dev.flashbank.families.InstalledFamilies}.
 */
public final class Stm32H7Family implements FamilyProvider {

    public static final String NAME = "STM32H7";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Stm32H7Descriptor> descriptors() {
        return Stm32H7Descriptor.all();
    }

    /** {@link Stm32H7OptionImage#factory}: the reset values of the line's _PRG registers. */
    @Override
    public Stm32H7OptionImage factoryOptions(DeviceDescriptor descriptor, int flashSizeKiB) {
        if (!(descriptor instanceof Stm32H7Descriptor h7)) {
            throw new IllegalArgumentException(descriptor.line() + " is not an STM32H7 line");
        }
        return Stm32H7OptionImage.factory(h7, flashSizeKiB);
    }

    /** {@link Stm32H7DoctorChecks#all()}. */
    @Override
    public List<DoctorCheck> doctorChecks() {
        return Stm32H7DoctorChecks.all();
    }

    @Override
    public FlashDriver openDriver(DebugTarget target, IdentifiedDevice device, PollClock clock,
            FlashDriverSettings settings) throws TargetException {
        DeviceDescriptor d = device.descriptor();
        if (!(d instanceof Stm32H7Descriptor h7)) { // only a mis-wired provider list gets here
            throw new FlashRequestException(FlashOperation.WAIT_IDLE, null, null,
                    d.line() + " is not an STM32H7: the STM32H7 driver cannot program it", "");
        }
        return new Stm32H7FlashDriver(target, h7, device.flashSizeKiB(), clock, settings);
    }
}
