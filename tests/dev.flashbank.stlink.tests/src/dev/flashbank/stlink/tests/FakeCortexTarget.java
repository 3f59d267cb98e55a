package dev.flashbank.stlink.tests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.stlink.emulator.StlinkEmulatorBackend;

/**
 * Minimal Cortex-M target for the emulator unit tests: 64 KiB of RAM at 0x2000_0000, a read-only "ROM" at
 * 0x0800_0000, bus faults everywhere else, DHCSR/DCRSR/DCRDR register transfer, AIRCR reset counting, NRST and a
 * virtual clock. The real STM32F7 simulator is used in the integration tests.
 */
final class FakeCortexTarget implements StlinkEmulatorBackend {
    static final long RAM = 0x2000_0000L;
    static final int RAM_SIZE = 64 * 1024;
    static final long ROM = 0x0800_0000L;
    static final int ROM_SIZE = 4096;
    static final long IDCODE = 0x5BA0_2477L;

    final byte[] ram = new byte[RAM_SIZE];
    final byte[] rom = new byte[ROM_SIZE];
    final int[] coreRegisters = new int[128];
    final List<Long> writesLog = new ArrayList<>();
    long dcrdr;
    int dhcsrWrites;
    int systemResets;
    boolean nrst;
    final List<Boolean> nrstHistory = new ArrayList<>();
    boolean nrstDuringEnter;
    boolean locked;
    boolean powered = true;
    int millivolts = 3300;
    long nanos;
    boolean halted = true;
    /** An address inside RAM that answers with a bus fault (-1: none). */
    long faultAt = -1;
    int demcr;
    boolean cHalt = true;
    int hardwareResets;
    boolean ignoresHalt;

    FakeCortexTarget() {
        for (int i = 0; i < ROM_SIZE; i++) {
            rom[i] = (byte) (i * 7 + 3);
        }
    }

    @Override
    public long read(long address, AccessWidth width) throws TargetException {
        check();
        if (address == CortexM.DHCSR.address()) {
            return (halted ? CortexM.DHCSR_S_HALT.mask() : 0) | CortexM.DHCSR_S_REGRDY.mask()
                    | CortexM.DHCSR_C_DEBUGEN.mask();
        }
        if (address == CortexM.DCRDR.address()) {
            return dcrdr;
        }
        if (address == CortexM.DEMCR.address()) {
            return demcr & 0xFFFF_FFFFL;
        }
        byte[] mem = region(address, width);
        if (mem == null || address == faultAt) {
            throw new BusFaultException(address, "unmapped");
        }
        int off = (int) (address - (mem == ram ? RAM : ROM));
        long v = 0;
        for (int b = 0; b < width.bytes(); b++) {
            v |= (long) (mem[off + b] & 0xFF) << (8 * b);
        }
        return v;
    }

    @Override
    public void write(long address, AccessWidth width, long value) throws TargetException {
        check();
        writesLog.add(address);
        if (address == CortexM.DHCSR.address()) {
            dhcsrWrites++;
            if (CortexM.DHCSR_DBGKEY.extract((int) value) == CortexM.DBGKEY) {
                cHalt = (value & CortexM.DHCSR_C_HALT.mask()) != 0 && !ignoresHalt;
                halted = cHalt;
            }
            return;
        }
        if (address == CortexM.DEMCR.address()) {
            demcr = (int) value;
            return;
        }
        if (address == CortexM.DCRDR.address()) {
            dcrdr = value & 0xFFFF_FFFFL;
            return;
        }
        if (address == CortexM.DCRSR.address()) {
            int sel = (int) (CortexM.DCRSR_REGSEL.extract((int) value));
            if ((value & CortexM.DCRSR_REGWnR.mask()) != 0) {
                coreRegisters[sel] = (int) dcrdr;
            } else {
                dcrdr = coreRegisters[sel] & 0xFFFF_FFFFL;
            }
            return;
        }
        if (address == CortexM.AIRCR.address()) {
            if (CortexM.AIRCR_VECTKEY.extract((int) value) == CortexM.VECTKEY && (value & CortexM.AIRCR_SYSRESETREQ.mask()) != 0) {
                systemResets++;
                afterReset();
            }
            return;
        }
        if (region(address, width) != ram) {
            throw new BusFaultException(address, "not writable");
        }
        int off = (int) (address - RAM);
        for (int b = 0; b < width.bytes(); b++) {
            ram[off + b] = (byte) (value >>> (8 * b));
        }
    }

    private byte[] region(long address, AccessWidth width) {
        if (address >= RAM && address + width.bytes() <= RAM + RAM_SIZE) {
            return ram;
        }
        if (address >= ROM && address + width.bytes() <= ROM + ROM_SIZE) {
            return rom;
        }
        return null;
    }

    private void check() throws TargetException {
        if (!powered) {
            throw new ProbeDisconnectedException("target unpowered");
        }
        if (locked) {
            throw new DebugPortLockedException("RDP level 2");
        }
    }

    @Override
    public long readSwdDpIdcode() throws TargetException {
        check();
        nrstDuringEnter |= nrst;
        return IDCODE;
    }

    @Override
    public void setNrst(boolean asserted) {
        if (nrst && !asserted) {
            hardwareResets++;
            afterReset();
        }
        nrst = asserted;
        nrstHistory.add(asserted);
    }

    /** Leaving reset: the core halts on the reset vector with VC_CORERESET, or when C_HALT is still set. */
    private void afterReset() {
        halted = CortexM.DEMCR_VC_CORERESET.isSet(demcr) || cHalt;
    }

    @Override
    public int targetVoltageMillivolts() {
        return powered ? millivolts : 0;
    }

    @Override
    public void elapse(Duration time) {
        nanos += time.toNanos();
    }

    @Override
    public long nanoTime() {
        return nanos;
    }
}
