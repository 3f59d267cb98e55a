package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.sim.tests.cpu.ThumbTestCore.C;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.N;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.Q;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.V;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.Z;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.m7;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Flags, shifts with carry out, multiplies and divide as the ARMv7-M ARM pseudocode defines them (AddWithCarry,
 * Shift_C, ThumbExpandImm_C, A7.7). Encodings from {@code arm-none-eabi-as -mcpu=cortex-m7 -mthumb}.
 */
class ThumbArithmeticTest {

    private static ThumbTestCore one(int... halfwords) {
        return m7().code(halfwords);
    }

    @ParameterizedTest(name = "adds {0} + {1}")
    @CsvSource({
            // r1, r2, result, N Z C V
            "0x7FFFFFFF, 1, 0x80000000, 1, 0, 0, 1", // signed overflow
            "0xFFFFFFFF, 1, 0, 0, 1, 1, 0", // unsigned carry out, zero
            "0x80000000, 0x80000000, 0, 0, 1, 1, 1", // both
            "2, 3, 5, 0, 0, 0, 0" })
    void addsSetsNzcvFromAddWithCarry(long a, long b, long result, int n, int z, int c, int v) {
        ThumbTestCore t = one(0x1888 /* adds r0, r1, r2 */).r(1, (int) a).r(2, (int) b).run();
        assertThat(t.r(0)).isEqualTo((int) result);
        assertThat(t.flags()).isEqualTo(nzcv(n, z, c, v));
    }

    @ParameterizedTest(name = "subs {0} - {1}")
    @CsvSource({
            "0, 1, 0xFFFFFFFF, 1, 0, 0, 0", // borrow clears C
            "5, 5, 0, 0, 1, 1, 0", // no borrow sets C
            "0x80000000, 1, 0x7FFFFFFF, 0, 0, 1, 1", // signed overflow
            "1, 0x80000000, 0x80000001, 1, 0, 0, 1" })
    void subsSetsCarryAsNotBorrow(long a, long b, long result, int n, int z, int c, int v) {
        ThumbTestCore t = one(0x1A88 /* subs r0, r1, r2 */).r(1, (int) a).r(2, (int) b).run();
        assertThat(t.r(0)).isEqualTo((int) result);
        assertThat(t.flags()).isEqualTo(nzcv(n, z, c, v));
    }

    @Test
    void adcsAddsTheCarryIn() {
        ThumbTestCore t = one(0x4148 /* adcs r0, r1 */).r(0, -1).r(1, 0).flags(C).run();
        assertThat(t.r(0)).isZero();
        assertThat(t.flags()).isEqualTo(Z | C);
    }

    @ParameterizedTest(name = "sbcs {0} - {1} - !C{2}")
    @CsvSource({
            "5, 3, 0, 1, 0x20000000", // 5 - 3 - 1 = 1, no borrow: C
            "3, 3, 1, 0, 0x60000000", // 3 - 3 - 0 = 0: Z C
            "0, 0, 0, 0xFFFFFFFF, 0x80000000" }) // 0 - 0 - 1: borrow, N
    void sbcsSubtractsNotCarry(int a, int b, int carry, long result, long flags) {
        ThumbTestCore t = one(0x4188 /* sbcs r0, r1 */).r(0, a).r(1, b).flags(carry == 1 ? C : 0).run();
        assertThat(t.r(0)).isEqualTo((int) result);
        assertThat(t.flags()).isEqualTo((int) flags);
    }

    @ParameterizedTest(name = "rsbs 0 - {0}")
    @CsvSource({ "1, 0xFFFFFFFF, 0x80000000", "0, 0, 0x60000000", "0x80000000, 0x80000000, 0x90000000" })
    void rsbsWideNegates(long a, long result, long flags) {
        ThumbTestCore t = one(0xF1D1, 0x0000 /* rsbs r0, r1, #0 */).r(1, (int) a).run();
        assertThat(t.r(0)).isEqualTo((int) result);
        assertThat(t.flags()).isEqualTo((int) flags);
    }

    @Test
    void addsWideWithModifiedImmediate() {
        ThumbTestCore t = one(0xF511, 0x3080 /* adds.w r0, r1, #0x10000 */).r(1, 0xFFFF_0000).run();
        assertThat(t.r(0)).isZero();
        assertThat(t.flags()).isEqualTo(Z | C);
    }

    @Test
    void adcWideWithShiftedRegisterLeavesFlags() {
        ThumbTestCore t = one(0xEB41, 0x1002 /* adc.w r0, r1, r2, lsl #4 */).r(1, 0x10).r(2, 1).flags(Z | C).run();
        assertThat(t.r(0)).isEqualTo(0x21);
        assertThat(t.flags()).isEqualTo(Z | C);
    }

    @Test
    void sbcsWideBorrowsThroughCarry() {
        ThumbTestCore t = one(0xEB71, 0x0002 /* sbcs.w r0, r1, r2 */).r(1, 0).r(2, 0).flags(0).run();
        assertThat(t.r(0)).isEqualTo(-1);
        assertThat(t.flags()).isEqualTo(N);
    }

    @Test
    void cmnAndTeqOnlySetFlags() {
        ThumbTestCore t = one(0xEB10, 0x0F01 /* cmn.w r0, r1 */).r(0, 1).r(1, -1).run();
        assertThat(t.r(0)).isEqualTo(1);
        assertThat(t.flags()).isEqualTo(Z | C);
        t = one(0xF090, 0x0F01 /* teq r0, #1 */).r(0, 1).flags(C).run();
        assertThat(t.flags()).as("TEQ with a plain imm8 keeps C").isEqualTo(Z | C);
    }

    // ----------------------------------------------------------------- shifts (Shift_C)

    @Test
    void lslsImmediateShiftsOutIntoCarry() {
        ThumbTestCore t = one(0x0048 /* lsls r0, r1, #1 */).r(1, 0x8000_0001).run();
        assertThat(t.r(0)).isEqualTo(2);
        assertThat(t.flags()).isEqualTo(C);
    }

    @Test
    void lsrsAndAsrsByThirtyTwo() {
        ThumbTestCore t = one(0x0808 /* lsrs r0, r1, #32 */).r(1, 0x8000_0000).run();
        assertThat(t.r(0)).isZero();
        assertThat(t.flags()).isEqualTo(Z | C);
        t = one(0x1008 /* asrs r0, r1, #32 */).r(1, 0x8000_0000).run();
        assertThat(t.r(0)).isEqualTo(-1);
        assertThat(t.flags()).isEqualTo(N | C);
    }

    @ParameterizedTest(name = "rors by {0}")
    @CsvSource({
            "0, 0x12345678, 0x20000000", // amount 0: value and C unchanged
            "4, 0x81234567, 0xA0000000", // C = bit 31 of the result
            "32, 0x12345678, 0" }) // a multiple of 32: value unchanged, C = bit 31
    void rorsByRegister(int amount, long result, long flags) {
        ThumbTestCore t = one(0x41C8 /* rors r0, r1 */).r(0, 0x1234_5678).r(1, amount).flags(C).run();
        assertThat(t.r(0)).isEqualTo((int) result);
        assertThat(t.flags()).isEqualTo((int) flags);
    }

    @ParameterizedTest(name = "lsls by {0}")
    @CsvSource({
            "32, 0, 0x60000000", // C = bit 0, Z
            "33, 0, 0x40000000", // beyond 32: C = 0
            "0x101, 2, 0" }) // only the bottom byte counts
    void lslsByRegisterUsesBottomByte(int amount, int result, long flags) {
        ThumbTestCore t = one(0x4088 /* lsls r0, r1 */).r(0, 1).r(1, amount).flags(C).run();
        assertThat(t.r(0)).isEqualTo(result);
        assertThat(t.flags()).isEqualTo((int) flags);
    }

    @Test
    void shiftByRegisterWideWithFlags() {
        ThumbTestCore t = one(0xFA51, 0xF002 /* asrs.w r0, r1, r2 */).r(1, 0x8000_0000).r(2, 31).run();
        assertThat(t.r(0)).isEqualTo(-1);
        assertThat(t.flags()).isEqualTo(N);
        t = one(0xFA01, 0xF002 /* lsl.w r0, r1, r2 */).r(1, 3).r(2, 1).flags(Z).run();
        assertThat(t.r(0)).isEqualTo(6);
        assertThat(t.flags()).isEqualTo(Z);
    }

    @Test
    void rrxShiftsTheCarryIn() {
        ThumbTestCore t = one(0xEA5F, 0x0031 /* movs.w r0, r1, rrx */).r(1, 3).flags(C).run();
        assertThat(t.r(0)).isEqualTo(0x8000_0001);
        assertThat(t.flags()).isEqualTo(N | C);
    }

    @Test
    void modifiedImmediateCarryOut() {
        ThumbTestCore t = one(0xF011, 0x4000 /* ands.w r0, r1, #0x80000000 */).r(1, -1).run();
        assertThat(t.r(0)).isEqualTo(0x8000_0000);
        assertThat(t.flags()).as("a rotated constant sets C to its bit 31").isEqualTo(N | C);
        t = one(0xF011, 0x00FF /* ands.w r0, r1, #0xFF */).r(1, 0x100).flags(C).run();
        assertThat(t.flags()).as("a plain imm8 leaves C").isEqualTo(Z | C);
    }

    // ----------------------------------------------------------------- multiply and divide

    @Test
    void mulsSetsOnlyNAndZ() {
        ThumbTestCore t = one(0x4348 /* muls r0, r1 */).r(0, 0x10000).r(1, 0x10000).flags(C | V).run();
        assertThat(t.r(0)).isZero();
        assertThat(t.flags()).isEqualTo(Z | C | V);
    }

    @Test
    void mlaAndMls() {
        assertThat(one(0xFB01, 0x3002 /* mla r0, r1, r2, r3 */).r(1, 3).r(2, 4).r(3, 5).run().r(0)).isEqualTo(17);
        assertThat(one(0xFB01, 0x3012 /* mls r0, r1, r2, r3 */).r(1, 3).r(2, 4).r(3, 5).run().r(0)).isEqualTo(-7);
    }

    @ParameterizedTest(name = "sdiv {0} / {1}")
    @CsvSource({ "0x80000000, 0xFFFFFFFF, 0x80000000", "-7, 2, -3", "7, -2, -3", "7, 0, 0" })
    void sdivTruncatesAndSaturatesNothing(long a, long b, long q) {
        assertThat(one(0xFB91, 0xF0F2 /* sdiv r0, r1, r2 */).r(1, (int) a).r(2, (int) b).run().r(0))
                .isEqualTo((int) q);
    }

    @ParameterizedTest(name = "udiv {0} / {1}")
    @CsvSource({ "0xFFFFFFFF, 2, 0x7FFFFFFF", "0x80000000, 0xFFFFFFFF, 0", "5, 0, 0" })
    void udivIsUnsigned(long a, long b, long q) {
        assertThat(one(0xFBB1, 0xF0F2 /* udiv r0, r1, r2 */).r(1, (int) a).r(2, (int) b).run().r(0))
                .isEqualTo((int) q);
    }

    @Test
    void umaalAddsBothHalvesWithoutOverflow() {
        ThumbTestCore t = one(0xFBE2, 0x0163 /* umaal r0, r1, r2, r3 */).r(0, -1).r(1, -1).r(2, -1).r(3, -1).run();
        assertThat(t.r(0)).isEqualTo(-1);
        assertThat(t.r(1)).isEqualTo(-1);
        t = one(0xFBE2, 0x0163 /* umaal r0, r1, r2, r3 */).r(0, 4).r(1, 5).r(2, 2).r(3, 3).run();
        assertThat(t.r(0)).isEqualTo(15);
        assertThat(t.r(1)).isZero();
    }

    @Test
    void smlalAccumulatesSigned64() {
        ThumbTestCore t = one(0xFBC2, 0x0103 /* smlal r0, r1, r2, r3 */).r(0, 1).r(1, 0).r(2, -2).r(3, 3).run();
        assertThat(t.r(0)).isEqualTo(-5);
        assertThat(t.r(1)).isEqualTo(-1);
        t = one(0xFBC2, 0x0103 /* smlal r0, r1, r2, r3 */).r(0, -1).r(1, 0).r(2, 1).r(3, 1).run();
        assertThat(t.r(0)).as("carry from the low word").isZero();
        assertThat(t.r(1)).isEqualTo(1);
    }

    @Test
    void umullAndSmull() {
        ThumbTestCore t = one(0xFBA2, 0x0103 /* umull r0, r1, r2, r3 */).r(2, -1).r(3, -1).run();
        assertThat(t.r(0)).isEqualTo(1);
        assertThat(t.r(1)).isEqualTo(0xFFFF_FFFE);
        t = one(0xFB82, 0x0103 /* smull r0, r1, r2, r3 */).r(2, 0x8000_0000).r(3, 2).run();
        assertThat(t.r(0)).isZero();
        assertThat(t.r(1)).isEqualTo(-1);
    }

    @Test
    void dspHalfwordMultiplies() {
        assertThat(one(0xFB11, 0xF002 /* smulbb r0, r1, r2 */).r(1, 0x0000_FFFE).r(2, 3).run().r(0)).isEqualTo(-6);
        assertThat(one(0xFB11, 0x3032 /* smlatt r0, r1, r2, r3 */).r(1, 0x2_0000).r(2, 0x3_0000).r(3, 10).run().r(0))
                .isEqualTo(16);
        ThumbTestCore t = one(0xFB11, 0x3032 /* smlatt r0, r1, r2, r3 */).r(1, 0x7FFF_0000).r(2, 0x7FFF_0000)
                .r(3, 0x7FFF_FFFF).run();
        assertThat(t.r(0)).isEqualTo(0xBFFF_0000);
        assertThat(t.flags()).as("accumulate overflow sets Q").isEqualTo(Q);
        assertThat(one(0xFB21, 0xF002 /* smuad r0, r1, r2 */).r(1, 0x2_0003).r(2, 0x4_0005).run().r(0)).isEqualTo(23);
        t = one(0xFB21, 0xF002 /* smuad r0, r1, r2 */).r(1, 0x8000_8000).r(2, 0x8000_8000).run();
        assertThat(t.r(0)).isEqualTo(0x8000_0000);
        assertThat(t.flags()).isEqualTo(Q);
        assertThat(one(0xFB41, 0xF012 /* smusdx r0, r1, r2 */).r(1, 0x2_0003).r(2, 0x4_0005).run().r(0)).isEqualTo(2);
        assertThat(one(0xFB31, 0x3002 /* smlawb r0, r1, r2, r3 */).r(1, 0x1_0000).r(2, 3).r(3, 4).run().r(0))
                .isEqualTo(7);
        assertThat(one(0xFB31, 0x3002 /* smlawb r0, r1, r2, r3 */).r(1, 0xFFFF_0000).r(2, 3).r(3, 4).run().r(0))
                .isEqualTo(1);
    }

    @Test
    void mostSignificantWordMultiplies() {
        assertThat(one(0xFB51, 0xF002 /* smmul r0, r1, r2 */).r(1, 0x4000_0000).r(2, 0x4000_0000).run().r(0))
                .isEqualTo(0x1000_0000);
        assertThat(one(0xFB51, 0xF002 /* smmul r0, r1, r2 */).r(1, 3).r(2, 0x8000_0000).run().r(0)).isEqualTo(-2);
        assertThat(one(0xFB51, 0xF012 /* smmulr r0, r1, r2 */).r(1, 3).r(2, 0x8000_0000).run().r(0))
                .as("rounded").isEqualTo(-1);
        assertThat(one(0xFB61, 0x3002 /* smmls r0, r1, r2, r3 */).r(1, 1).r(2, 1).r(3, 1).run().r(0)).isZero();
    }

    @Test
    void dspLongMultiplies() {
        ThumbTestCore t = one(0xFBC2, 0x0183 /* smlalbb r0, r1, r2, r3 */).r(2, 0xFFFF).r(3, 2).run();
        assertThat(t.r(0)).isEqualTo(-2);
        assertThat(t.r(1)).isEqualTo(-1);
        t = one(0xFBC2, 0x01C3 /* smlald r0, r1, r2, r3 */).r(0, 0x9000_0000).r(1, 0).r(2, 0x7FFF_7FFF)
                .r(3, 0x7FFF_7FFF).run();
        assertThat(t.r(0)).isEqualTo(0x0FFE_0002);
        assertThat(t.r(1)).isEqualTo(1);
        t = one(0xFBD2, 0x01D3 /* smlsldx r0, r1, r2, r3 */).r(0, -1).r(1, 0).r(2, 0x1_0002).r(3, 0x3_0004).run();
        assertThat(t.r(0)).isEqualTo(1);
        assertThat(t.r(1)).isEqualTo(1);
    }

    @Test
    void sumOfAbsoluteDifferences() {
        assertThat(one(0xFB71, 0xF002 /* usad8 r0, r1, r2 */).r(1, 0x0102_0304).r(2, 0x0403_0201).run().r(0))
                .isEqualTo(8);
        assertThat(one(0xFB71, 0x3002 /* usada8 r0, r1, r2, r3 */).r(1, 0x0102_0304).r(2, 0x0403_0201).r(3, 100)
                .run().r(0)).isEqualTo(108);
    }

    private static int nzcv(int n, int z, int c, int v) {
        return (n != 0 ? N : 0) | (z != 0 ? Z : 0) | (c != 0 ? C : 0) | (v != 0 ? V : 0);
    }
}
