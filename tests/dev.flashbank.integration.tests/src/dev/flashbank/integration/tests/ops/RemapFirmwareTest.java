package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;

/**
 * The REMAP scheme end to end from the firmware side (issue 19): {@code firmware/remap/remap.c} chooses its bank at
 * start-up with SWP_FB and updates the other physical bank from the running one, three generations in a row, each
 * ending in a system reset. On the simulated F767 the new image boots each time, from physical bank 2 (SWP_FB = 1)
 * and then from physical bank 1 again, and each update lands in the bank that was not running.
 */
class RemapFirmwareTest {

    private static final int SWAPPED = 1 << 31;

    @Test
    void eachGenerationUpdatesTheOtherPhysicalBankAndBootsIt() throws Exception {
        FirmwareRuns.Elf v1 = FirmwareRuns.elf("remap", "remap-v1.elf");
        SimulatedBoard board = SimulatedBoards.create(Boards.PART, Boards.options(Stm32F7SwitchSchemes.BOOT_ADD));
        try (OpsBench b = new OpsBench(board, OpsBench.Transport.PROBE)) {
            b.program(v1.image());
        }
        board.reset(ResetKind.SYSTEM);
        try (OpsBench b = new OpsBench(board, OpsBench.Transport.PROBE)) {
            FirmwareRuns.runUntilHalted(board, b, Duration.ofSeconds(10));
            int boots = b.raw.memory().read32(v1.symbol("boots"));
            long log = v1.symbol("boot_log");
            assertThat(b.raw.memory().read32(v1.symbol("update_sr"))).as("FLASH_SR error flags of an update")
                    .isZero();
            assertThat(boots).isEqualTo(3);
            assertThat(b.raw.memory().read32(log)).as("generation 1 from physical bank 1").isEqualTo(1);
            assertThat(b.raw.memory().read32(log + 4)).as("generation 2 from physical bank 2, SWP_FB = 1")
                    .isEqualTo(2 | SWAPPED);
            assertThat(b.raw.memory().read32(log + 8)).as("generation 3 from physical bank 1, SWP_FB = 0")
                    .isEqualTo(3);
        }
        long versionOffset = v1.symbol("fw_version") - Boards.BANK1;
        assertThat(word(board.readCells(1, versionOffset, 4))).as("physical bank 1 holds generation 3").isEqualTo(3);
        assertThat(word(board.readCells(2, versionOffset, 4))).as("physical bank 2 holds generation 2").isEqualTo(2);
        assertThat(board.swpFb()).isFalse();
    }

    private static int word(byte[] b) {
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }
}
