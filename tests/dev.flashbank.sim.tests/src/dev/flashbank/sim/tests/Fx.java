package dev.flashbank.sim.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;

import java.time.Duration;

import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Register;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Geometry;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;

/**
 * Test fixture: a simulated board, a probe on it and the register sequences of HAL stm32f7xx_hal_flash.c and OpenOCD
 * stm32f2x.c, written the way a flash driver does them, with every address and bit taken from the device model.
 */
final class Fx {

    final SimulatedBoard board;
    final SimulatedProbe probe;
    final MemoryAccess mem;
    final Stm32F7Registers r;
    final long keyr, optkeyr, sr, cr, optcr, optcr1;

    Fx(SimulatedBoard board) throws TargetException {
        this(board, SimulatedProbe.DEFAULT_ACCESS_TIME);
    }

    Fx(SimulatedBoard board, Duration accessTime) throws TargetException {
        this.board = board;
        this.probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.NORMAL, accessTime);
        this.mem = probe.memory();
        this.r = board.descriptor().registers();
        keyr = r.keyr().address();
        optkeyr = r.optkeyr().address();
        sr = r.sr().address();
        cr = r.cr().address();
        optcr = r.optcr().address();
        optcr1 = r.optcr1().address();
    }

    static Fx of(String part) throws Exception {
        return new Fx(SimulatedBoards.create(part));
    }

    static Fx of(String part, BoardOptions o) throws Exception {
        return new Fx(SimulatedBoards.create(part, o));
    }

    /** F767ZI with factory options except nDBANK = 0 (dual bank) already latched. */
    static Fx dualBank() throws Exception {
        return dualBank(BoardOptions.defaults());
    }

    static Fx dualBank(BoardOptions o) throws Exception {
        OptionBytes ob = OptionBytes.factory(dev.flashbank.family.stm32f7.Stm32F7Line.F76X_F77X)
                .withBankMode(dev.flashbank.core.device.BankMode.DUAL);
        return new Fx(SimulatedBoards.create("STM32F767ZI", o.withOptionBytes(ob)));
    }

    /** Sets SWP_FB through the debugger, as a tool must: SYSCFG clock on (RCC_APB2ENR.SYSCFGEN), then MEMRMP. */
    void setSwpFb(boolean on) throws TargetException {
        long apb2enr = r.apb2enr().address();
        mem.write32(apb2enr, mem.read32(apb2enr) | r.apb2enr().field(SYSCFGEN).mask());
        int v = mem.read32(r.memrmp().address());
        int bit = r.memrmp().field(SWP_FB).mask();
        mem.write32(r.memrmp().address(), on ? v | bit : v & ~bit);
    }

    int crBit(String field) {
        return r.cr().field(field).mask();
    }

    int srBit(String field) {
        return r.sr().field(field).mask();
    }

    int optcrBit(String field) {
        return r.optcr().field(field).mask();
    }

    int psize(Parallelism p) {
        return r.cr().field(PSIZE).encode(p.psize());
    }

    int snb(int sector) {
        return r.cr().field(SNB).encode(Stm32F7Geometry.snbFor(sector));
    }

    int readSr() throws TargetException {
        return mem.read32(sr);
    }

    /** SR error flags only (BSY/EOP masked out). */
    int errors() throws TargetException {
        return readSr() & r.srErrorMask();
    }

    void clearErrors() throws TargetException {
        mem.write32(sr, r.srErrorMask() | srBit(EOP));
    }

    void unlock() throws TargetException {
        if ((mem.read32(cr) & crBit(LOCK)) != 0) {
            mem.write32(keyr, KEYR_KEYS.key1());
            mem.write32(keyr, KEYR_KEYS.key2());
        }
    }

    void unlockOptions() throws TargetException {
        if ((mem.read32(optcr) & optcrBit(OPTLOCK)) != 0) {
            mem.write32(optkeyr, OPTKEYR_KEYS.key1());
            mem.write32(optkeyr, OPTKEYR_KEYS.key2());
        }
    }

    /** Polls SR until BSY clears; each poll costs the probe's access time. */
    void waitIdle() throws TargetException {
        for (int i = 0; i < 50_000_000; i++) {
            if ((readSr() & srBit(BSY)) == 0) {
                return;
            }
        }
        throw new AssertionError("BSY never cleared");
    }

    void programWords(long address, int... words) throws TargetException {
        unlock();
        mem.write32(cr, crBit(PG) | psize(Parallelism.X32));
        for (int i = 0; i < words.length; i++) {
            mem.write32(address + 4L * i, words[i]);
        }
        waitIdle();
        mem.write32(cr, 0);
    }

    void eraseSector(int sector) throws TargetException {
        unlock();
        mem.write32(cr, crBit(SER) | snb(sector) | psize(Parallelism.X32));
        mem.write32(cr, crBit(SER) | snb(sector) | psize(Parallelism.X32) | crBit(STRT));
        waitIdle();
        mem.write32(cr, 0);
    }

    void massErase(int merBits) throws TargetException {
        unlock();
        mem.write32(cr, merBits | psize(Parallelism.X32));
        mem.write32(cr, merBits | psize(Parallelism.X32) | crBit(STRT));
        waitIdle();
        mem.write32(cr, 0);
    }

    /**
     * The option sequence (HAL_FLASHEx_OBProgram, OpenOCD stm32f2x.c): OPTCR1 (and OPTCR2) first, then OPTCR, then
     * OPTSTRT, wait, lock.
     */
    void programOptions(OptionBytes ob) throws TargetException {
        unlockOptions();
        mem.write32(optcr1, ob.optcr1());
        r.optcr2().map(Register::address).ifPresent(a -> {
            try {
                mem.write32(a, ob.optcr2());
            } catch (TargetException e) {
                throw new IllegalStateException(e);
            }
        });
        mem.write32(optcr, ob.optcrWriteValue());
        mem.write32(optcr, ob.optcrWriteValue() | optcrBit(OPTSTRT));
        waitIdle();
        mem.write32(optcr, ob.optcrWriteValue() | optcrBit(OPTLOCK));
    }

    long nowNanos() {
        return board.clock().nanos();
    }

    void elapse(Duration d) throws TargetException {
        probe.elapse(d);
    }
}
