package dev.flashbank.integration.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.BSY;
import static dev.flashbank.family.stm32f7.Stm32F7Registers.KEYR_KEYS;
import static dev.flashbank.family.stm32f7.Stm32F7Registers.LOCK;
import static dev.flashbank.family.stm32f7.Stm32F7Registers.MER;
import static dev.flashbank.family.stm32f7.Stm32F7Registers.PSIZE;
import static dev.flashbank.family.stm32f7.Stm32F7Registers.STRT;

import java.time.Duration;
import java.util.SplittableRandom;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.core.target.MemoryAccess;

/**
 * The data and the naive firmware sequence of seed scenario A (issue 4; AN4826 dual bank mode), shared by the tests
 * that replay it over each transport (simulated probe, emulated ST-Link).
 */
public final class SeedScenarioA {

    public static final String PART = "STM32F767ZI";
    public static final long BANK2_WINDOW = 0x0810_0000L;
    public static final int BANK_SIZE = 1024 * 1024;
    public static final byte[] IMAGE_BANK1 = bytes(1, 256);
    public static final byte[] OLD_BANK2 = bytes(2, 256);
    public static final byte[] NEW = bytes(3, 48);

    /** Waits on the transport's clock (the simulator's virtual time), for BSY polling. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d) throws Exception;
    }

    private SeedScenarioA() {
    }

    /** Deterministic pseudo-random test data. */
    public static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** F767 factory option bytes in dual-bank mode (nDBANK = 0). */
    public static OptionBytes dualBank() {
        return OptionBytes.factory(Stm32F7Line.F76X_F77X).withBankMode(BankMode.DUAL);
    }

    /**
     * What HAL_FLASHEx_Erase(TypeErase = MASSERASE, Banks = FLASH_BANK_1) does, as register writes: unlock, MER (= MER1)
     * with PSIZE x32, STRT, wait BSY, lock (STM32F7 HAL FLASH_MassErase). Returns FLASH_SR after the erase.
     */
    public static int naiveHalBankErase1(Stm32F7Registers regs, MemoryAccess m, Pause pause) throws Exception {
        m.write32(regs.keyr().address(), KEYR_KEYS.key1());
        m.write32(regs.keyr().address(), KEYR_KEYS.key2());
        int cr = regs.cr().field(PSIZE).encode(Parallelism.X32.psize()) | regs.cr().field(MER).mask();
        m.write32(regs.cr().address(), cr);
        m.write32(regs.cr().address(), cr | regs.cr().field(STRT).mask());
        int sr;
        do {
            pause.pause(Duration.ofMillis(100));
            sr = m.read32(regs.sr().address());
        } while (regs.sr().field(BSY).isSet(sr));
        m.write32(regs.cr().address(), regs.cr().field(LOCK).mask());
        return sr;
    }
}
