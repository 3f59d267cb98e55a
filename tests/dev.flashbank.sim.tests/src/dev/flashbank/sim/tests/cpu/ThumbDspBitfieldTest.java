package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.sim.tests.cpu.ThumbTestCore.Q;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.m7;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Saturation with the sticky Q flag, the DSP extension's parallel add/subtract with APSR.GE and SEL, bit field,
 * byte-reverse, extend and pack instructions (ARMv7-M ARM A7.7). Encodings from arm-none-eabi-as.
 */
class ThumbDspBitfieldTest {

    private static ThumbTestCore one(int... halfwords) {
        return m7().code(halfwords);
    }

    @ParameterizedTest(name = "ssat #8 of {0}")
    @CsvSource({ "300, 127, 1", "-300, -128, 1", "100, 100, 0", "-128, -128, 0" })
    void ssatSaturatesAndSetsQ(int in, int out, int q) {
        ThumbTestCore t = one(0xF301, 0x0007 /* ssat r0, #8, r1 */).r(1, in).run();
        assertThat(t.r(0)).isEqualTo(out);
        assertThat(t.flags()).isEqualTo(q == 1 ? Q : 0);
    }

    @ParameterizedTest(name = "usat #8 of {0}")
    @CsvSource({ "-5, 0, 1", "300, 255, 1", "200, 200, 0" })
    void usatSaturatesAndSetsQ(int in, int out, int q) {
        ThumbTestCore t = one(0xF381, 0x0008 /* usat r0, #8, r1 */).r(1, in).run();
        assertThat(t.r(0)).isEqualTo(out);
        assertThat(t.flags()).isEqualTo(q == 1 ? Q : 0);
    }

    @Test
    void qIsStickyAndNotClearedBySaturatingInstructions() {
        ThumbTestCore t = one(0xF301, 0x0007 /* ssat r0, #8, r1 */).r(1, 100).flags(Q).run();
        assertThat(t.flags()).isEqualTo(Q);
    }

    @Test
    void ssatWithArithmeticShift() {
        ThumbTestCore t = one(0xF321, 0x100F /* ssat r0, #16, r1, asr #4 */).r(1, 0x7FFF_FFFF).run();
        assertThat(t.r(0)).isEqualTo(0x7FFF);
        assertThat(t.flags()).isEqualTo(Q);
        t = one(0xF321, 0x100F /* ssat r0, #16, r1, asr #4 */).r(1, 0x1230).run();
        assertThat(t.r(0)).isEqualTo(0x123);
        assertThat(t.flags()).isZero();
    }

    @Test
    void halfwordSaturation() {
        ThumbTestCore t = one(0xF321, 0x0007 /* ssat16 r0, #8, r1 */).r(1, 0x0190_FF00).run();
        assertThat(t.r(0)).isEqualTo(0x007F_FF80);
        assertThat(t.flags()).isEqualTo(Q);
        t = one(0xF3A1, 0x0008 /* usat16 r0, #8, r1 */).r(1, 0xFFFF_0100).run();
        assertThat(t.r(0)).isEqualTo(0x0000_00FF);
        assertThat(t.flags()).isEqualTo(Q);
    }

    @Test
    void qaddAndQdsubSaturate() {
        ThumbTestCore t = one(0xFA82, 0xF081 /* qadd r0, r1, r2 */).r(1, 0x7FFF_FFFF).r(2, 1).run();
        assertThat(t.r(0)).isEqualTo(0x7FFF_FFFF);
        assertThat(t.flags()).isEqualTo(Q);
        t = one(0xFA82, 0xF0B1 /* qdsub r0, r1, r2 */).r(1, 0).r(2, 0x4000_0000).run();
        assertThat(t.r(0)).as("0 - sat(2 * 0x40000000)").isEqualTo(0x8000_0001);
        assertThat(t.flags()).isEqualTo(Q);
    }

    // ----------------------------------------------------------------- parallel add/subtract, GE, SEL

    @Test
    void uadd8SetsGePerByteCarryAndSelUsesIt() {
        ThumbTestCore t = one(0xFA81, 0xF042, /* uadd8 r0, r1, r2 */ 0xFAA4, 0xF385 /* sel r3, r4, r5 */)
                .r(1, 0xFF80_0110).r(2, 0x0180_FF10).r(4, 0x4444_4444).r(5, 0x5555_5555).run();
        assertThat(t.r(0)).isEqualTo(0x0000_0020);
        assertThat(t.ge()).isEqualTo(0b1110);
        assertThat(t.r(3)).isEqualTo(0x4444_4455);
    }

    @Test
    void sadd16SetsGeForNonNegativeLanes() {
        ThumbTestCore t = one(0xFA91, 0xF002 /* sadd16 r0, r1, r2 */).r(1, 0x7FFF_0001).r(2, 0x0001_FFFE).run();
        assertThat(t.r(0)).isEqualTo(0x8000_FFFF);
        assertThat(t.ge()).isEqualTo(0b1100);
    }

    @Test
    void usub16SetsGeWhenNoBorrow() {
        ThumbTestCore t = one(0xFAD1, 0xF042 /* usub16 r0, r1, r2 */).r(1, 0x0005_0003).r(2, 0x0003_0005).run();
        assertThat(t.r(0)).isEqualTo(0x0002_FFFE);
        assertThat(t.ge()).isEqualTo(0b1100);
    }

    @Test
    void exchangeForms() {
        ThumbTestCore t = one(0xFAA1, 0xF042 /* uasx r0, r1, r2 */).r(1, 0xFFFF_0005).r(2, 0x0003_0002).run();
        assertThat(t.r(0)).isEqualTo(0x0001_0002);
        assertThat(t.ge()).isEqualTo(0b1111);
        t = one(0xFAE1, 0xF002 /* ssax r0, r1, r2 */).r(1, 0x0001_0002).r(2, 0x0005_0003).run();
        assertThat(t.r(0)).isEqualTo(0xFFFE_0007);
        assertThat(t.ge()).isEqualTo(0b0011);
    }

    @Test
    void saturatingAndHalvingFormsLeaveGe() {
        ThumbTestCore t = one(0xFA91, 0xF012 /* qadd16 r0, r1, r2 */).r(1, 0x7FFF_8000).r(2, 0x0001_FFFF).ge(0b0101)
                .run();
        assertThat(t.r(0)).isEqualTo(0x7FFF_8000);
        assertThat(t.ge()).isEqualTo(0b0101);
        assertThat(one(0xFA81, 0xF022 /* shadd8 r0, r1, r2 */).r(1, 0x807F_02FF).r(2, 0x807F_04FF).run().r(0))
                .isEqualTo(0x807F_03FF);
        assertThat(one(0xFAC1, 0xF012 /* qsub8 r0, r1, r2 */).r(1, 0x8000_7F10).r(2, 0x0101_FF20).run().r(0))
                .isEqualTo(0x80FF_7FF0);
        assertThat(one(0xFAD1, 0xF062 /* uhsub16 r0, r1, r2 */).r(1, 0x0002_0010).r(2, 0x0004_0008).run().r(0))
                .isEqualTo(0xFFFF_0004);
        assertThat(one(0xFA81, 0xF052 /* uqadd8 r0, r1, r2 */).r(1, 0xF010_FF00).r(2, 0x2010_0100).run().r(0))
                .isEqualTo(0xFF20_FF00);
    }

    // ----------------------------------------------------------------- reverse, count, bit field

    @Test
    void byteAndBitReversal() {
        assertThat(one(0xBA48 /* rev16 r0, r1 */).r(1, 0x1122_3344).run().r(0)).isEqualTo(0x2211_4433);
        assertThat(one(0xBAC8 /* revsh r0, r1 */).r(1, 0x0000_80FF).run().r(0)).isEqualTo(0xFFFF_FF80);
        assertThat(one(0xBA08 /* rev r0, r1 */).r(1, 0x1122_3344).run().r(0)).isEqualTo(0x4433_2211);
        assertThat(one(0xFA91, 0xF0A1 /* rbit r0, r1 */).r(1, 1).run().r(0)).isEqualTo(0x8000_0000);
        assertThat(one(0xFA91, 0xF0A1 /* rbit r0, r1 */).r(1, 0x1234_5678).run().r(0)).isEqualTo(0x1E6A_2C48);
        assertThat(one(0xFA98, 0xF098 /* rev16.w r0, r8 */).r(8, 0xAABB_CCDD).run().r(0)).isEqualTo(0xBBAA_DDCC);
        assertThat(one(0xFAB1, 0xF081 /* clz r0, r1 */).r(1, 0x0001_0000).run().r(0)).isEqualTo(15);
        assertThat(one(0xFAB1, 0xF081 /* clz r0, r1 */).r(1, 0).run().r(0)).isEqualTo(32);
    }

    @Test
    void bitFieldExtractInsertClear() {
        assertThat(one(0xF3C1, 0x1007 /* ubfx r0, r1, #4, #8 */).r(1, 0xFFFF_FA5F).run().r(0)).isEqualTo(0xA5);
        assertThat(one(0xF341, 0x1007 /* sbfx r0, r1, #4, #8 */).r(1, 0xFFFF_FA5F).run().r(0)).isEqualTo(0xFFFF_FFA5);
        assertThat(one(0xF361, 0x200B /* bfi r0, r1, #8, #4 */).r(0, -1).r(1, 0x15).run().r(0)).isEqualTo(0xFFFF_F5FF);
        assertThat(one(0xF36F, 0x100B /* bfc r0, #4, #8 */).r(0, -1).run().r(0)).isEqualTo(0xFFFF_F00F);
    }

    @Test
    void movwMovt() {
        assertThat(one(0xF241, 0x2034, /* movw r0, #0x1234 */ 0xF6CA, 0x30CD /* movt r0, #0xABCD */).run().r(0))
                .isEqualTo(0xABCD_1234);
    }

    @Test
    void extendsAndPacks() {
        assertThat(one(0xB248 /* sxtb r0, r1 */).r(1, 0x80).run().r(0)).isEqualTo(0xFFFF_FF80);
        assertThat(one(0xB288 /* uxth r0, r1 */).r(1, 0xFFFF_1234).run().r(0)).isEqualTo(0x1234);
        assertThat(one(0xFA41, 0xF092 /* sxtab r0, r1, r2, ror #8 */).r(1, 1000).r(2, 0x8000).run().r(0))
                .isEqualTo(872);
        assertThat(one(0xFA3F, 0xF081 /* uxtb16 r0, r1 */).r(1, 0x1234_5678).run().r(0)).isEqualTo(0x0034_0078);
        assertThat(one(0xFA01, 0xF082 /* sxtah r0, r1, r2 */).r(1, 16).r(2, 0xFFFF).run().r(0)).isEqualTo(15);
        assertThat(one(0xEAC1, 0x2002 /* pkhbt r0, r1, r2, lsl #8 */).r(1, 0x1111_2222).r(2, 0x0033_4400).run().r(0))
                .isEqualTo(0x3344_2222);
        assertThat(one(0xEAC1, 0x2022 /* pkhtb r0, r1, r2, asr #8 */).r(1, 0x1111_2222).r(2, 0x0033_4455).run().r(0))
                .isEqualTo(0x1111_3344);
        assertThat(one(0xF061, 0x00FF /* orn r0, r1, #0xFF */).r(1, 0xFF00).run().r(0)).isEqualTo(0xFFFF_FF00);
        assertThat(one(0xF601, 0x70FF /* addw r0, r1, #0xFFF */).r(1, 1).run().r(0)).isEqualTo(0x1000);
    }
}
