package dev.flashbank.sim.gdb;

import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_CONTROL_PRIMASK;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_FPSCR;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_LR;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_MSP;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_PC;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_PSP;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_S0;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_SP;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_XPSR;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.flashbank.sim.cpu.CoreProfile;

/**
 * The registers a GDB client sees on a Cortex-M core, in GDB register-number order, and the target description that
 * names them (GDB manual G.5.1 "ARM Features"): {@code org.gnu.gdb.arm.m-profile} (r0-r12, sp, lr, pc, xpsr),
 * {@code org.gnu.gdb.arm.m-system} (msp, psp and the special registers: primask and control; basepri and faultmask
 * on ARMv7-M) and, with an FPU, {@code org.gnu.gdb.arm.vfp} (d0-d15 as pairs of S registers, fpscr). Every register
 * is read and written through one DCRSR selector (ARMv7-M ARM C1.6.3): the special registers share selector 20, one
 * byte each; D<i>n</i> is S<i>2n+1</i>:S<i>2n</i>.
 */
public final class GdbRegisters {

    /** Where a register lives behind DCRSR. */
    enum Kind {
        /** One selector, the whole 32-bit value. */
        CORE,
        /** One byte of the CONTROL/FAULTMASK/BASEPRI/PRIMASK word (selector 20) at {@code shift}. */
        SPECIAL,
        /** 64 bits from two S registers: the selector of the low half, then the next. */
        DOUBLE
    }

    /** One GDB register: name, size, description type and its DCRSR source. */
    record Register(int number, String name, int bits, String type, String feature, Kind kind, int selector, int shift) {

        int bytes() {
            return bits / 8;
        }
    }

    static final String M_PROFILE = "org.gnu.gdb.arm.m-profile";
    static final String M_SYSTEM = "org.gnu.gdb.arm.m-system";
    static final String VFP = "org.gnu.gdb.arm.vfp";

    private final CoreProfile profile;
    private final List<Register> registers;

    private GdbRegisters(CoreProfile profile, List<Register> registers) {
        this.profile = profile;
        this.registers = List.copyOf(registers);
    }

    /** The register set of {@code profile}: the special registers ARMv6-M lacks and the FPU it has or not. */
    public static GdbRegisters of(CoreProfile profile) {
        List<Register> r = new ArrayList<>();
        for (int i = 0; i <= 12; i++) {
            r.add(new Register(r.size(), "r" + i, 32, "uint32", M_PROFILE, Kind.CORE, i, 0));
        }
        r.add(new Register(r.size(), "sp", 32, "data_ptr", M_PROFILE, Kind.CORE, REGSEL_SP, 0));
        r.add(new Register(r.size(), "lr", 32, "int", M_PROFILE, Kind.CORE, REGSEL_LR, 0));
        r.add(new Register(r.size(), "pc", 32, "code_ptr", M_PROFILE, Kind.CORE, REGSEL_PC, 0));
        r.add(new Register(r.size(), "xpsr", 32, "int", M_PROFILE, Kind.CORE, REGSEL_XPSR, 0));
        r.add(new Register(r.size(), "msp", 32, "data_ptr", M_SYSTEM, Kind.CORE, REGSEL_MSP, 0));
        r.add(new Register(r.size(), "psp", 32, "data_ptr", M_SYSTEM, Kind.CORE, REGSEL_PSP, 0));
        // selector 20: CONTROL[31:24] FAULTMASK[23:16] BASEPRI[15:8] PRIMASK[7:0]; ARMv6-M has PRIMASK and CONTROL only
        r.add(new Register(r.size(), "primask", 32, "int", M_SYSTEM, Kind.SPECIAL, REGSEL_CONTROL_PRIMASK, 0));
        if (profile.armv7m()) {
            r.add(new Register(r.size(), "basepri", 32, "int", M_SYSTEM, Kind.SPECIAL, REGSEL_CONTROL_PRIMASK, 8));
            r.add(new Register(r.size(), "faultmask", 32, "int", M_SYSTEM, Kind.SPECIAL, REGSEL_CONTROL_PRIMASK, 16));
        }
        r.add(new Register(r.size(), "control", 32, "int", M_SYSTEM, Kind.SPECIAL, REGSEL_CONTROL_PRIMASK, 24));
        if (profile.fpu().present()) {
            for (int d = 0; d < 16; d++) {
                r.add(new Register(r.size(), "d" + d, 64, "ieee_double", VFP, Kind.DOUBLE, REGSEL_S0 + 2 * d, 0));
            }
            r.add(new Register(r.size(), "fpscr", 32, "int", VFP, Kind.CORE, REGSEL_FPSCR, 0));
        }
        return new GdbRegisters(profile, r);
    }

    public CoreProfile profile() {
        return profile;
    }

    /** The registers in number order (the {@code g} packet's order). */
    List<Register> all() {
        return registers;
    }

    Optional<Register> byNumber(int number) {
        return number >= 0 && number < registers.size() ? Optional.of(registers.get(number)) : Optional.empty();
    }

    /** Register names in number order (for tests and messages). */
    public List<String> names() {
        return registers.stream().map(Register::name).toList();
    }

    /** Bytes of a {@code g} reply: every register, little-endian, in number order. */
    public int packetBytes() {
        return registers.stream().mapToInt(Register::bytes).sum();
    }

    /** {@code target.xml}: the architecture and every feature inline (no includes to fetch). */
    public String targetXml() {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        x.append("  <architecture>arm</architecture>\n");
        String open = null;
        for (Register r : registers) {
            if (!r.feature().equals(open)) {
                if (open != null) {
                    x.append("  </feature>\n");
                }
                open = r.feature();
                x.append("  <feature name=\"").append(open).append("\">\n");
            }
            x.append("    <reg name=\"").append(r.name()).append("\" bitsize=\"").append(r.bits())
                    .append("\" regnum=\"").append(r.number()).append("\" type=\"").append(r.type()).append('"');
            if (r.feature().equals(M_SYSTEM)) {
                x.append(" group=\"system\"");
            } else if (r.feature().equals(VFP)) {
                x.append(" group=\"float\"");
            }
            x.append("/>\n");
        }
        x.append("  </feature>\n</target>\n");
        return x.toString();
    }
}
