package dev.flashbank.integration.tests.cpu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * QEMU's per-instruction register dumps ({@code -d cpu[,fpu],nochain -singlestep -D file}): with one instruction per
 * translation block and no block chaining, "cpu" logs the state before every instruction QEMU executes (the state
 * after the previous one). Format of target/arm/cpu.c arm_cpu_dump_state for M-profile (QEMU 7.2):
 * <pre>
 * R00=00000000 R01=00000000 R02=00000000 R03=00000000     (four lines, R00..R15)
 * XPSR=41000000 -Z-- T priv-thread                         (or unpriv-thread, handler)
 * s00=00000000 s01=00000000 d00=0000000000000000           (with "fpu": 16 lines, then)
 * FPSCR: 00000000
 * </pre>
 * Read as a stream: a long program's log is hundreds of MB.
 */
final class QemuCpuLog implements AutoCloseable {

    private final BufferedReader in;
    private final boolean withFp;

    QemuCpuLog(Path log, boolean withFp) {
        try {
            this.in = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.withFp = withFp;
    }

    /** The next logged state, or null at the end of the log. */
    ArchState next() {
        try {
            int[] r = new int[16];
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("R00=")) {
                // "Trace" lines, QEMU messages
            }
            if (line == null) {
                return null;
            }
            for (int row = 0; row < 4; row++) {
                if (row > 0) {
                    line = in.readLine();
                    if (line == null) {
                        return null; // a record cut off at the end of the log
                    }
                }
                for (int k = 0; k < 4; k++) {
                    r[row * 4 + k] = hex(line, k * 13 + 4);
                }
            }
            String x = in.readLine();
            if (x == null || !x.startsWith("XPSR=")) {
                return null;
            }
            int xpsr = hex(x, 5);
            boolean privileged = !x.contains("unpriv");
            if (!withFp) {
                return new ArchState(r, xpsr, privileged, null, ArchState.NO_FP);
            }
            int[] s = new int[32];
            for (int row = 0; row < 16; row++) {
                String f = in.readLine();
                if (f == null || !f.startsWith("s")) {
                    return null;
                }
                s[2 * row] = hex(f, 4);
                s[2 * row + 1] = hex(f, 17);
            }
            String fpscr = in.readLine();
            if (fpscr == null || !fpscr.startsWith("FPSCR: ")) {
                return null;
            }
            return new ArchState(r, xpsr, privileged, s, hex(fpscr, 7));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int hex(String line, int at) {
        return Integer.parseUnsignedInt(line, at, at + 8, 16);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
