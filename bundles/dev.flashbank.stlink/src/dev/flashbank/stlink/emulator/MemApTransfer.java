package dev.flashbank.stlink.emulator;

import java.time.Duration;

import dev.flashbank.core.device.cortexm.Adiv5;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.TargetException;

/**
 * The single accesses of one memory command as the probe firmware performs them on a MEM-AP: CSW (the host's bits
 * 31:8, the command's size, address increment on or off), TAR, then DRW with the data on the byte lanes of
 * address[1:0] (ADIv5.2 C2.2). TAR is written again whenever the address leaves the 1 KiB block in which ADIv5
 * guarantees auto-increment, so the firmware never relies on IMPLEMENTATION DEFINED wrapping; with the increment
 * off (the NO_ADDR_INC commands) TAR is written once. A backend that models no debug port gets the accesses as plain
 * bus accesses.
 * <p>
 * Each SWD transaction (CSW, TAR, DRW) is charged its wire time BEFORE it is made, so a write stalled by the target
 * (FLASH_SR.BSY) only adds the part of the stall the wire did not already cover.
 */
final class MemApTransfer {

    private final StlinkEmulatorBackend backend;
    private final int apsel;
    private final int csw;
    private final AccessWidth width;
    private final boolean increment;
    private final Duration swdAccess;
    private boolean cswWritten;
    /** Address TAR holds for the next DRW access, or -1 when TAR must be written. */
    private long tar = -1;

    /**
     * @param cswHigh   CSW bits 31:8 as the host sent them (bytes 9-11 of the command), already shifted into place
     * @param increment false for the NO_ADDR_INC commands (one address, many accesses)
     */
    MemApTransfer(StlinkEmulatorBackend backend, int apsel, int cswHigh, AccessWidth width, boolean increment,
            Duration swdAccess) {
        this.backend = backend;
        this.apsel = apsel;
        this.csw = (cswHigh & ~0xFF) | Adiv5.cswSize(width.bytes())
                | (increment ? Adiv5.CSW_ADDRINC_SINGLE : Adiv5.CSW_ADDRINC_OFF);
        this.width = width;
        this.increment = increment;
        this.swdAccess = swdAccess;
    }

    long read(long address) throws TargetException {
        if (!backend.modelsDebugPort()) {
            backend.elapse(swdAccess);
            return backend.read(address, width);
        }
        setUp(address);
        backend.elapse(swdAccess);
        long drw = backend.readAp(apsel, Adiv5.AP_DRW);
        advance(address);
        return (drw >>> (8 * (address & 3))) & mask();
    }

    void write(long address, long value) throws TargetException {
        if (!backend.modelsDebugPort()) {
            backend.elapse(swdAccess);
            backend.write(address, width, value);
            return;
        }
        setUp(address);
        backend.elapse(swdAccess);
        backend.writeAp(apsel, Adiv5.AP_DRW, ((value & mask()) << (8 * (address & 3))) & 0xFFFF_FFFFL);
        advance(address);
    }

    /**
     * After a faulted transfer the firmware clears STICKYERR itself (ABORT.STKERRCLR), so that its next command is not
     * discarded by the DP: an HLA host never sees CTRL/STAT. Emulator choice; the fault is reported through
     * GETLASTRWSTATUS2 either way.
     */
    void clearStickyError() {
        if (!backend.modelsDebugPort()) {
            return;
        }
        try {
            backend.writeDp(Adiv5.DP_ABORT, Adiv5.ABORT_STKERRCLR);
        } catch (TargetException e) {
            // the DP no longer answers: the next command reports that
        }
    }

    private void setUp(long address) throws TargetException {
        if (!cswWritten) {
            backend.elapse(swdAccess);
            backend.writeAp(apsel, Adiv5.AP_CSW, csw & 0xFFFF_FFFFL);
            cswWritten = true;
        }
        if (tar != address) {
            backend.elapse(swdAccess);
            backend.writeAp(apsel, Adiv5.AP_TAR, address);
            tar = address;
        }
    }

    private void advance(long address) {
        if (!increment) {
            return;
        }
        long next = address + width.bytes();
        boolean sameBlock = next / Adiv5.TAR_AUTOINCREMENT_BLOCK == address / Adiv5.TAR_AUTOINCREMENT_BLOCK;
        tar = sameBlock ? next : -1;
    }

    private long mask() {
        return width == AccessWidth.WORD ? 0xFFFF_FFFFL : (1L << (8 * width.bytes())) - 1;
    }
}
