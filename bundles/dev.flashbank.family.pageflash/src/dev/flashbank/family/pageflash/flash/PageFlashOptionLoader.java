package dev.flashbank.family.pageflash.flash;

import static dev.flashbank.family.pageflash.PageFlashRegisters.DEV_ID;

import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.UniqueId;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashOperationException;
import dev.flashbank.core.flash.OperationTimeout;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.pageflash.PageFlashRegisters;

/**
 * The two halves of a page-flash option change (RM0440 / RM0351 / RM0444 §3.4.2 "Option bytes programming"):
 * <ol>
 * <li>{@link #program}: with LOCK and OPTLOCK open, write the option registers, set OPTSTRT, wait BSY. The option
 * bytes are now programmed, but the registers still show - and the part still obeys - the values loaded at the last
 * option-byte load (OBL).</li>
 * <li>{@link #load}: set OBL_LAUNCH, which loads the option bytes "under system reset": the part RESETS, the core
 * restarts (through the ROM bootloader when BFB2 asks for it) and the debug connection drops - the probe may answer
 * the very write that set the bit with an error (OpenOCD ignores it: "ST-Link reports an SWD_DP_ERROR, despite the
 * write was successful"). This class then reconnects - halts the running core, or, when that fails, resets it with
 * NRST held as a connect under reset does - and re-identifies the part: DEV_ID, flash size and the 96-bit unique ID
 * must be those read before, so the options read back afterwards are this part's.</li>
 * </ol>
 * Nothing here is cancelable: a cut option change leaves value/complement mismatches that load as "protected"
 * (RM0444 §3.4.2 caution).
 */
final class PageFlashOptionLoader {

    /** What identifies the part across the OBL reset. */
    record Identity(int devId, int flashSizeRegister, UniqueId uid) {
    }

    /** How the session came back after OBL_LAUNCH. */
    record Reload(String reconnect, Optional<String> launchAnswer) {
        /** One sentence for reports: "OBL_LAUNCH reset the part; reconnected by halting the core". */
        String text() {
            return "OBL_LAUNCH loaded the options and reset the part" + launchAnswer.map(a -> " (the probe answered "
                    + "the write with \"" + a + "\", as expected: the part reset under it)").orElse("")
                    + "; reconnected " + reconnect;
        }
    }

    private final DebugTarget target;
    private final MemoryAccess mem;
    private final PageFlashRegisters regs;
    private final PageFlashDriverControl control;
    private final PollClock clock;
    private final long flashSizeAddress;
    private final long uniqueIdAddress;

    PageFlashOptionLoader(DebugTarget target, PageFlashRegisters regs, PageFlashDriverControl control, PollClock clock,
            long flashSizeAddress, long uniqueIdAddress) {
        this.target = target;
        this.mem = target.memory();
        this.regs = regs;
        this.control = control;
        this.clock = clock;
        this.flashSizeAddress = flashSizeAddress;
        this.uniqueIdAddress = uniqueIdAddress;
    }

    /** DBGMCU_IDCODE.DEV_ID (DBG_IDCODE on G0), the flash size register and the unique ID, read now. */
    Identity identify() throws TargetException {
        Register idcode = regs.idcode();
        int devId = idcode.field(DEV_ID).extract(mem.read32(idcode.address()));
        int size = mem.read16(flashSizeAddress);
        UniqueId uid = new UniqueId(mem.read32(uniqueIdAddress), mem.read32(uniqueIdAddress + 4),
                mem.read32(uniqueIdAddress + 8));
        return new Identity(devId, size, uid);
    }

    /**
     * With LOCK and OPTLOCK open ({@link PageFlashDriverControl#unlockOptions()}): read-modify-write of each option
     * register in {@code values} (only the bits the model defines come from the request; the others are kept, as HAL
     * and OpenOCD keep them), OPTSTRT, a first wait of {@code firstPollNanos}, BSY polled within {@code budget}, then
     * FLASH_SR checked (WRPERR at RDP level 2, PGSERR when the sequence was wrong) and cleared.
     */
    void program(Map<Register, Integer> values, long firstPollNanos, OperationTimeout budget) throws TargetException {
        for (Map.Entry<Register, Integer> e : values.entrySet()) {
            Register r = e.getKey();
            int defined = r.definedBits();
            int now = mem.read32(r.address());
            mem.write32(r.address(), (now & ~defined) | (e.getValue() & defined));
        }
        control.control(control.optionStartBit());
        clock.pause(firstPollNanos);
        int sr = control.waitIdle(budget, FlashOperation.OPTION_WRITE, null, null);
        control.check(sr, FlashOperation.OPTION_WRITE, null, null, "option-byte programming (OPTSTRT)");
    }

    /**
     * OBL_LAUNCH, then reconnect and re-identify (see the class comment). {@code before} is the identity read before
     * the option change.
     *
     * @throws FlashOperationException when the session cannot reconnect or another part answers; the message says
     *         that the options WERE programmed and what to do (power cycle, connect under reset, read them back)
     */
    Reload load(Identity before) throws TargetException {
        control.unlockOptions();
        Optional<String> answer = Optional.empty();
        try {
            control.control(control.optionLoadBit());
        } catch (TargetException e) {
            // the reset cut the access: expected - a bus fault, or an ST-Link's SWD_DP_ERROR, which the transport
            // reports as a target that stopped answering
            answer = Optional.of(e.getMessage());
        }
        String how;
        try {
            target.core().halt();
            how = "by halting the core that restarted with the new options";
        } catch (TargetException first) {
            try {
                target.core().resetAndHalt(ResetKind.HARDWARE);
                how = "under reset (NRST held while halting: the core did not answer after the OBL reset: "
                        + first.getMessage() + ")";
            } catch (TargetException second) {
                throw lost("the core did not answer after the OBL reset (" + first.getMessage()
                        + "), nor under reset (" + second.getMessage() + ")", second);
            }
        }
        Identity after = identify();
        if (after.devId() != before.devId() || after.flashSizeRegister() != before.flashSizeRegister()
                || !after.uid().equals(before.uid())) {
            throw new FlashOperationException(FlashOperation.OPTION_WRITE, FailureCause.UNKNOWN, null, null,
                    String.format("after OBL_LAUNCH another part answered: DEV_ID 0x%03X, flash size 0x%04X, UID %s "
                            + "(before: DEV_ID 0x%03X, flash size 0x%04X, UID %s)", after.devId(),
                            after.flashSizeRegister(), after.uid(), before.devId(), before.flashSizeRegister(),
                            before.uid()),
                    "check which board is connected; read the options of the original part back with "
                            + "'flashbank ob show'", null);
        }
        return new Reload(how, answer);
    }

    private static FlashOperationException lost(String what, Throwable cause) {
        return new FlashOperationException(FlashOperation.OPTION_WRITE, FailureCause.UNKNOWN, null, null,
                "the option bytes WERE programmed (OPTSTRT completed) and OBL_LAUNCH was set, but " + what
                        + ": the new options are in force if the part reset",
                "power-cycle the board (a power-on reset also loads the options; RM0440 asks for one after an RDP "
                        + "change with a debugger attached), connect again (--connect-under-reset if the firmware "
                        + "disables SWD) and check the options with 'flashbank ob show'", cause);
    }
}
