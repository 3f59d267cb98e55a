package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.EmulatorTiming;
import dev.flashbank.stlink.emulator.ProbeTimingProfile;
import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * The USB/SWD cost model the emulator charges to the board's clock for every command (issue 18): its arithmetic
 * from the named parameters, and the typ..max ranges of the two probe profiles.
 */
class ProbeTimingProfileTest {

    @Test
    void oneExchangeCostsTheRoundTripTheBulkBytesAndTheSwdWireTime() {
        EmulatorTiming fs = ProbeTimingProfile.ST_LINK_V2_FULL_SPEED.at(Bound.TYPICAL);
        // 1 ms round trip + 64 B at 1 MB/s (64 us) + 10 AP accesses x 46 cycles at 4 MHz (115 us)
        assertThat(fs.cost(64, 10, 4000).toNanos()).isEqualTo(1_000_000 + 64_000 + 115_000);
        assertThat(fs.swdAccess(4000).toNanos()).isEqualTo(11_500);
        EmulatorTiming hs = ProbeTimingProfile.STLINK_V3_HIGH_SPEED.at(Bound.TYPICAL);
        // 125 us + 1024 B at 20 MB/s (51.2 us) + 256 accesses x 46 cycles at 24 MHz (256 x 1916 ns)
        assertThat(hs.cost(1024, 256, 24000).toNanos()).isEqualTo(125_000 + 51_200 + 256L * 46 * 1_000_000 / 24000);
        // an unknown SWD clock charges no wire time rather than dividing by zero
        assertThat(hs.cost(0, 5, 0).toNanos()).isEqualTo(125_000);
    }

    @Test
    void theMaximumOfEveryParameterCostsMoreThanItsTypicalValue() {
        for (ProbeTimingProfile p : ProbeTimingProfile.all()) {
            EmulatorTiming typ = p.at(Bound.TYPICAL);
            EmulatorTiming max = p.at(Bound.MAXIMUM);
            assertThat(max.roundTrip()).as(p.name()).isGreaterThan(typ.roundTrip());
            assertThat(max.bulkBytesPerSecond()).as(p.name()).isLessThan(typ.bulkBytesPerSecond());
            assertThat(max.swdCyclesPerAccess()).as(p.name()).isGreaterThan(typ.swdCyclesPerAccess());
            assertThat(p.swdKiloHertzAt(Bound.MAXIMUM)).as(p.name()).isLessThan(p.swdKiloHertzAt(Bound.TYPICAL));
            assertThat(max.cost(1024, 256, p.swdKiloHertzAt(Bound.MAXIMUM)))
                    .isGreaterThan(typ.cost(1024, 256, p.swdKiloHertzAt(Bound.TYPICAL)));
            assertThat(p.describe()).contains(p.name(), "round trip", "bulk", "SWD clock", "per AP access");
        }
        // the emulator's named constants are the profiles at typical cost (one definition)
        assertThat(EmulatorTiming.FULL_SPEED).isEqualTo(ProbeTimingProfile.ST_LINK_V2_FULL_SPEED.at(Bound.TYPICAL));
        assertThat(EmulatorTiming.HIGH_SPEED).isEqualTo(ProbeTimingProfile.STLINK_V3_HIGH_SPEED.at(Bound.TYPICAL));
        assertThatThrownBy(() -> new ProbeTimingProfile.Range(0, 1, "ns"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEmulatorChargesEachCommandToTheBoardClockByTheProfile() throws Exception {
        for (Bound b : Bound.values()) {
            EmulatorTiming t = ProbeTimingProfile.ST_LINK_V2_FULL_SPEED.at(b);
            FakeCortexTarget board = new FakeCortexTarget();
            StlinkEmulator emulator = new StlinkEmulator(EmulatorConfig.v2(37).withTiming(t), board);
            byte[] cdb = new byte[StlinkCommands.CDB_SIZE];
            cdb[0] = (byte) StlinkCommands.GET_VERSION;
            long t0 = board.nanoTime();
            byte[] reply = emulator.respond(cdb, null);
            // no SWD access: the round trip and the 16-byte command block plus the reply at the bulk rate
            assertThat(board.nanoTime() - t0).as(b.key())
                    .isEqualTo(t.cost(StlinkCommands.CDB_SIZE + reply.length, 0, 0).toNanos());
        }
    }
}
