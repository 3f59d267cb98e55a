package dev.flashbank.core.ops;

import java.util.OptionalLong;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.family.BootMapping;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.flash.FlashVerifyException;
import dev.flashbank.core.flash.VerifyResult;
import dev.flashbank.core.target.TargetException;

/**
 * Updates the bank the firmware is NOT running from on a dual-bank part, the way AN4826 (dual bank mode, "Correct
 * procedure" prescribes: (1) running physical bank b = the bank mapped at the first slot now (F7 SWP_FB, H7 SWAP_BANK:
 * {@link FlashDriver#banksSwapped()} ? 2 : 1) or, when given, the bank the program counter is in — for F7 firmware
 * booted via BOOT_ADDx = 0x2040 without SWP_FB; inactive bank i = 3 - b; (2) erase bank i by its PHYSICAL number;
 * (3) program through the window where physical bank i is mapped NOW; (4) read back through the same window. It never
 * touches the running bank, whichever way the banks are mapped. Switching banks is a separate, deliberate step.
 */
public final class InactiveBankUpdater {

    /**
     * The decision, for logs and the UI.
     *
     * @param swapped the banks are swapped now ({@link FlashDriver#banksSwapped()})
     * @param runningBank physical bank the firmware runs from
     * @param inactiveBank physical bank that will be erased and programmed
     * @param window where the inactive bank is visible now (link window)
     * @param evidence why the running bank is believed to be {@code runningBank}
     */
    public record Plan(boolean swapped, int runningBank, int inactiveBank, AddressRange window, String evidence) {
        public String describe() {
            return String.format("running from physical bank %d (%s); updating physical bank %d, visible now at %s "
                    + "(banks %sswapped)", runningBank, evidence, inactiveBank, window, swapped ? "" : "not ");
        }
    }

    /** What an update did. */
    public record Result(Plan plan, long programmedAddress, int bytes, VerifyResult verify) {
    }

    private final FlashDriver driver;

    public InactiveBankUpdater(FlashDriver driver) {
        this.driver = driver;
    }

    /** Plan from the mapping alone (firmware linked for 0x0800_0000 that swaps the banks to run). */
    public Plan plan() throws TargetException {
        return plan(OptionalLong.empty());
    }

    /**
     * Plan; with {@code programCounter} (read while halted) the running bank is the physical bank behind the PC,
     * which also covers firmware started from 0x0810_0000 by BOOT_ADDx without SWP_FB (AN4826, dual bank mode).
     */
    public Plan plan(OptionalLong programCounter) throws TargetException {
        FlashGeometry g = driver.geometry();
        if (g.mode() != BankMode.DUAL) {
            throw new FlashRequestException(FlashOperation.BANK_ERASE, null, null,
                    "the flash is in single-bank mode: there is no inactive bank to update",
                    descriptorHasDualBank()
                            ? "switch the part to dual-bank mode with its bank-mode option (this changes every "
                                    + g.eraseUnit().singular() + " boundary: reprogram everything) and reset"
                            : "this part has a single bank only");
        }
        boolean swapped = driver.banksSwapped();
        int running = swapped ? 2 : 1;
        String evidence = BootMapping.label(driver.bankMappingLabel(), swapped) + " maps physical bank " + running
                + " at " + String.format("0x%08X", g.linkWindow().base());
        if (programCounter.isPresent()) {
            var bo = g.physicalBankAt(programCounter.getAsLong(), swapped);
            if (bo.isPresent()) {
                running = bo.get().bank();
                evidence = String.format("PC 0x%08X is in physical bank %d", programCounter.getAsLong(), running);
            }
        }
        int inactive = 3 - running;
        return new Plan(swapped, running, inactive, g.bankRange(inactive, swapped, g.linkWindow()), evidence);
    }

    private boolean descriptorHasDualBank() {
        return driver.descriptor().dualBankCapable();
    }

    /**
     * Erases the inactive bank (by physical number), programs {@code image} at {@code offsetInBank} through the
     * window where that bank is mapped, and verifies through the same window.
     */
    public Result update(Plan plan, byte[] image, long offsetInBank, FlashProgress progress) throws TargetException {
        FlashGeometry g = driver.geometry();
        long bankSize = g.bank(plan.inactiveBank()).size();
        if (offsetInBank < 0 || offsetInBank + image.length > bankSize) {
            throw new FlashRequestException(FlashOperation.PROGRAM, null, null, String.format(
                    "image of %d bytes at offset 0x%X does not fit bank %d (%d KiB)", image.length, offsetInBank,
                    plan.inactiveBank(), bankSize / 1024), "");
        }
        if (driver.banksSwapped() != plan.swapped()) {
            throw new FlashRequestException(FlashOperation.BANK_ERASE, null, null,
                    driver.bankMappingLabel() + " changed since the plan was made; plan again", "");
        }
        long address = g.windowAddress(plan.inactiveBank(), offsetInBank, plan.swapped(), g.linkWindow());
        // the programmed address must really be the inactive physical bank (the whole point of an inactive-bank update)
        BankOffset check = g.physicalBankAt(address, plan.swapped()).orElseThrow();
        if (check.bank() != plan.inactiveBank()) {
            throw new FlashRequestException(FlashOperation.PROGRAM, null, address,
                    "the window mapping disagrees with the plan (physical bank " + check.bank() + ")", "plan again");
        }
        long total = 1000;
        progress.begin("Updating physical bank " + plan.inactiveBank(), total);
        driver.eraseBank(plan.inactiveBank(), progress.split(300));
        driver.program(address, image, progress.split(650));
        VerifyResult v = driver.verify(address, image);
        progress.worked(50);
        if (!v.ok()) {
            throw new FlashVerifyException(v, "the inactive bank did not read back as programmed");
        }
        return new Result(plan, address, image.length, v);
    }

    /** {@link #plan()} then {@link #update(Plan, byte[], long, FlashProgress)}. */
    public Result update(byte[] image, long offsetInBank, FlashProgress progress) throws TargetException {
        return update(plan(), image, offsetInBank, progress);
    }
}
