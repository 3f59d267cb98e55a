package dev.flashbank.sim.cpu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The semihosting calls a test program needs (ARM "Semihosting for AArch32 and AArch64", BKPT 0xAB on M-profile):
 * SYS_WRITEC, SYS_WRITE0, SYS_WRITE (every handle writes to the one output) and SYS_EXIT. Other operations return -1
 * in R0. Serviced by the core only when a test or `board run` asks for it; otherwise BKPT 0xAB halts for a debugger.
 */
public final class Semihosting {

    static final int BKPT_IMMEDIATE = 0xAB;
    static final int SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04, SYS_WRITE = 0x05, SYS_EXIT = 0x18;
    /** SYS_EXIT reason ADP_Stopped_ApplicationExit: a normal exit (status 0). */
    static final int ADP_STOPPED_APPLICATION_EXIT = 0x2_0026;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private Integer exitStatus;

    /** What the program wrote, as UTF-8. */
    public String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** The program's SYS_EXIT status (0 for ADP_Stopped_ApplicationExit, 1 for any other reason), if it exited. */
    public OptionalInt exitStatus() {
        return exitStatus == null ? OptionalInt.empty() : OptionalInt.of(exitStatus);
    }

    /** Services the call in R0/R1; false when it was SYS_EXIT. */
    boolean call(CortexMCore core) {
        CoreRegisters r = core.regs;
        CpuBus bus = core.memory;
        int op = r.r[0];
        int param = r.r[1];
        switch (op) {
        case SYS_WRITEC -> output.write(bus.read8(param));
        case SYS_WRITE0 -> {
            for (int a = param, b; (b = bus.read8(a)) != 0; a++) {
                output.write(b);
            }
        }
        case SYS_WRITE -> {
            int data = bus.read32(param + 4);
            int length = bus.read32(param + 8);
            for (int i = 0; i < length; i++) {
                output.write(bus.read8(data + i));
            }
            r.r[0] = 0; // bytes not written
        }
        case SYS_EXIT -> {
            exitStatus = param == ADP_STOPPED_APPLICATION_EXIT ? 0 : 1;
            return false;
        }
        default -> r.r[0] = -1;
        }
        return true;
    }
}
