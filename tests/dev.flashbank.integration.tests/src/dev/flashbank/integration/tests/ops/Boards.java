package dev.flashbank.integration.tests.ops;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.family.stm32f7.Stm32F7Parameters.DualBootPolicy;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;

/** The A/B boards of the acceptance tests: an STM32F767ZI in dual-bank mode running image A from physical bank 1. */
final class Boards {

    static final String PART = "STM32F767ZI";
    static final long BANK1 = 0x0800_0000L;
    static final long BANK2 = 0x0810_0000L;
    static final int IMAGE_SIZE = 1200;

    private Boards() {
    }

    /**
     * BOOT_ADD: nDBOOT = 1, BOOT_ADD0 = 0x2000 (0x08000000), images linked for their bank's own address. REMAP: the
     * simulator's ROM bootloader is configured to try the bank BOOT_ADDx names first and to set SWP_FB when it starts
     * bank 2 (UNCONFIRMED model parameters: AN2606 not read), nDBOOT = 0; images linked for 0x08000000.
     */
    static BoardOptions options(SwitchScheme scheme) {
        OptionBytes o = OptionBytes.factory(Stm32F7Line.F76X_F77X).withBankMode(BankMode.DUAL).withBootAdd0(0x2000);
        BoardOptions b = BoardOptions.defaults();
        if (scheme == Stm32F7SwitchSchemes.REMAP) {
            Stm32F7Parameters.Builder p = Stm32F7Parameters.defaults().toBuilder();
            p.romBootloaderSetsSwpFb = true;
            p.dualBootPolicy = DualBootPolicy.BOOT_ADDRESS_BANK_FIRST;
            b = b.withParameters(p.build());
            o = o.withNDBoot(false);
        }
        return b.withOptionBytes(o);
    }

    /** Link address of the image that goes into physical bank {@code bank} under {@code scheme}. */
    static long link(SwitchScheme scheme, int bank) {
        return scheme == Stm32F7SwitchSchemes.BOOT_ADD && bank == 2 ? BANK2 : BANK1;
    }

    static FirmwareImage image(SimulatedBoard board, SwitchScheme scheme, int bank, long seed, String name) {
        return OpsBench.image(board, link(scheme, bank), IMAGE_SIZE, seed, name);
    }

    /**
     * A board whose physical bank 1 holds image A (running after a reset) and physical bank 2 an older image Z.
     */
    static SimulatedBoard abBoard(SwitchScheme scheme) throws Exception {
        SimulatedBoard board = SimulatedBoards.create(PART, options(scheme));
        try (OpsBench b = new OpsBench(board, OpsBench.Transport.PROBE)) {
            b.program(imageA(board, scheme));
            // Z goes to physical bank 2 by address (SWP_FB = 0 here): shift REMAP images there
            FirmwareImage z = imageZ(board, scheme);
            b.program(scheme == Stm32F7SwitchSchemes.REMAP ? z.shifted(BANK2 - BANK1) : z);
        }
        board.reset(ResetKind.SYSTEM);
        return board;
    }

    static FirmwareImage imageA(SimulatedBoard board, SwitchScheme scheme) {
        return image(board, scheme, 1, 0xA, "A");
    }

    static FirmwareImage imageZ(SimulatedBoard board, SwitchScheme scheme) {
        return image(board, scheme, 2, 0x2, "Z");
    }

    static SimulatedBoard restore(BoardSnapshot s, SwitchScheme scheme) throws Exception {
        return SimulatedBoards.restore(s, options(scheme));
    }
}
