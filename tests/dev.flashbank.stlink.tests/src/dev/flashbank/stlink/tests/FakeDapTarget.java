package dev.flashbank.stlink.tests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.flashbank.core.device.cortexm.Adiv5;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.emulator.StlinkEmulatorBackend;

/**
 * {@link FakeCortexTarget} behind a scripted SW-DP for the DAP-direct unit tests: it logs every DP and AP access the
 * emulated firmware makes ("DP W 0x04 0x50000000", "AP1 R 0xFC"), keeps CTRL/STAT's requests (acknowledged at once)
 * and a sticky error, and performs DRW accesses on the fake target with the CSW size, TAR increment and byte lanes. AP
 * 0 is an AHB-AP, AP 1 an APB-AP; no other AP exists (IDR 0). The real DP/AP model is the simulator's
 * (SerialWireDebugPortTest, OpenOcdStlinkDapTest).
 */
final class FakeDapTarget implements StlinkEmulatorBackend {

    static final long AHB_AP_IDR = 0x7477_0001L;
    static final long APB_AP_IDR = 0x5477_0002L;

    final FakeCortexTarget target = new FakeCortexTarget();
    final List<String> log = new ArrayList<>();
    long ctrlStat;
    boolean stickyError;
    /** A DP register address whose access faults (-1: none). */
    int faultingDpRegister = -1;
    final long[] csw = new long[256];
    final long[] tar = new long[256];

    @Override
    public boolean modelsDebugPort() {
        return true;
    }

    @Override
    public long readDp(int address) throws TargetException {
        log.add(String.format("DP R 0x%02X", address));
        if (address == faultingDpRegister) {
            throw new BusFaultException(address, "DP fault (test)");
        }
        return switch (address) {
            case Adiv5.DP_DPIDR -> FakeCortexTarget.IDCODE;
            case Adiv5.DP_CTRL_STAT -> ctrlStat | (stickyError ? Adiv5.CTRL_STAT_STICKYERR : 0)
                    | ((ctrlStat & Adiv5.CTRL_STAT_CDBGPWRUPREQ) != 0 ? Adiv5.CTRL_STAT_CDBGPWRUPACK : 0)
                    | ((ctrlStat & Adiv5.CTRL_STAT_CSYSPWRUPREQ) != 0 ? Adiv5.CTRL_STAT_CSYSPWRUPACK : 0);
            default -> 0;
        };
    }

    @Override
    public void writeDp(int address, long value) throws TargetException {
        log.add(String.format("DP W 0x%02X 0x%08X", address, value));
        if (address == faultingDpRegister) {
            throw new BusFaultException(address, "DP fault (test)");
        }
        if (address == Adiv5.DP_ABORT && (value & Adiv5.ABORT_STKERRCLR) != 0) {
            stickyError = false;
        } else if (address == Adiv5.DP_CTRL_STAT) {
            ctrlStat = value & (Adiv5.CTRL_STAT_CDBGPWRUPREQ | Adiv5.CTRL_STAT_CSYSPWRUPREQ);
        }
    }

    @Override
    public long readAp(int apsel, int register) throws TargetException {
        log.add(String.format("AP%d R 0x%02X", apsel, register));
        return switch (register) {
            case Adiv5.AP_IDR -> apsel == 0 ? AHB_AP_IDR : apsel == 1 ? APB_AP_IDR : 0;
            case Adiv5.AP_CSW -> csw[apsel];
            case Adiv5.AP_TAR -> tar[apsel];
            case Adiv5.AP_DRW -> {
                long address = tar[apsel];
                long value = guarded(() -> target.read(address, width(apsel)));
                increment(apsel);
                yield (value << (8 * (address & 3))) & 0xFFFF_FFFFL;
            }
            default -> 0;
        };
    }

    @Override
    public void writeAp(int apsel, int register, long value) throws TargetException {
        log.add(String.format("AP%d W 0x%02X 0x%08X", apsel, register, value));
        switch (register) {
            case Adiv5.AP_CSW -> csw[apsel] = value;
            case Adiv5.AP_TAR -> tar[apsel] = value;
            case Adiv5.AP_DRW -> {
                long address = tar[apsel];
                AccessWidth w = width(apsel);
                guarded(() -> {
                    target.write(address, w, value >>> (8 * (address & 3)));
                    return 0L;
                });
                increment(apsel);
            }
            default -> {
            }
        }
    }

    private interface Access {
        long run() throws TargetException;
    }

    private long guarded(Access access) throws TargetException {
        if (stickyError) {
            throw new BusFaultException(0, "discarded: STICKYERR set");
        }
        try {
            return access.run();
        } catch (BusFaultException e) {
            stickyError = true;
            throw e;
        }
    }

    private AccessWidth width(int apsel) {
        return switch ((int) csw[apsel] & Adiv5.CSW_SIZE_MASK) {
            case Adiv5.CSW_SIZE_BYTE -> AccessWidth.BYTE;
            case Adiv5.CSW_SIZE_HALFWORD -> AccessWidth.HALFWORD;
            default -> AccessWidth.WORD;
        };
    }

    private void increment(int apsel) {
        if ((csw[apsel] & Adiv5.CSW_ADDRINC_MASK) == Adiv5.CSW_ADDRINC_SINGLE) {
            tar[apsel] += width(apsel).bytes();
        }
    }

    /** Log lines of one kind ("AP", "DP", "AP0 W"). */
    List<String> logOf(String prefix) {
        return log.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    // ---- the plain backend: the fake target's

    @Override
    public long read(long address, AccessWidth width) throws TargetException {
        return target.read(address, width);
    }

    @Override
    public void write(long address, AccessWidth width, long value) throws TargetException {
        target.write(address, width, value);
    }

    @Override
    public long readSwdDpIdcode() throws TargetException {
        return target.readSwdDpIdcode();
    }

    @Override
    public void setNrst(boolean asserted) {
        target.setNrst(asserted);
    }

    @Override
    public int targetVoltageMillivolts() {
        return target.targetVoltageMillivolts();
    }

    @Override
    public void elapse(Duration time) {
        target.elapse(time);
    }

    @Override
    public long nanoTime() {
        return target.nanoTime();
    }
}
