package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.BoardOptions;

/**
 * Seed problem A from the firmware side (issue 19): the user's own in-application update, built by arm-none-eabi-gcc
 * ({@code firmware/iap/iap.c}, register-level as HAL does it), runs on the simulated F767 from physical bank 2 - the
 * ROM bootloader started bank 2 and set SWP_FB - and does what the seed's user did: bank-erase "bank 1" (FLASH_CR.MER)
 * and program the new image at 0x0800_0000. The simulated silicon shows the same failure: MER erased PHYSICAL bank 1,
 * the words landed on the running bank 2 (no flag on F7) and the firmware's compare fails. The doctor's sequence -
 * program at 0x0810_0000, where physical bank 1 is mapped while SWP_FB = 1 - succeeds and leaves the running bank
 * as it was.
 */
class SeedAFirmwareTest {

    private static final int PAYLOAD_WORDS = 256;
    private static final int IAP_DONE = 0xD0E0_0003;

    /** What the firmware reported and what the flash holds afterwards. */
    record Outcome(int state, int sr, int bad, byte[] bank1, byte[] bank2Before, byte[] bank2After) {
    }

    @Test
    void theSeedsSequenceProgramsOverTheRunningBankAndItsCompareFails() throws Exception {
        Outcome o = run("iap-as-seeded.elf");
        assertThat(o.state()).as("the firmware reached its compare").isEqualTo(IAP_DONE);
        assertThat(o.sr()).as("F7 flags no programming over programmed cells").isZero();
        assertThat(o.bad()).as("first word that read back different").isEqualTo(0x0800_0000);
        assertThat(o.bank1()).as("the bank MER erased - physical bank 1 - never got the image")
                .containsOnly((byte) 0xFF);
        assertThat(o.bank2After()).as("the running bank was programmed over").isNotEqualTo(o.bank2Before());
    }

    @Test
    void theDoctorsSequenceUpdatesPhysicalBankOneAndLeavesTheRunningBank() throws Exception {
        Outcome o = run("iap-physical-bank1.elf");
        assertThat(o.state()).isEqualTo(IAP_DONE);
        assertThat(o.sr()).isZero();
        assertThat(o.bad()).as("every word read back as written").isZero();
        assertThat(o.bank1()).isEqualTo(payload());
        assertThat(o.bank2After()).as("the running bank is untouched").isEqualTo(o.bank2Before());
    }

    /**
     * A dual-bank F767 whose ROM bootloader (nDBOOT = 0, BOOT_ADD0 naming bank 2) starts the firmware in physical bank 2
     * and sets SWP_FB, an older image in bank 1; the firmware runs in virtual time until it stops at its BKPT.
     */
    private static Outcome run(String name) throws Exception {
        FirmwareRuns.Elf iap = FirmwareRuns.elf("iap", name);
        BoardOptions remap = Boards.options(Stm32F7SwitchSchemes.REMAP);
        OptionBytes bank2First = ((OptionBytes) remap.optionBytes().orElseThrow()).withBootAdd0(0x2040);
        SimulatedBoard board = SimulatedBoards.create(Boards.PART, remap.withOptionBytes(bank2First));
        try (OpsBench b = new OpsBench(board, OpsBench.Transport.PROBE)) {
            b.program(OpsBench.image(board, Boards.BANK1, 4096, 0x0B, "old image in bank 1"));
            b.program(iap.image().shifted(Boards.BANK2 - Boards.BANK1)); // SWP_FB = 0 now: bank 2 by address
        }
        byte[] bank2Before = board.readCells(2, 0, 4096);
        board.reset(ResetKind.SYSTEM);
        assertThat(board.swpFb()).as("the ROM bootloader started bank 2 and set SWP_FB").isTrue();

        try (OpsBench b = new OpsBench(board, OpsBench.Transport.PROBE)) {
            FirmwareRuns.runUntilHalted(board, b, Duration.ofSeconds(60)); // a bank erase takes seconds
            int state = b.raw.memory().read32(iap.symbol("iap_state"));
            int sr = b.raw.memory().read32(iap.symbol("iap_sr"));
            int bad = b.raw.memory().read32(iap.symbol("iap_bad"));
            return new Outcome(state, sr, bad, board.readCells(1, 0, PAYLOAD_WORDS * 4), bank2Before,
                    board.readCells(2, 0, 4096));
        }
    }

    /** The image iap.c writes (its payload_word). */
    private static byte[] payload() {
        byte[] p = new byte[PAYLOAD_WORDS * 4];
        for (int i = 0; i < PAYLOAD_WORDS; i++) {
            OpsBench.putWord(p, 4 * i, (0xA500_0000 ^ (i * 0x0101_0101) ^ 0x5A5A) & 0xFFFF_FFFFL);
        }
        return p;
    }
}
