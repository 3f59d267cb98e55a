package dev.flashbank.sim.cpu;

import static dev.flashbank.sim.cpu.VfpEncodings.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** VMOV between core and FP registers, VMOV immediate/register, VMRS/VMSR (ARMv7-M ARM A7.7). */
class VfpTransferTest {

    private final VfpHarness h = new VfpHarness();

    @Test
    void vmovBetweenACoreRegisterAndASingle() {
        h.regs.r[2] = 0x4049_0FDB;
        h.run(0xEE002A90); // vmov s1, r2
        assertThat(h.regs.s[1]).isEqualTo(0x4049_0FDB);
        h.regs.s[4] = 0xFF80_0001; // a signalling NaN moves as it is
        h.run(0xEE123A10); // vmov r3, s4
        assertThat(h.regs.r[3]).isEqualTo(0xFF80_0001);
        assertThat(h.flags()).isZero();
    }

    @Test
    void vmovTwoCoreRegistersAndTwoSinglesOrOneDouble() {
        h.regs.r[4] = 11;
        h.regs.r[5] = 22;
        assertThat(h.run(0xEC454A1F)).isEqualTo(2); // vmov s30, s31, r4, r5
        assertThat(h.regs.s[30]).isEqualTo(11);
        assertThat(h.regs.s[31]).isEqualTo(22);

        h.regs.s[2] = 33;
        h.regs.s[3] = 44;
        h.run(0xEC576A11); // vmov r6, r7, s2, s3
        assertThat(h.regs.r[6]).isEqualTo(33);
        assertThat(h.regs.r[7]).isEqualTo(44);

        h.regs.r[8] = 0;
        h.regs.r[9] = 0x4000_0000;
        h.run(VMOV_D5_CORE); // vmov d5, r8, r9: r8 the low word
        assertThat(h.d(5)).isEqualTo(2.0);

        h.d(6, -1.0);
        h.run(0xEC5BAB16); // vmov r10, r11, d6
        assertThat(h.regs.r[10]).isZero();
        assertThat(h.regs.r[11]).isEqualTo(0xBFF0_0000);
    }

    @Test
    void vmovScalarIsAHalfOfADoubleRegister() {
        h.regs.r[2] = 0x1234_5678;
        h.run(0xEE212B10); // vmov.32 d1[1], r2
        assertThat(h.regs.s[3]).isEqualTo(0x1234_5678);
        h.regs.s[4] = 99;
        h.run(0xEE123B10); // vmov.32 r3, d2[0]
        assertThat(h.regs.r[3]).isEqualTo(99);
    }

    @Test
    void vmsrKeepsOnlyTheWritableBitsAndVmrsReadsThemBack() {
        h.regs.r[5] = 0xFFFF_FFFF;
        h.run(0xEEE15A10); // vmsr fpscr, r5
        assertThat(h.regs.fpscr).isEqualTo(0xF7C0_009F); // no QC, LEN, STRIDE, trap enables
        h.run(0xEEF14A10); // vmrs r4, fpscr
        assertThat(h.regs.r[4]).isEqualTo(0xF7C0_009F);
    }

    @Test
    void vmrsApsrNzcvCopiesTheComparisonFlagsAndNotThePc() {
        h.regs.r[15] = VfpHarness.RAM;
        h.regs.fpscr = 0b1010 << 28;
        h.run(0xEEF1FA10); // vmrs APSR_nzcv, fpscr
        assertThat(new boolean[] {h.regs.n, h.regs.z, h.regs.c, h.regs.v}).containsExactly(true, false, true, false);
        assertThat(h.regs.r[15]).isEqualTo(VfpHarness.RAM);
    }

    @Test
    void vmovImmediateExpandsTheEightBitConstant() {
        h.run(0xEEB70A00); // vmov.f32 s0, #1.0
        h.run(0xEEFC0A08); // vmov.f32 s1, #-0.1875 (objdump prints the imm8, 200)
        h.run(VMOV_F64_IMM); // vmov.f64 d2, #31.0
        assertThat(h.s(0)).isEqualTo(1.0f);
        assertThat(h.s(1)).isEqualTo(-0.1875f);
        assertThat(h.d(2)).isEqualTo(31.0);
    }

    @Test
    void vmovRegisterVabsAndVnegAreBitOperationsWithoutNanProcessing() {
        h.regs.fpscr = VfpHarness.DN;
        h.regs.s[4] = 0x7F80_0001; // signalling NaN
        h.run(0xEEF01A42); // vmov.f32 s3, s4
        assertThat(h.regs.s[3]).isEqualTo(0x7F80_0001);
        h.dBits(4, 0xFFF0_0000_0000_0001L);
        h.run(0xEEB03B44); // vmov.f64 d3, d4
        assertThat(h.dBits(3)).isEqualTo(0xFFF0_0000_0000_0001L);
        h.regs.s[1] = 0xFF80_0001;
        h.run(0xEEB00AE0); // vabs.f32 s0, s1
        assertThat(h.regs.s[0]).isEqualTo(0x7F80_0001);
        h.dBits(1, 0x7FF0_0000_0000_0001L);
        h.run(0xEEB10B41); // vneg.f64 d0, d1
        assertThat(h.dBits(0)).isEqualTo(0xFFF0_0000_0000_0001L);
        assertThat(h.flags()).isZero();
    }
}
