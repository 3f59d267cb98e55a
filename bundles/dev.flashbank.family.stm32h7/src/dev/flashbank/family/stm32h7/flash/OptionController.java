package dev.flashbank.family.stm32h7.flash;

import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.core.flash.FlashBusyTimeoutException;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashUnlockException;
import dev.flashbank.core.flash.OperationTimeout;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7Registers;

/**
 * The shared option registers of an STM32H7 (OPTKEYR, OPTCR, OPTSR_CUR/PRG, OPTCCR and the _PRG registers; RM0433
 * §4.4.3 "Option byte modification"): OPTLOCK handling (keys only while OPTLOCK = 1) and the option change itself.
 */
final class OptionController {

    private final Stm32H7Registers regs;
    private final MemoryAccess mem;
    private final PollClock clock;
    private final Register optkeyr;
    private final Register optcr;
    private final Register optsrCur;
    private final Register optccr;
    private final Field optlock;
    private final Field optstart;
    private final Optional<Field> swapBank;
    private final Optional<Field> swapBankOpt;
    private final Field optBusy;
    private final Field optChangeErr;
    private final Field clrOptChangeErr;

    OptionController(Stm32H7Registers regs, MemoryAccess mem, PollClock clock) {
        this.regs = regs;
        this.mem = mem;
        this.clock = clock;
        optkeyr = regs.optkeyr();
        optcr = regs.optcr();
        optsrCur = regs.optsrCur();
        optccr = regs.optccr();
        optlock = optcr.field(OPTLOCK);
        optstart = optcr.field(OPTSTART);
        swapBank = optcr.findField(SWAP_BANK);
        swapBankOpt = optsrCur.findField(SWAP_BANK_OPT);
        optBusy = optsrCur.field(OPT_BUSY);
        optChangeErr = optsrCur.field(OPTCHANGEERR);
        clrOptChangeErr = optccr.field(CLR_OPTCHANGEERR);
    }

    /** FLASH_OPTCR.SWAP_BANK: the mapping in force (latched from SWAP_BANK_OPT at the last reset). */
    boolean swapBank() throws TargetException {
        return swapBank.isPresent() && swapBank.get().isSet(mem.read32(optcr.address()));
    }

    /** FLASH_OPTSR_CUR.SWAP_BANK_OPT: the mapping the next reset latches. */
    boolean swapBankAfterReset() throws TargetException {
        return swapBankOpt.isPresent() && swapBankOpt.get().isSet(mem.read32(optsrCur.address()));
    }

    /** Clears OPTCR.OPTLOCK with OPTKEY1, OPTKEY2 (only when set) and checks it cleared. */
    void unlock() throws TargetException {
        if (!optlock.isSet(mem.read32(optcr.address()))) {
            return;
        }
        try {
            mem.write32(optkeyr.address(), OPTKEYR_KEYS.key1());
            mem.write32(optkeyr.address(), OPTKEYR_KEYS.key2());
        } catch (BusFaultException e) {
            throw new FlashUnlockException(FlashOperation.OPTION_UNLOCK,
                    "writing FLASH_OPTKEYR faulted: the flash rejected the key sequence (after a wrong or repeated "
                            + "sequence FLASH_OPTCR stays locked until reset)", e);
        }
        if (optlock.isSet(mem.read32(optcr.address()))) {
            throw new FlashUnlockException(FlashOperation.OPTION_UNLOCK,
                    "FLASH_OPTCR.OPTLOCK is still set after writing OPTKEY1/OPTKEY2 to FLASH_OPTKEYR: it is locked "
                            + "until the next reset (an earlier wrong or repeated key sequence, possibly through the "
                            + "alias at +0x100)", null);
        }
    }

    /** Sets OPTCR.OPTLOCK. */
    void lock() throws TargetException {
        int v = mem.read32(optcr.address());
        mem.write32(optcr.address(), optstart.insert(optlock.insert(v, 1), 0));
    }

    /**
     * With OPTLOCK open: read-modify-write of the _PRG registers in {@code prgValues} (only the bits the model defines
     * are taken from the request, the others kept as HAL and OpenOCD keep them), OPTCCR.CLR_OPTCHANGEERR, OPTSTART,
     * a first wait of {@code typicalNanos}, then OPT_BUSY polled within {@code budget}; OPTCHANGEERR becomes an
     * {@link H7FlashStatusException} (and is cleared).
     */
    void change(Map<String, Integer> prgValues, long typicalNanos, OperationTimeout budget) throws TargetException {
        for (Map.Entry<String, Integer> e : prgValues.entrySet()) {
            Register prg = regs.flash().register(e.getKey());
            int defined = prg.definedBits();
            int now = mem.read32(prg.address());
            mem.write32(prg.address(), (now & ~defined) | (e.getValue() & defined));
        }
        mem.write32(optccr.address(), clrOptChangeErr.mask());
        mem.write32(optcr.address(), optstart.insert(mem.read32(optcr.address()), 1));
        clock.pause(typicalNanos);
        int optsr = waitIdle(budget);
        if (optChangeErr.isSet(optsr)) {
            mem.write32(optccr.address(), clrOptChangeErr.mask());
            throw new H7FlashStatusException(FlashOperation.OPTION_WRITE, EnumSet.noneOf(H7StatusFlag.class), optsr,
                    FailureCause.UNKNOWN, null, null, String.format("the option change was refused: "
                            + "FLASH_OPTSR_CUR = 0x%08X has OPTCHANGEERR set - the flash kept the options in force "
                            + "(a change not allowed at the current RDP level, or a PCROP/secure-area change that is "
                            + "not permitted)", optsr),
                    "read the options back ('flashbank ob show'), check RDP and the protected areas, retry");
        }
    }

    private int waitIdle(OperationTimeout budget) throws TargetException {
        long t0 = clock.nanoTime();
        long interval = 1_000_000;
        while (true) {
            int optsr = mem.read32(optsrCur.address());
            if (!optBusy.isSet(optsr)) {
                return optsr;
            }
            long elapsed = clock.nanoTime() - t0;
            if (elapsed >= budget.nanos()) {
                throw new FlashBusyTimeoutException(FlashOperation.OPTION_WRITE, budget, elapsed, null, null,
                        String.format("option-byte change: FLASH_OPTSR_CUR.OPT_BUSY still set after %s; budget %s",
                                BankController.human(elapsed), budget.describe()));
            }
            clock.pause(Math.min(interval, budget.nanos() - elapsed));
            interval = Math.min(100_000_000L, interval * 2);
        }
    }
}
