package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.sim.tests.cpu.ThumbTestCore.C;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.CFSR_INVSTATE;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.CFSR_NOCP;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.CFSR_UNDEFINSTR;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.CODE;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.N;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.Q;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.STACK;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.V;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.Z;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.m0plus;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.m7;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IT blocks (A7.3), branches and interworking (A2.3.1 BXWritePC, BranchWritePC), table branches, special registers
 * (B5.2), undefined and coprocessor encodings, and the ARMv6-M subset. Encodings from arm-none-eabi-as.
 */
class ThumbControlTest {

    // ----------------------------------------------------------------- IT blocks

    @ParameterizedTest(name = "r0 = {0}")
    @ValueSource(ints = { 0, 1 })
    void iteRunsExactlyOneArm(int r0) {
        ThumbTestCore t = m7().code(0x2801, /* cmp r0, #1 */ 0xBF0C, /* ite eq */ 0x2101, /* moveq r1, #1 */
                0x2102 /* movne r1, #2 */).r(0, r0).r(1, 9).run();
        assertThat(t.r(1)).isEqualTo(r0 == 1 ? 1 : 2);
        assertThat(t.itstate()).as("ITSTATE after the block").isZero();
    }

    @Test
    void itstateAdvancesThroughTheBlock() {
        ThumbTestCore t = m7().code(0xBF0C, /* ite eq */ 0x2101, /* moveq r1, #1 */ 0x2102 /* movne r1, #2 */);
        t.step();
        assertThat(t.itstate()).as("ITE EQ: firstcond 0000, mask 1100").isEqualTo(0x0C);
        t.step();
        assertThat(t.itstate()).as("second instruction: NE").isEqualTo(0x18);
        t.step();
        assertThat(t.itstate()).isZero();
    }

    @Test
    void sixteenBitAddInsideItDoesNotSetFlags() {
        ThumbTestCore t = m7().code(0xBF08, /* it eq */ 0x3001 /* addeq r0, #1 */).r(0, -1).flags(Z).run();
        assertThat(t.r(0)).isZero();
        assertThat(t.flags()).as("no carry: the 16-bit ADD sets no flags in an IT block").isEqualTo(Z);
        t = m7().code(0x3001 /* adds r0, #1 */).r(0, -1).run();
        assertThat(t.flags()).as("the same encoding outside IT").isEqualTo(Z | C);
    }

    @Test
    void compareInsideItChangesTheLaterConditions() {
        ThumbTestCore t = m7().code(0xBF04, /* itt eq */ 0x2802, /* cmpeq r0, #2 */ 0x2105 /* moveq r1, #5 */)
                .r(0, 1).r(1, 9).flags(Z).run();
        assertThat(t.r(1)).as("Z cleared by the CMP inside the block").isEqualTo(9);
    }

    @Test
    void skippedWideInstructionAdvancesByFour() {
        ThumbTestCore t = m7().code(0xBF18, /* it ne */ 0xF500, 0x7080 /* addne.w r0, r0, #0x100 */).r(0, 1).flags(Z)
                .run();
        assertThat(t.r(0)).isEqualTo(1);
        t = m7().code(0xBF18, /* it ne */ 0xF500, 0x7080 /* addne.w r0, r0, #0x100 */).r(0, 1).run();
        assertThat(t.r(0)).isEqualTo(0x101);
    }

    // ----------------------------------------------------------------- branches

    @Test
    void conditionalBranchWide() {
        assertThat(m7().code(0xF000, 0x87FE /* beq.w .+0x1000 */).flags(Z).step().regs.pc()).isEqualTo(CODE + 0x1000);
        assertThat(m7().code(0xF000, 0x87FE /* beq.w .+0x1000 */).step().regs.pc()).isEqualTo(CODE + 4);
        assertThat(m7().code(0xF47E, 0xAFFE /* bne.w .-0x1000 */).step().regs.pc()).isEqualTo(CODE - 0x1000);
        assertThat(m7().code(0xF0FF, 0xBFFE /* b.w .+0x100000 */).step().regs.pc()).isEqualTo(CODE + 0x10_0000);
    }

    @Test
    void blSetsLrWithTheThumbBit() {
        ThumbTestCore t = m7().code(0xF000, 0xF87E /* bl .+0x100 */).step();
        assertThat(t.regs.pc()).isEqualTo(CODE + 0x100);
        assertThat(t.r(14)).isEqualTo(CODE + 4 | 1);
    }

    @Test
    void bxAndBlxInterwork() {
        ThumbTestCore t = m7().code(0x4770 /* bx lr */).r(14, 0x2001).step();
        assertThat(t.regs.pc()).isEqualTo(0x2000);
        t = m7().code(0x4798 /* blx r3 */).r(3, 0x3001).step();
        assertThat(t.regs.pc()).isEqualTo(0x3000);
        assertThat(t.r(14)).isEqualTo(CODE + 2 | 1);
    }

    @Test
    void bxToAnEvenAddressFaultsOnTheNextInstruction() {
        ThumbTestCore t = m7().code(0x4770 /* bx lr */).r(14, 0x2000).step();
        assertThat(t.regs.pc()).isEqualTo(0x2000);
        t.step();
        t.assertFaulted(0x2000);
        assertThat(t.cfsr() & CFSR_INVSTATE).isNotZero();
    }

    @Test
    void cbzAndCbnz() {
        assertThat(m7().code(0xB108 /* cbz r0, .+6 */).r(0, 0).step().regs.pc()).isEqualTo(CODE + 6);
        assertThat(m7().code(0xB108 /* cbz r0, .+6 */).r(0, 1).step().regs.pc()).isEqualTo(CODE + 2);
        assertThat(m7().code(0xB908 /* cbnz r0, .+6 */).r(0, 1).step().regs.pc()).isEqualTo(CODE + 6);
    }

    @Test
    void addAndMovToPcAndSp() {
        assertThat(m7().code(0x4487 /* add pc, r0 */).r(0, 0x11).step().regs.pc()).as("bit 0 ignored")
                .isEqualTo(CODE + 4 + 0x10);
        assertThat(m7().code(0x4478 /* add r0, pc */).r(0, 1).run().r(0)).isEqualTo(CODE + 4 + 1);
        assertThat(m7().code(0x4685 /* mov sp, r0 */).r(0, 0x7FF3).run().r(13)).isEqualTo(0x7FF0);
    }

    @Test
    void tableBranches() {
        ThumbTestCore t = m7().code(0xE8DF, 0xF000, /* tbb [pc, r0] */ 0x0502 /* table bytes 2, 5 */).r(0, 1).step();
        assertThat(t.regs.pc()).isEqualTo(CODE + 4 + 2 * 5);
        t = m7().code(0xE8DF, 0xF010, /* tbh [pc, r0, lsl #1] */ 0x0002, 0x0100 /* table */).r(0, 1).step();
        assertThat(t.regs.pc()).isEqualTo(CODE + 4 + 2 * 0x100);
    }

    @Test
    void popPcAndLdrPcInterwork() {
        ThumbTestCore t = m7().code(0xBD70 /* pop {r4, r5, r6, pc} */).word(STACK - 16, 4).word(STACK - 12, 5)
                .word(STACK - 8, 6).word(STACK - 4, 0x2001).r(13, STACK - 16).step();
        assertThat(new int[] { t.r(4), t.r(5), t.r(6), t.r(13) }).containsExactly(4, 5, 6, STACK);
        assertThat(t.regs.pc()).isEqualTo(0x2000);
        t = m7().code(0xF85D, 0xFB04 /* ldr.w pc, [sp], #4 */).word(STACK - 4, 0x3001).r(13, STACK - 4).step();
        assertThat(t.regs.pc()).isEqualTo(0x3000);
        assertThat(t.r(13)).isEqualTo(STACK);
    }

    // ----------------------------------------------------------------- special registers

    @Test
    void msrMrsApsrWithGe() {
        ThumbTestCore t = m7().code(0xF380, 0x8800, /* msr apsr_nzcvq, r0 */ 0xF380, 0x8400, /* msr apsr_g, r0 */
                0xF3EF, 0x8100 /* mrs r1, apsr */).r(0, 0xF80F_0000).run();
        assertThat(t.flags()).isEqualTo(N | Z | C | V | Q);
        assertThat(t.ge()).isEqualTo(0xF);
        assertThat(t.r(1)).isEqualTo(0xF80F_0000);
    }

    @Test
    void controlSpselSwitchesTheStackPointer() {
        ThumbTestCore t = m7().code(0xF380, 0x8809, /* msr psp, r0 */ 0x2002, /* movs r0, #2 */
                0xF380, 0x8814, /* msr control, r0 */ 0xF3EF, 0x8114, /* mrs r1, control */
                0xF3EF, 0x8109 /* mrs r1, psp */).r(0, 0x6003);
        t.step(4);
        assertThat(t.r(1)).isEqualTo(2);
        assertThat(t.r(13)).as("SP is PSP now").isEqualTo(0x6000);
        assertThat(t.regs.msp()).isEqualTo(STACK);
        t.step();
        assertThat(t.r(1)).isEqualTo(0x6000);
    }

    @Test
    void cpsIsIgnoredUnprivileged() {
        ThumbTestCore t = m7().code(0xB672 /* cpsid i */).run();
        assertThat(t.regs.specialRegisters() & 1).as("PRIMASK").isEqualTo(1);
        t = m7().code(0xB672 /* cpsid i */);
        t.regs.writeRegsel(20, 1 << 24); // CONTROL.nPRIV = 1
        t.run();
        assertThat(t.regs.specialRegisters() & 1).isZero();
    }

    // ----------------------------------------------------------------- undefined, coprocessor

    @Test
    void udfIsUndefined() {
        ThumbTestCore t = m7().code(0xDE00 /* udf #0 */).step();
        t.assertFaulted(CODE);
        assertThat(t.cfsr() & CFSR_UNDEFINSTR).isNotZero();
    }

    @Test
    void coprocessorOtherThanTheFpuIsNocp() {
        ThumbTestCore t = m7().code(0xEE01, 0x0F10 /* mcr p15, 0, r0, c1, c0, 0 */).step();
        t.assertFaulted(CODE);
        assertThat(t.cfsr() & CFSR_NOCP).isNotZero();
    }

    // ----------------------------------------------------------------- ARMv6-M

    @Test
    void armv6mRefusesThumb2Encodings() {
        int[][] refused = { { 0xF04F, 0x0001 /* mov.w r0, #1 */ }, { 0xFB91, 0xF0F2 /* sdiv r0, r1, r2 */ },
                { 0xB108 /* cbz r0, .+6 */ }, { 0xBF08, /* it eq */ 0x2001 /* moveq r0, #1 */ },
                { 0xE8DF, 0xF000 /* tbb [pc, r0] */ } };
        for (int[] code : refused) {
            ThumbTestCore t = m0plus().code(code).r(0, 7).step();
            t.assertFaulted(CODE);
            assertThat(t.regs.ipsr()).as("HardFault").isEqualTo(3);
            assertThat(t.r(0)).isEqualTo(7);
        }
    }

    @Test
    void armv6mRunsItsFewWideInstructions() {
        ThumbTestCore t = m0plus().code(0xF3BF, 0x8F5F, /* dmb sy */ 0xF3EF, 0x8100, /* mrs r1, apsr */
                0xF000, 0xF87E /* bl .+0x100 */).flags(N).step(3);
        assertThat(t.r(1)).isEqualTo(N);
        assertThat(t.regs.pc()).isEqualTo(CODE + 8 + 0x100);
        assertThat(t.r(14)).isEqualTo(CODE + 12 | 1);
    }
}
