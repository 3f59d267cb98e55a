package dev.flashbank.family.pageflash.tests.ops;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.EraseOperation;
import dev.flashbank.core.ops.EraseRequest;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.family.pageflash.PageFlashRegisters;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.tests.ops.PageFlashAbBench.Part;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.core.target.AccessWidth;

/**
 * The wolfBoot PR #821 / stlink #1456 failure mode on the simulated page-flash parts (issue 17 acceptance): after an
 * A/B update the banks are swapped (L4/G4 FB_MODE = 1 by the BFB2 boot, G0 nSWAP_BANK = 0) and physical bank 2 runs
 * at 0x0800_0000. A naive tool that wants to erase the update slot - the upper half, where physical bank 1 is mapped
 * now - and takes the bank from the address (BKER = 1 for the upper half) erases the RUNNING bank: BKER selects the
 * PHYSICAL bank whatever the mapping (RM0440 §3.3.7 FLASH_CR, model parameter eraseSelectsPhysicalBank). Reproduced
 * here with that naive register sequence over the debug port; then every Flashbank path that writes is shown to
 * refuse the running bank when it is named by number (erase of a bank or of pages, program into a chosen physical
 * bank), to map an address to the right physical bank (erase of a range, the bank update), and the doctor to explain
 * the trap - with nothing written by a refusal.
 */
class PageFlashWrongBankEraseTest {

    /** A board running image A from physical bank 2 (swapped), the old image Z in physical bank 1. */
    private static PageFlashBoard swappedBoard(Part part, FirmwareImage z, FirmwareImage a) throws Exception {
        PageFlashBoard board = PageFlashAbBench.runningFrom(part, 2, z, a);
        assertThat(board.lastBootReport().physicalBank()).isEqualTo(2);
        assertThat(board.swapped()).isTrue();
        return board;
    }

    /** Where the upper slot starts (physical bank 1 while swapped). */
    private static long upperSlot(PageFlashBoard board) {
        return board.geometry().windowAddress(1, 0, true, board.geometry().linkWindow());
    }

    /**
     * What a naive tool does to erase the first page of the update slot: unlock, PER with PNB = 0 and the bank taken
     * from the address (BKER = 1: "the upper half is bank 2"), STRT, wait for BSY - straight over the debug port.
     */
    private static void naiveEraseOfTheUpperSlot(PageFlashBoard board) {
        PageFlashRegisters regs = PageFlashRegisters.of(board.line());
        DebugBus bus = board.debugBus();
        Register cr = regs.cr();
        bus.write(regs.keyr().address(), AccessWidth.WORD, KEYR_KEYS.key1());
        bus.write(regs.keyr().address(), AccessWidth.WORD, KEYR_KEYS.key2());
        int v = cr.field(PER).mask() | cr.field(PNB).encode(0) | cr.field(BKER).mask();
        bus.write(cr.address(), AccessWidth.WORD, v);
        bus.write(cr.address(), AccessWidth.WORD, v | cr.field(STRT).mask());
        for (int i = 0; i < 1000 && busy(bus, regs); i++) {
            bus.elapse(Duration.ofMillis(1));
        }
        bus.write(cr.address(), AccessWidth.WORD, cr.field(LOCK).mask());
    }

    private static boolean busy(DebugBus bus, PageFlashRegisters regs) {
        var r = bus.read(regs.sr().address(), AccessWidth.WORD);
        return r instanceof dev.flashbank.sim.bus.BusResult.Ok ok && (ok.value() & regs.srBusyMask()) != 0;
    }

    private static boolean erased(byte[] b) {
        for (byte x : b) {
            if (x != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @EnumSource(Part.class)
    void theNaiveSequenceErasesTheRunningBankAndEveryFlashbankPathRefusesOrRedirects(Part part) throws Exception {
        FirmwareImage z = PageFlashAbBench.image(520, 0x2, "z.bin");
        FirmwareImage a = PageFlashAbBench.image(552, 0xA, "a.bin");
        byte[] zBytes = PageFlashAbBench.bytes(z);
        byte[] aBytes = PageFlashAbBench.bytes(a);
        BoardSnapshot swapped = swappedBoard(part, z, a).snapshot();

        // the failure, reproduced: the running image's first page is gone, the update slot untouched
        PageFlashBoard naive = PageFlashAbBench.restore(swapped);
        naiveEraseOfTheUpperSlot(naive);
        assertThat(erased(naive.readCells(2, 0, aBytes.length))).as("the RUNNING bank (physical 2) erased").isTrue();
        assertThat(naive.readCells(1, 0, zBytes.length)).as("the update slot it meant, untouched").isEqualTo(zBytes);
        naive.powerCycle();
        BootReport after = naive.lastBootReport();
        assertThat(after.source() == BootReport.Source.FLASH && after.physicalBank() == 2).as("%s", after).isFalse();

        // Flashbank: an erase of "bank 2" names the running bank - refused, pointing to physical bank 1
        PageFlashBoard board = PageFlashAbBench.restore(swapped);
        try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
            String slot = String.format("0x%08X", upperSlot(board));
            assertThatThrownBy(() -> new EraseOperation(bench.ctx, new EraseRequest.Bank(2)).run(FlashProgress.NONE))
                    .isInstanceOfSatisfying(OperationRefusedException.class, e -> {
                        assertThat(e.getMessage()).contains("RUNNING").contains("PHYSICAL")
                                .contains("the bank at " + slot + " is physical bank 1");
                        assertThat(e.fixes()).anySatisfy(f -> assertThat(f).contains("flashbank erase --bank 1"));
                    });
            assertThatThrownBy(() -> new EraseOperation(bench.ctx, EraseRequest.Sectors.parse(
                    List.of("2:" + board.geometry().bank(2).sectors().get(0).number())))
                    .run(FlashProgress.NONE)).isInstanceOf(OperationRefusedException.class)
                    .hasMessageContaining("RUNNING");
            FirmwareImage b = PageFlashAbBench.image(584, 0xB, "b.bin");
            assertThatThrownBy(() -> new ProgramOperation(bench.ctx, b,
                    ProgramOptions.defaults().withPhysicalBank(OptionalInt.of(2))).run(FlashProgress.NONE))
                    .isInstanceOf(OperationRefusedException.class).hasMessageContaining("RUNNING");
            assertThat(board.readCells(2, 0, aBytes.length)).as("refusals write nothing").isEqualTo(aBytes);
            assertThat(board.readCells(1, 0, zBytes.length)).isEqualTo(zBytes);

            // the doctor names the trap
            DoctorReport d = new Doctor(PageFlashAbBench.families()).examine(bench.probe, List.of());
            assertThat(d.findings(FindingCode.SWAPPED_BANK_ERASE)).as(d.render()).singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("RUNNING").contains("physical bank 2"));

            // by address, Flashbank maps the upper slot to physical bank 1: the page the naive tool meant
            int page = (int) board.geometry().bank(1).sectors().get(0).size();
            new EraseOperation(bench.ctx, new EraseRequest.Range(new AddressRange(upperSlot(board), page), false))
                    .run(FlashProgress.NONE);
            assertThat(erased(board.readCells(1, 0, page))).as("physical bank 1, page 0").isTrue();
            assertThat(board.readCells(2, 0, aBytes.length)).as("the running bank untouched").isEqualTo(aBytes);
        }

        // and the bank update writes the bank that is not running (BKER = physical 1), then boots it
        PageFlashBoard update = PageFlashAbBench.restore(swapped);
        FirmwareImage b = PageFlashAbBench.image(584, 0xB, "b.bin");
        try (PageFlashAbBench bench = new PageFlashAbBench(update)) {
            new BankUpdateOperation(bench.ctx, b, part.update()).run(FlashProgress.NONE);
        }
        assertThat(update.readCells(1, 0, PageFlashAbBench.bytes(b).length)).isEqualTo(PageFlashAbBench.bytes(b));
        assertThat(update.readCells(2, 0, aBytes.length)).as("the previously running bank intact").isEqualTo(aBytes);
        PageFlashAbUpdateTest.assertBoots(update, part, 1);
    }
}
