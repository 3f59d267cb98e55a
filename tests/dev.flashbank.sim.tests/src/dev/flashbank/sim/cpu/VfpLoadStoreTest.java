package dev.flashbank.sim.cpu;

import static dev.flashbank.sim.cpu.VfpEncodings.*;
import static dev.flashbank.sim.cpu.VfpHarness.RAM;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** VLDR/VSTR, VLDM/VSTM, VPUSH/VPOP (ARMv7-M ARM A7.7): addressing, writeback, word order, alignment, cycles. */
class VfpLoadStoreTest {

    private final VfpHarness h = new VfpHarness();

    @Test
    void vldrSingleAddsTheScaledOffsetAndTakesTwoCycles() {
        h.regs.r[0] = RAM + 0x100;
        h.word(RAM + 0x108, 0x3FC0_0000);
        assertThat(h.run(0xEDD01A02)).isEqualTo(2); // vldr s3, [r0, #8]
        assertThat(h.s(3)).isEqualTo(1.5f);
        assertThat(h.regs.r[0]).isEqualTo(RAM + 0x100); // no writeback
    }

    @Test
    void vldrDoubleTakesTheLowWordFromTheLowerAddress() {
        h.regs.r[1] = RAM + 0x104;
        long bits = Double.doubleToRawLongBits(-2.75);
        h.word(RAM + 0x100, (int) bits);
        h.word(RAM + 0x104, (int) (bits >>> 32));
        assertThat(h.run(VLDR_D2)).isEqualTo(3); // vldr d2, [r1, #-4]
        assertThat(h.d(2)).isEqualTo(-2.75);
        assertThat(h.regs.s[4]).isEqualTo((int) bits);
    }

    @Test
    void vstrStoresSingleAndDouble() {
        h.regs.r[2] = RAM + 0x20;
        h.s(5, -0.5f);
        h.run(0xEDC22A00); // vstr s5, [r2]
        assertThat(h.word(RAM + 0x20)).isEqualTo(Float.floatToRawIntBits(-0.5f));

        h.regs.r[0] = RAM;
        h.d(7, 1e300);
        h.run(0xED807BFF); // vstr d7, [r0, #1020]
        long bits = Double.doubleToRawLongBits(1e300);
        assertThat(h.word(RAM + 1020)).isEqualTo((int) bits);
        assertThat(h.word(RAM + 1024)).isEqualTo((int) (bits >>> 32));
    }

    @Test
    void vldrLiteralUsesTheWordAlignedPcPlusFour() {
        h.regs.r[15] = RAM + 0x202; // a halfword-aligned instruction: Align(PC + 4, 4) = RAM + 0x204
        h.word(RAM + 0x208, 0x4048_0000);
        h.run(0xED9F0A01); // vldr s0, [pc, #4]
        assertThat(h.s(0)).isEqualTo(3.125f);

        h.regs.r[15] = RAM + 0x300; // base RAM + 0x304, minus 8
        h.word(RAM + 0x2FC, 0);
        h.word(RAM + 0x300, 0x4000_0000);
        h.run(0xED1F0B02); // vldr d0, [pc, #-8]
        assertThat(h.d(0)).isEqualTo(2.0);
    }

    @Test
    void vldmiaWithWritebackLoadsInRegisterOrderAndAdvancesTheBase() {
        h.regs.r[0] = RAM + 0x40;
        for (int i = 0; i < 4; i++) {
            h.word(RAM + 0x40 + 4 * i, Float.floatToRawIntBits(i + 10f));
        }
        assertThat(h.run(0xECB00A04)).isEqualTo(5); // vldmia r0!, {s0-s3}: 1 + 4
        assertThat(new float[] {h.s(0), h.s(1), h.s(2), h.s(3)}).containsExactly(10f, 11f, 12f, 13f);
        assertThat(h.regs.r[0]).isEqualTo(RAM + 0x50);
    }

    @Test
    void vldmiaWithoutWritebackKeepsTheBase() {
        h.regs.r[0] = RAM + 0x40;
        h.word(RAM + 0x44, 0x3FF0_0000);
        h.word(RAM + 0x4C, 0x4000_0000);
        h.run(0xEC900B04); // vldmia r0, {d0-d1}
        assertThat(h.d(0)).isEqualTo(1.0);
        assertThat(h.d(1)).isEqualTo(2.0);
        assertThat(h.regs.r[0]).isEqualTo(RAM + 0x40);
    }

    @Test
    void vstmdbAndVpushStoreBelowTheBaseAndWriteItBack() {
        h.regs.r[1] = RAM + 0x80;
        h.d(1, 1.0);
        h.d(2, -1.0);
        assertThat(h.run(0xED211B04)).isEqualTo(5); // vstmdb r1!, {d1-d2}
        assertThat(h.regs.r[1]).isEqualTo(RAM + 0x70);
        assertThat(h.word(RAM + 0x74)).isEqualTo(0x3FF0_0000);
        assertThat(h.word(RAM + 0x7C)).isEqualTo(0xBFF0_0000);

        h.regs.r[13] = RAM + 0x400;
        h.s(16, 1f);
        h.s(17, 2f);
        h.run(0xED2D8A02); // vpush {s16-s17}
        assertThat(h.regs.r[13]).isEqualTo(RAM + 0x3F8);
        assertThat(h.word(RAM + 0x3F8)).isEqualTo(Float.floatToRawIntBits(1f));
        assertThat(h.word(RAM + 0x3FC)).isEqualTo(Float.floatToRawIntBits(2f));

        h.run(0xECBD8B02); // vpop {d8} = {s16-s17}
        assertThat(h.regs.r[13]).isEqualTo(RAM + 0x400);
        assertThat(h.s(16)).isEqualTo(1f);
        assertThat(h.s(17)).isEqualTo(2f);
    }

    @Test
    void anUnalignedAddressIsAnUnalignedUsageFaultWithNothingChanged() {
        h.regs.r[0] = RAM + 0x42;
        h.s(3, 7f);
        h.assertFault(0xEDD01A02, CpuFault.Kind.UNALIGNED); // vldr s3, [r0, #8]
        h.assertFault(0xECB00A04, CpuFault.Kind.UNALIGNED); // vldmia r0!, {s0-s3}
        assertThat(h.s(3)).isEqualTo(7f);
        assertThat(h.regs.r[0]).isEqualTo(RAM + 0x42);
    }

    @Test
    void aBusFaultInTheMiddleOfVldmLeavesRegistersAndBaseUnchanged() {
        h.regs.r[0] = RAM + VfpHarness.RAM_SIZE - 8; // s0, s1 in RAM, s2 beyond it
        h.s(0, 5f);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.run(0xECB00A04)) // vldmia r0!, {s0-s3}
                .isInstanceOf(BusFault.class);
        assertThat(h.s(0)).isEqualTo(5f);
        assertThat(h.regs.r[0]).isEqualTo(RAM + VfpHarness.RAM_SIZE - 8);
    }
}
