package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.sim.tests.cpu.ThumbTestCore.CFSR_DIVBYZERO;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.CFSR_UNALIGNED;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.CODE;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.DATA;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.N;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.V;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.Z;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.m4;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.m7;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the instruction set takes from the system: CCR's DIV_0_TRP and UNALIGN_TRP (B3.2.8), the priority masks'
 * MSR rules (B5.2.3), branches at the end of IT blocks, SP alignment, and the cycle model per instruction class.
 * Encodings from arm-none-eabi-as.
 */
class ThumbSystemTest {

    private static final int CCR = 0xE000_ED14;
    private static final int CCR_UNALIGN_TRP = 1 << 3, CCR_DIV_0_TRP = 1 << 4;

    private static void setCcr(ThumbTestCore t, int bits) {
        int ccr = t.core.memory().read32(CCR);
        t.core.memory().write32(CCR, ccr | bits);
    }

    @Test
    void divideByZeroFaultsWhenTrapped() {
        ThumbTestCore t = m7().code(0xFB91, 0xF0F2 /* sdiv r0, r1, r2 */).r(0, 5).r(1, 7).r(2, 0);
        setCcr(t, CCR_DIV_0_TRP);
        t.step();
        t.assertFaulted(CODE);
        assertThat(t.cfsr() & CFSR_DIVBYZERO).isNotZero();
        assertThat(t.r(0)).isEqualTo(5);
    }

    @Test
    void unalignTrpMakesUnalignedWordLoadsFault() {
        ThumbTestCore t = m4().code(0x6801 /* ldr r1, [r0, #0] */).r(0, DATA + 2).r(1, 0x77);
        setCcr(t, CCR_UNALIGN_TRP);
        t.step();
        t.assertFaulted(CODE);
        assertThat(t.cfsr() & CFSR_UNALIGNED).isNotZero();
        assertThat(t.r(1)).isEqualTo(0x77);
    }

    @Test
    void basepriMaxOnlyRaisesThePriority() {
        ThumbTestCore t = m7().code(0xF380, 0x8811, /* msr basepri, r0 */ 0xF381, 0x8812, /* msr basepri_max, r1 */
                0xF3EF, 0x8211 /* mrs r2, basepri */).r(0, 0x40).r(1, 0x80).run();
        assertThat(t.r(2)).as("0x80 is a lower priority than 0x40: ignored").isEqualTo(0x40);
        t = m7().code(0xF380, 0x8811, /* msr basepri, r0 */ 0xF381, 0x8812, /* msr basepri_max, r1 */
                0xF3EF, 0x8211 /* mrs r2, basepri */).r(0, 0x40).r(1, 0x20).run();
        assertThat(t.r(2)).isEqualTo(0x20);
    }

    @Test
    void faultmaskSetByMsrClearedByCpsie() {
        ThumbTestCore t = m7().code(0xF380, 0x8813, /* msr faultmask, r0 */ 0xF3EF, 0x8213, /* mrs r2, faultmask */
                0xB661, /* cpsie f */ 0xF3EF, 0x8313 /* mrs r3, faultmask */).r(0, 1).run();
        assertThat(t.r(2)).isEqualTo(1);
        assertThat(t.r(3)).isZero();
    }

    @Test
    void branchAsTheLastInstructionOfAnItBlock() {
        ThumbTestCore t = m7().code(0xBF08, /* it eq */ 0xF000, 0xB87E /* beq.w .+0x100 */).flags(Z).step(2);
        assertThat(t.regs.pc()).isEqualTo(CODE + 2 + 0x100);
        assertThat(t.itstate()).isZero();
        t = m7().code(0xBF08, /* it eq */ 0xF000, 0xB87E /* beq.w .+0x100 */).step(2);
        assertThat(t.regs.pc()).isEqualTo(CODE + 6);
        t = m7().code(0xBF18, /* it ne */ 0x4770 /* bxne lr */).r(14, 0x2001).step(2);
        assertThat(t.regs.pc()).isEqualTo(0x2000);
    }

    @Test
    void fourInstructionItBlockFollowsItsMask() {
        int[] code = { 0xBFA5, /* ittet ge */ 0x3001, /* addge r0, #1 */ 0x3002, /* addge r0, #2 */
                0x3004, /* addlt r0, #4 */ 0x3008 /* addge r0, #8 */ };
        assertThat(m7().code(code).r(0, 0).flags(N | V).run().r(0)).as("GE: N == V").isEqualTo(11);
        assertThat(m7().code(code).r(0, 0).flags(N).run().r(0)).as("LT").isEqualTo(4);
    }

    @Test
    void stackPointerWritesKeepWordAlignment() {
        assertThat(m7().code(0x4485 /* add sp, r0 */).r(13, 0x7000).r(0, 6).run().r(13)).isEqualTo(0x7004);
        assertThat(m7().code(0xF8D0, 0xD000 /* ldr.w sp, [r0] */).word(DATA, 0x6003).r(0, DATA).run().r(13))
                .isEqualTo(0x6000);
    }

    @Test
    void cycleModelPerInstructionClass() {
        ThumbTestCore t = m7().code(0xD002 /* beq .+8 */).flags(Z);
        int taken = t.core.step();
        t = m7().code(0xD002 /* beq .+8 */);
        int notTaken = t.core.step();
        assertThat(notTaken).isEqualTo(1);
        assertThat(taken).as("a taken branch refills the pipeline").isGreaterThan(notTaken);
        t = m7().code(0xE890, 0x000E /* ldmia.w r0, {r1, r2, r3} */).r(0, DATA);
        assertThat(t.core.step()).as("LDM: 1 + N").isEqualTo(4);
        t = m7().code(0x1888 /* adds r0, r1, r2 */);
        assertThat(t.core.step()).isEqualTo(1);
    }
}
