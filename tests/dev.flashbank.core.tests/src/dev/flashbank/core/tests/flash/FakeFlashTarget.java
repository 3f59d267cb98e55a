package dev.flashbank.core.tests.flash;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.CoreControl;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;

/**
 * A tiny fake of the STM32F7 FLASH interface for driver unit tests: just enough register behaviour (LOCK/OPTLOCK and
 * the key sequences, STRT/OPTSTRT/program writes making BSY busy for a set time on a fake clock, write-1-to-clear
 * SR, injected error flags) and a log of every register and flash write in order. All addresses and bits are the
 * model's ({@link Stm32F7Registers}).
 */
final class FakeFlashTarget implements DebugTarget, MemoryAccess, PollClock {

    final Stm32F7Descriptor descriptor;
    final Stm32F7Registers regs;
    final List<String> log = new ArrayList<>();
    /** Flash writes: {address, length, width bytes}. */
    final List<long[]> flashWrites = new ArrayList<>();
    final Map<Long, Byte> flash = new HashMap<>();
    /** Error flags (SR masks) to raise when the next operations complete, one entry per operation. */
    final Deque<Integer> injectedFlags = new ArrayDeque<>();

    int voltage = 3300;
    boolean streaming = true;
    long now;
    long busyUntil = -1;
    long opNanos = 1_000_000; // every operation lasts 1 ms unless changed
    boolean neverFinish;
    int cr;
    int sr;
    int optcr;
    int optcr1;
    int optcr2;
    int memrmp;
    int apb2enr;
    int keyStage;
    int optKeyStage;
    boolean keysBroken;
    int srPolls;

    FakeFlashTarget(Stm32F7Line line, OptionBytes options) {
        this.descriptor = Stm32F7Descriptor.of(line);
        this.regs = descriptor.registers();
        this.cr = regs.cr().resetValue();
        this.optcr = options.optcr() | bit(regs.optcr(), OPTLOCK);
        this.optcr1 = options.optcr1();
        this.optcr2 = options.optcr2();
    }

    static int bit(Register r, String field) {
        return r.field(field).mask();
    }

    void setSwpFb(boolean v) {
        Field f = regs.memrmp().field(SWP_FB);
        memrmp = f.insert(memrmp, v ? 1 : 0);
    }

    boolean busy() {
        return neverFinish || now < busyUntil;
    }

    private void startOp() {
        busyUntil = now + opNanos;
        if (!injectedFlags.isEmpty()) {
            sr |= injectedFlags.poll();
        }
    }

    private String name(long a) {
        for (Register r : regs.flash().registers()) {
            if (r.address() == a) {
                return r.name();
            }
        }
        if (a == regs.memrmp().address()) {
            return MEMRMP;
        }
        if (a == regs.apb2enr().address()) {
            return APB2ENR;
        }
        return null;
    }

    private boolean inFlash(long a) {
        long size = descriptor.stm32F7Line().maxFlashSizeKiB() * 1024L;
        return (a >= Stm32F7Window.AXIM.base() && a < Stm32F7Window.AXIM.base() + size)
                || (a >= Stm32F7Window.ITCM.base() && a < Stm32F7Window.ITCM.base() + size);
    }

    // ------------------------------------------------------------------ MemoryAccess

    @Override
    public void read(long address, byte[] buffer, int offset, int length, AccessWidth width) throws TargetException {
        if (inFlash(address)) {
            for (int i = 0; i < length; i++) {
                buffer[offset + i] = flash.getOrDefault(address + i, (byte) 0xFF);
            }
            return;
        }
        if (length != 4) {
            throw new BusFaultException(address, "fake: only word register reads");
        }
        String n = name(address);
        if (n == null) {
            throw new BusFaultException(address, "fake: unmapped");
        }
        int v = switch (n) {
            case SR -> {
                srPolls++;
                log.add("SR?");
                yield sr | (busy() ? bit(regs.sr(), BSY) : 0);
            }
            case CR -> cr;
            case OPTCR -> optcr;
            case OPTCR1 -> optcr1;
            case OPTCR2 -> optcr2;
            case MEMRMP -> memrmp;
            case APB2ENR -> apb2enr;
            default -> 0;
        };
        for (int i = 0; i < 4; i++) {
            buffer[offset + i] = (byte) (v >>> (8 * i));
        }
    }

    @Override
    public void write(long address, byte[] data, int offset, int length, AccessWidth width) throws TargetException {
        if (inFlash(address)) {
            flashWrites.add(new long[] { address, length, width.bytes() });
            log.add(String.format("FLASH 0x%08X len=%d width=%d", address, length, width.bytes()));
            if ((cr & bit(regs.cr(), PG)) == 0) {
                sr |= bit(regs.sr(), ERSERR);
                return;
            }
            for (int i = 0; i < length; i++) {
                flash.put(address + i, data[offset + i]);
            }
            startOp();
            return;
        }
        int v = (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF) << 16
                | (data[offset + 3] & 0xFF) << 24;
        String n = name(address);
        if (n == null) {
            throw new BusFaultException(address, "fake: unmapped");
        }
        log.add(String.format("%s=0x%08X", n, v));
        switch (n) {
            case KEYR -> {
                if (keysBroken) {
                    throw new BusFaultException(address, "fake: locked until reset");
                }
                if (keyStage == 0 && v == KEYR_KEYS.key1()) {
                    keyStage = 1;
                } else if (keyStage == 1 && v == KEYR_KEYS.key2()) {
                    keyStage = 0;
                    cr &= ~bit(regs.cr(), LOCK);
                } else {
                    keyStage = 0;
                }
            }
            case OPTKEYR -> {
                if (optKeyStage == 0 && v == OPTKEYR_KEYS.key1()) {
                    optKeyStage = 1;
                } else if (optKeyStage == 1 && v == OPTKEYR_KEYS.key2()) {
                    optKeyStage = 0;
                    optcr &= ~bit(regs.optcr(), OPTLOCK);
                }
            }
            case SR -> sr &= ~(v & (regs.srErrorMask() | bit(regs.sr(), EOP)));
            case CR -> {
                if ((cr & bit(regs.cr(), LOCK)) != 0) {
                    return;
                }
                cr = v & ~bit(regs.cr(), STRT);
                if ((v & bit(regs.cr(), STRT)) != 0) {
                    startOp();
                }
            }
            case OPTCR -> {
                if ((optcr & bit(regs.optcr(), OPTLOCK)) != 0) {
                    return;
                }
                optcr = v & ~bit(regs.optcr(), OPTSTRT);
                if ((v & bit(regs.optcr(), OPTSTRT)) != 0) {
                    startOp();
                }
            }
            case OPTCR1 -> optcr1 = v;
            case OPTCR2 -> optcr2 = v;
            case MEMRMP -> memrmp = v;
            case APB2ENR -> apb2enr = v;
            default -> {
            }
        }
    }

    /** Log entries of writes to register {@code name}. */
    List<String> writesTo(String name) {
        return log.stream().filter(s -> s.startsWith(name + "=")).toList();
    }

    /** Value of the i-th write to register {@code name}. */
    int written(String name, int i) {
        return (int) Long.parseLong(writesTo(name).get(i).substring(name.length() + 3), 16);
    }

    // ------------------------------------------------------------------ PollClock

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void pause(long nanos) {
        now += nanos;
    }

    // ------------------------------------------------------------------ DebugTarget

    @Override
    public MemoryAccess memory() {
        return this;
    }

    @Override
    public CoreControl core() {
        throw new UnsupportedOperationException("not used by the driver unit tests");
    }

    @Override
    public int targetVoltageMillivolts() {
        return voltage;
    }

    @Override
    public String describe() {
        return "fake flash";
    }

    @Override
    public boolean supportsStreamingFlashWrites() {
        return streaming;
    }

    @Override
    public void close() {
    }
}
