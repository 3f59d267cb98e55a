package dev.flashbank.sim.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.FP_COMP0_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.FP_COMP_ENABLE;
import static dev.flashbank.core.device.cortexm.CortexM.FP_COMP_REPLACE;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_ENABLE;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_KEY;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_NUM_CODE_HI;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_NUM_CODE_LO;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_NUM_LIT;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_REV;
import static dev.flashbank.core.device.cortexm.CortexM.FP_REMAP_ADDRESS;

/**
 * The Flash Patch and Breakpoint unit (ARMv7-M ARM C1.11; the Cortex-M0+ breakpoint unit, ARMv6-M ARM C1.8.2) as a
 * breakpoint unit: FP_CTRL (KEY, ENABLE, NUM_CODE, NUM_LIT, REV), FP_REMAP and the comparators. Version 1 (Cortex-M4,
 * Cortex-M0+) compares the word address COMP[28:2] in the code region and REPLACE picks the halfword; version 2
 * (Cortex-M7) compares BPADDR[31:1] when BE (bit 0) is set. Flash patching (REPLACE = 0, the literal comparators) is
 * not modelled: those comparators keep what is written. Debug domain: reset only at power-on.
 */
final class Fpb {

    private static final int REMAP_BITS = 0x1FFF_FFE0; // FP_REMAP.REMAP[28:5]

    private final boolean version2;
    private final int codeComparators;
    private final int literalComparators;
    private final int[] comp;
    private boolean enabled;
    private int remap;
    /** Some comparator can match: the core's fast path skips {@link #matches} otherwise. */
    boolean armed;

    Fpb(CoreProfile profile) {
        this.version2 = profile.partno() == dev.flashbank.core.device.cortexm.CortexM.PARTNO_CORTEX_M7;
        this.codeComparators = profile.breakpointComparators();
        this.literalComparators = profile == CoreProfile.CORTEX_M4F ? 2 : 0; // Cortex-M4 TRM: 6 code + 2 literal
        this.comp = new int[codeComparators + literalComparators];
    }

    void powerOnReset() {
        java.util.Arrays.fill(comp, 0);
        enabled = false;
        remap = 0;
        armed = false;
    }

    /** A breakpoint comparator matches the instruction at {@code pc}. */
    boolean matches(int pc) {
        for (int i = 0; i < codeComparators; i++) {
            int c = comp[i];
            if (!FP_COMP_ENABLE.isSet(c)) {
                continue;
            }
            if (version2) {
                if ((c & ~1) == pc) {
                    return true;
                }
            } else if (Integer.compareUnsigned(pc, 0x2000_0000) < 0 && (c & 0x1FFF_FFFC) == (pc & ~3)) {
                int replace = FP_COMP_REPLACE.extract(c);
                if (replace == 3 || replace == 1 && (pc & 2) == 0 || replace == 2 && (pc & 2) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean handles(int address) {
        return address >= (int) FP_CTRL_ADDRESS && address < (int) FP_COMP0_ADDRESS + 4 * comp.length;
    }

    int read(int address) {
        if (address == (int) FP_CTRL_ADDRESS) {
            int v = enabled ? FP_CTRL_ENABLE.mask() : 0;
            v = FP_CTRL_NUM_CODE_LO.insert(v, codeComparators & 0xF);
            v = FP_CTRL_NUM_CODE_HI.insert(v, codeComparators >>> 4);
            v = FP_CTRL_NUM_LIT.insert(v, literalComparators);
            return FP_CTRL_REV.insert(v, version2 ? 1 : 0);
        }
        if (address == (int) FP_REMAP_ADDRESS) {
            return remap;
        }
        return comp[(address - (int) FP_COMP0_ADDRESS) >>> 2];
    }

    void write(int address, int value) {
        if (address == (int) FP_CTRL_ADDRESS) {
            if (FP_CTRL_KEY.isSet(value)) { // without KEY the write is ignored
                enabled = FP_CTRL_ENABLE.isSet(value);
            }
        } else if (address == (int) FP_REMAP_ADDRESS) {
            remap = version2 ? 0 : value & REMAP_BITS; // FPB v2 has no flash patch: RAZ/WI
        } else {
            comp[(address - (int) FP_COMP0_ADDRESS) >>> 2] = value;
        }
        armed = false;
        if (enabled) {
            for (int i = 0; i < codeComparators; i++) {
                armed |= FP_COMP_ENABLE.isSet(comp[i]);
            }
        }
    }
}
