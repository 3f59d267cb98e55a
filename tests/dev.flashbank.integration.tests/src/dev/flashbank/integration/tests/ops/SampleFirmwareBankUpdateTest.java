package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.ops.BankSwitchResult;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.BankUpdateResult;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.RollbackOperation;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BootReport;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;

/**
 * The bank update with the repository's real arm-none-eabi sample firmware (tests/dev.flashbank.core.tests/resources/
 * images: app-bank1.elf linked for 0x08000000, app-bank2.elf linked for 0x08100000) over the emulated ST-Link: the
 * BOOT_ADD scheme as in ST's FLASH_DualBoot example.
 */
class SampleFirmwareBankUpdateTest {

    /** The sample folder: system property flashbank.repo, else the first parent of the working dir that has it. */
    static Path samples() {
        String rel = dev.flashbank.family.stm32f7.sim.SampleImages.REPOSITORY_FOLDER;
        String prop = System.getProperty("flashbank.repo");
        if (prop != null) {
            return Paths.get(prop, rel);
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(rel).resolve("app-bank1.elf"))) {
                return p.resolve(rel);
            }
        }
        throw new IllegalStateException("sample images not found above " + Paths.get("").toAbsolutePath()
                + " (set -Dflashbank.repo=<repository root>)");
    }

    @Test
    void theSampleImagesUpdateBootAndRollBack() throws Exception {
        FirmwareImage bank1 = ImageReader.read(samples().resolve("app-bank1.elf"));
        FirmwareImage bank2 = ImageReader.read(samples().resolve("app-bank2.elf"));
        SimulatedBoard board = SimulatedBoards.create(Boards.PART, Boards.options(Stm32F7SwitchSchemes.BOOT_ADD));
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.STLINK)) {
            OperationContext ctx = bench.context();
            bench.program(bank1);
            board.reset(ResetKind.SYSTEM);
            assertThat(board.lastBootReport().physicalBank()).isEqualTo(1);

            BankUpdateResult r = new BankUpdateOperation(ctx, bank2, BankUpdateOperation.Options
                    .of(Stm32F7SwitchSchemes.BOOT_ADD).withReset(true)).run(FlashProgress.NONE);
            assertThat(r.plan().linkAddress()).isEqualTo(Boards.BANK2);
            BootReport boot = board.lastBootReport();
            assertThat(boot.source()).isEqualTo(BootReport.Source.FLASH);
            assertThat(boot.physicalBank()).isEqualTo(2);
            assertThat(boot.imageResetVector() & 0xFFFF_FFFFL).isEqualTo(bank2.entryPoint().getAsLong());
            var span2 = bank2.span().orElseThrow();
            var span1 = bank1.span().orElseThrow();
            assertThat(board.readCells(2, span2.start() - Boards.BANK2, (int) span2.size()))
                    .isEqualTo(bank2.bytes(span2));
            assertThat(board.readCells(1, span1.start() - Boards.BANK1, (int) span1.size()))
                    .isEqualTo(bank1.bytes(span1));
            assertThat(r.after().bank(2).explanation()).contains("linked for 0x08100000, this bank's own address");

            BankSwitchResult rb = new RollbackOperation(ctx, Stm32F7SwitchSchemes.BOOT_ADD, true).run(FlashProgress.NONE);
            assertThat(rb.bankSwitch().option()).contains("BOOT_ADD0");
            assertThat(board.lastBootReport().physicalBank()).isEqualTo(1);
            assertThat(board.lastBootReport().imageResetVector() & 0xFFFF_FFFFL)
                    .isEqualTo(bank1.entryPoint().getAsLong());
        }
    }
}
