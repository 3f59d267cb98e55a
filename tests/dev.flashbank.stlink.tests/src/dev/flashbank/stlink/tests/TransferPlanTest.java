package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.stlink.TransferPlan;
import dev.flashbank.stlink.TransferPlan.Chunk;
import dev.flashbank.stlink.TransferPlan.Limits;

class TransferPlanTest {

    private static final Limits V2 = new Limits(64, 6144, 1024, true);
    private static final Limits V2_NO_16 = new Limits(64, 6144, 1024, false);
    private static final Limits V3 = new Limits(512, 6144, 1024, true);

    @Test
    void tenThousandUnalignedBytesBecomeByteHeadWordBodyByteTail() {
        List<Chunk> plan = TransferPlan.planBytes(0x2000_0001L, 10_000, V2);
        // head: 3 bytes up to the word boundary; body: 9996 bytes of words split at 1 KiB TAR windows; tail: 1 byte
        assertThat(plan.get(0)).isEqualTo(new Chunk(0x2000_0001L, 3, AccessWidth.BYTE));
        assertThat(plan.get(1)).isEqualTo(new Chunk(0x2000_0004L, 1020, AccessWidth.WORD));
        for (int i = 0; i < 8; i++) {
            assertThat(plan.get(2 + i)).isEqualTo(new Chunk(0x2000_0400L + 1024L * i, 1024, AccessWidth.WORD));
        }
        assertThat(plan.get(10)).isEqualTo(new Chunk(0x2000_2400L, 784, AccessWidth.WORD));
        assertThat(plan.get(11)).isEqualTo(new Chunk(0x2000_2710L, 1, AccessWidth.BYTE));
        assertThat(plan).hasSize(12);
        assertThat(plan.stream().mapToInt(Chunk::length).sum()).isEqualTo(10_000);
    }

    @Test
    void shortUnalignedTransferStaysInBytes() {
        assertThat(TransferPlan.planBytes(0x2000_0001L, 2, V2))
                .containsExactly(new Chunk(0x2000_0001L, 2, AccessWidth.BYTE));
        assertThat(TransferPlan.planBytes(0x2000_0002L, 7, V2)).containsExactly(
                new Chunk(0x2000_0002L, 2, AccessWidth.BYTE), new Chunk(0x2000_0004L, 4, AccessWidth.WORD),
                new Chunk(0x2000_0008L, 1, AccessWidth.BYTE));
    }

    @Test
    void eightBitTransfersAreLimitedTo64BytesOnFullSpeedAnd512OnV3() {
        List<Chunk> v2 = TransferPlan.plan(0x2000_0000L, 200, AccessWidth.BYTE, V2);
        assertThat(v2).extracting(Chunk::length).containsExactly(64, 64, 64, 8);
        assertThat(v2).extracting(Chunk::address).containsExactly(0x2000_0000L, 0x2000_0040L, 0x2000_0080L,
                0x2000_00C0L);
        assertThat(TransferPlan.plan(0x2000_0000L, 1200, AccessWidth.BYTE, V3)).extracting(Chunk::length)
                .containsExactly(512, 512, 176);
    }

    @Test
    void wordTransfersRespect6144BytesWhenTheTarWindowIsLarger() {
        Limits big = new Limits(64, 6144, 16384, true);
        assertThat(TransferPlan.plan(0x2000_0000L, 16384, AccessWidth.WORD, big)).extracting(Chunk::length)
                .containsExactly(6144, 6144, 4096);
    }

    @Test
    void halfwordsFallBackToBytesWithout16BitSupport() {
        assertThat(TransferPlan.plan(0x2000_0000L, 100, AccessWidth.HALFWORD, V2_NO_16)).extracting(Chunk::width)
                .containsOnly(AccessWidth.BYTE);
        assertThat(TransferPlan.plan(0x2000_0000L, 100, AccessWidth.HALFWORD, V2))
                .containsExactly(new Chunk(0x2000_0000L, 100, AccessWidth.HALFWORD));
        assertThat(TransferPlan.plan(0x2000_03FEL, 4, AccessWidth.HALFWORD, V2)).containsExactly(
                new Chunk(0x2000_03FEL, 2, AccessWidth.HALFWORD), new Chunk(0x2000_0400L, 2, AccessWidth.HALFWORD));
    }

    @Test
    void misalignedWidthTransfersAreRefused() {
        assertThatThrownBy(() -> TransferPlan.plan(0x2000_0002L, 8, AccessWidth.WORD, V2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransferPlan.plan(0x2000_0000L, 6, AccessWidth.WORD, V2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
