package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.BankUpdateResult;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.RollbackOperation;
import dev.flashbank.core.ops.SwapOperation;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.core.ops.TargetOperation;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;

/**
 * Every refusal of the bank update, swap and rollback: a clear explanation, and NOTHING written to the flash or the
 * option bytes (no write to a flash window or the FLASH registers at all).
 */
class BankUpdateRefusalTest {

    /** Runs {@code op}, expects a refusal containing {@code texts}, and checks that nothing reached the flash. */
    static OperationRefusedException refused(SimulatedBoard board, OpsBench bench, TargetOperation<?> op,
            String... texts) {
        var before = board.snapshot();
        long writes = bench.target.flashWrites;
        OperationRefusedException e = (OperationRefusedException) org.assertj.core.api.Assertions.catchThrowable(
                () -> op.run(FlashProgress.NONE));
        assertThat(e).as("refusal expected").isNotNull();
        for (String t : texts) {
            assertThat(e.getMessage()).contains(t);
        }
        assertThat(e.getMessage()).endsWith("Nothing was written.");
        assertThat(bench.target.flashWrites).as("flash writes").isEqualTo(writes);
        var after = board.snapshot();
        for (int i = 1; i <= board.physicalArrays(); i++) {
            assertThat(after.flashBank(i)).isEqualTo(before.flashBank(i));
        }
        assertThat(after.optionWords()).isEqualTo(before.optionWords());
        return e;
    }

    @Test
    void aSingleBankLineIsRefused() throws Exception {
        SimulatedBoard board = SimulatedBoards.create("STM32F722ZE");
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.STLINK)) {
            FirmwareImage img = OpsBench.image(board, Boards.BANK1, 256, 1, "x");
            refused(board, bench, new BankUpdateOperation(bench.context(), img,
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD)), "single flash bank", "dual-bank");
        }
    }

    @Test
    void anF767InSingleBankModeIsRefusedWithTheNdbankFix() throws Exception {
        SimulatedBoard board = SimulatedBoards.create(Boards.PART); // factory: nDBANK = 1
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            FirmwareImage img = OpsBench.image(board, Boards.BANK2, 256, 1, "x");
            OperationRefusedException e = refused(board, bench, new BankUpdateOperation(bench.context(), img,
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD)), "single-bank mode (nDBANK = 1)");
            assertThat(e.fixes()).anyMatch(f -> f.contains("nDBANK = 0"));
            refused(board, bench, new SwapOperation(bench.context(), Stm32F7SwitchSchemes.BOOT_ADD, false), "nDBANK = 1");
        }
    }

    @Test
    void anImageThatDoesNotFitABankIsRefused() throws Exception {
        SimulatedBoard board = Boards.abBoard(Stm32F7SwitchSchemes.BOOT_ADD);
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            FirmwareImage big = OpsBench.image(board, Boards.BANK2 - 0x10_0000L, 0x10_0000 + 64, 3, "big");
            refused(board, bench, new BankUpdateOperation(bench.context(), big,
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD)), "does not fit a bank", "1024 KiB");
        }
    }

    @Test
    void linkAddressMismatchesAreRefused() throws Exception {
        SimulatedBoard board = Boards.abBoard(Stm32F7SwitchSchemes.BOOT_ADD);
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            // BOOT_ADD, running bank 1: an image linked for 0x08000000 would have to go into the running bank
            FirmwareImage forBank1 = OpsBench.image(board, Boards.BANK1, 512, 4, "b1");
            OperationRefusedException e = refused(board, bench, new BankUpdateOperation(bench.context(), forBank1,
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD)), "link address mismatch", "0x08000000",
                    "physical bank 1 is the running bank");
            assertThat(e.fixes()).anyMatch(f -> f.contains("0x08100000"));
            // REMAP runs everything at 0x08000000: an image linked for 0x08100000 is wrong
            FirmwareImage forBank2 = OpsBench.image(board, Boards.BANK2, 512, 5, "b2");
            refused(board, bench, new BankUpdateOperation(bench.context(), forBank2,
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.REMAP).withSwitch(false)), "link address mismatch",
                    "0x08100000");
            // vectors at 0x08100000 but code linked for 0x08000000 ("runs the other bank's code")
            byte[] b = OpsBench.bytes(forBank2).clone();
            OpsBench.putWord(b, 4, Boards.BANK1 + 0x101);
            FirmwareImage mixed = FirmwareImage.of("mixed", ImageFormat.BIN, List.of(new Segment(Boards.BANK2, b,
                    "mixed")), OptionalLong.empty());
            refused(board, bench, new BankUpdateOperation(bench.context(), mixed,
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD)), "reset handler 0x08000101",
                    "other bank slot");
            // no vector table at the bank start
            FirmwareImage noVectors = FirmwareImage.of("nv", ImageFormat.BIN, List.of(new Segment(Boards.BANK2
                    + 0x400, new byte[64], "nv")), OptionalLong.empty());
            refused(board, bench, new BankUpdateOperation(bench.context(), noVectors,
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD)), "no vector table at 0x08100000");
        }
    }

    @Test
    void protectionOfTheInactiveBankIsRefusedNamingTheSectorAndTheFix() throws Exception {
        SimulatedBoard board = Boards.abBoard(Stm32F7SwitchSchemes.BOOT_ADD);
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            OptionBytes o = Stm32F7FlashDriver.of(bench.context().driver()).readOptions().withWriteProtection(12, true);
            bench.context().driver().writeOptions(o, FlashProgress.NONE);
            FirmwareImage img = Boards.image(board, Stm32F7SwitchSchemes.BOOT_ADD, 2, 6, "B");
            OperationRefusedException e = refused(board, bench, new BankUpdateOperation(bench.context(), img,
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD)), "inactive physical bank 2",
                    "write-protected", "sector 12");
            assertThat(e.fixes()).anyMatch(f -> f.contains("nWRP"));
        }
    }

    @Test
    void readProtectionIsRefused() throws Exception {
        SimulatedBoard board = Boards.abBoard(Stm32F7SwitchSchemes.BOOT_ADD);
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            var d = Stm32F7FlashDriver.of(bench.context().driver());
            d.writeOptions(d.readOptions().withRdpLevel(RdpLevel.LEVEL_1), FlashProgress.NONE);
            board.reset(ResetKind.SYSTEM);
            FirmwareImage img = Boards.image(board, Stm32F7SwitchSchemes.BOOT_ADD, 2, 6, "B");
            refused(board, bench, new BankUpdateOperation(bench.context(), img,
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD)), "RDP", "level 1", "RDP = 0xAA");
            refused(board, bench, new RollbackOperation(bench.context(), Stm32F7SwitchSchemes.BOOT_ADD, false), "level 1");
        }
    }

    @Test
    void remapWithoutABootloaderThatSetsSwpFbProgramsButDoesNotSwitch() throws Exception {
        // default model parameters: the ROM bootloader does not set SWP_FB, so only the firmware can switch
        OptionBytes dual = (OptionBytes) Boards.options(Stm32F7SwitchSchemes.BOOT_ADD).optionBytes().orElseThrow();
        SimulatedBoard board = SimulatedBoards.create(Boards.PART, BoardOptions.defaults().withOptionBytes(dual));
        FirmwareImage a = OpsBench.image(board, Boards.BANK1, 512, 0xA, "A");
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            bench.program(a);
            board.reset(ResetKind.SYSTEM);
            FirmwareImage b = OpsBench.image(board, Boards.BANK1, 512, 0xB, "B");
            OperationRefusedException e = refused(board, bench, new BankUpdateOperation(bench.context(), b,
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.REMAP)), "a switch was requested",
                    "does not know or write that marker");
            assertThat(e.fixes()).anyMatch(f -> f.contains("without switching"));

            BankUpdateResult r = new BankUpdateOperation(bench.context(), b, BankUpdateOperation.Options
                    .of(Stm32F7SwitchSchemes.REMAP).withSwitch(false)).run(FlashProgress.NONE);
            assertThat(r.plan().bankSwitch().mechanism()).isEqualTo("FIRMWARE");
            assertThat(r.switched()).isEmpty();
            assertThat(r.summary()).contains("NOT switched");
            assertThat(board.readCells(2, 0, 512)).isEqualTo(OpsBench.bytes(b));
            assertThat(board.readCells(1, 0, 512)).isEqualTo(OpsBench.bytes(a));
            // what the firmware would do: set SWP_FB - then bank 2 is the running one and bank 1 the inactive one
            board.setSwpFbAsFirmware(true);
            BankUpdateOperation.Plan p = new BankUpdateOperation(bench.context(), a, BankUpdateOperation.Options
                    .of(Stm32F7SwitchSchemes.REMAP).withSwitch(false).withHaltCore(false)).plan();
            assertThat(p.runningBank()).isEqualTo(2);
            assertThat(p.programAddress()).isEqualTo(Boards.BANK2);
            refused(board, bench, new SwapOperation(bench.context(), Stm32F7SwitchSchemes.REMAP, false), "marker");
        }
    }

    @Test
    void rollbackRefusesAnEmptyOrIncompleteOtherBank() throws Exception {
        OptionBytes dual = (OptionBytes) Boards.options(Stm32F7SwitchSchemes.BOOT_ADD).optionBytes().orElseThrow();
        SimulatedBoard board = SimulatedBoards.create(Boards.PART, BoardOptions.defaults().withOptionBytes(dual));
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            bench.program(OpsBench.image(board, Boards.BANK1, 512, 0xA, "A"));
            board.reset(ResetKind.SYSTEM);
            refused(board, bench, new RollbackOperation(bench.context(), Stm32F7SwitchSchemes.BOOT_ADD, true),
                    "physical bank 2 holds no bootable image", "erased");
            // a vector table without its code (not what Flashbank leaves, but what other tools may)
            FirmwareImage vectorsOnly = OpsBench.image(board, Boards.BANK2, 8, 0xB, "v");
            bench.program(vectorsOnly);
            refused(board, bench, new RollbackOperation(bench.context(), Stm32F7SwitchSchemes.BOOT_ADD, true),
                    "incomplete", "reset handler");
        }
    }
}
