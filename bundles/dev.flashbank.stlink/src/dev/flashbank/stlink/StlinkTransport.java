package dev.flashbank.stlink;

import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.core.target.TargetTimeoutException;

/**
 * One ST-Link command exchange, V2+ framing (OpenOCD src/jtag/drivers/stlink_usb.c): a 16-byte command block to the OUT
 * endpoint, an optional OUT data phase, then (when {@code inLength > 0}) an IN phase of exactly that many bytes, which
 * is either the reply or the read data. Implemented over USB ({@code dev.flashbank.stlink.usb}) and by the emulator
 * ({@code dev.flashbank.stlink.emulator}); the session above does not know which.
 * <p>
 * Contract: never blocks longer than {@code timeoutMillis} per phase; a vanished probe throws
 * {@link ProbeDisconnectedException} (and every later call throws it too); an expired phase throws
 * {@link TargetTimeoutException}; other transport failures throw {@link StlinkTransportException}.
 */
public interface StlinkTransport extends AutoCloseable {

    /**
     * @param cdb           exactly {@link StlinkCommands#CDB_SIZE} bytes
     * @param dataOut       bytes of the OUT data phase, or {@code null} for none
     * @param inLength      bytes expected in the IN phase, 0 for none
     * @param timeoutMillis per-phase timeout
     * @return the IN bytes ({@code inLength} of them; empty array when 0)
     */
    byte[] exchange(byte[] cdb, byte[] dataOut, int inLength, int timeoutMillis) throws TargetException;

    /** Short description: product and serial, or "emulated ST-LINK/V2 V2J37S7". */
    String describe();

    /** Releases the USB interface / emulator; idempotent, never throws. */
    @Override
    void close();
}
