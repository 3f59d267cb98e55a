package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.BankUpdateResult;
import dev.flashbank.core.ops.EraseOperation;
import dev.flashbank.core.ops.EraseRequest;
import dev.flashbank.core.ops.EraseResult;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.ops.ProgramPlan;
import dev.flashbank.core.ops.ProgramResult;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;

/**
 * The two seed problems of issue 6 cannot be reproduced through the operations. A (AN4826 dual bank mode): an F767
 * running from physical bank 2 with SWP_FB = 1; erasing "bank 1" and programming 0x08000000 corrupted the running bank
 * with no error. B: mass erase on a protected F722ZE fails with "verify flash protection".
 */
class SeedProblemsThroughOpsTest {

    /**
     * Dual-bank F767 (default model: nothing but the firmware sets SWP_FB) with images linked for 0x08000000 in both
     * banks, running bank 2 because its firmware set SWP_FB = 1 - the user's situation.
     */
    static SimulatedBoard seedA() throws Exception {
        OptionBytes dual = (OptionBytes) Boards.options(Stm32F7SwitchSchemes.BOOT_ADD).optionBytes().orElseThrow();
        SimulatedBoard board = SimulatedBoards.create(Boards.PART, BoardOptions.defaults().withOptionBytes(dual));
        try (OpsBench b = new OpsBench(board, OpsBench.Transport.PROBE)) {
            b.program(OpsBench.image(board, Boards.BANK1, 2048, 1, "bank 1"));
            b.program(OpsBench.image(board, Boards.BANK1, 2048, 2, "bank 2").shifted(Boards.BANK2 - Boards.BANK1));
        }
        board.reset(ResetKind.SYSTEM);
        board.setSwpFbAsFirmware(true);
        return board;
    }

    @Test
    void seedA_theBankUpdateNeverWritesTheRunningBank() throws Exception {
        SimulatedBoard board = seedA();
        byte[] running = board.readCells(2, 0, 1024 * 1024);
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.STLINK)) {
            OperationContext ctx = bench.context();
            FirmwareImage next = OpsBench.image(board, Boards.BANK1, 4096, 0x51, "next");
            // with the BOOT_ADD scheme SWP_FB = 1 is a contradiction: refused before any write
            BankUpdateRefusalTest.refused(board, bench, new BankUpdateOperation(ctx, next,
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD)), "SWP_FB = 1");
            BankUpdateResult r = new BankUpdateOperation(ctx, next, BankUpdateOperation.Options
                    .of(Stm32F7SwitchSchemes.REMAP).withSwitch(false).withHaltCore(false)).run(FlashProgress.NONE);
            assertThat(r.plan().runningBank()).isEqualTo(2);
            assertThat(r.plan().inactiveBank()).isEqualTo(1);
            assertThat(r.plan().programAddress()).isEqualTo(Boards.BANK2); // physical bank 1 is mapped there now
            assertThat(r.plan().sectors()).allMatch(s -> s.bank() == 1);
            assertThat(r.verify().ok()).isTrue();
            assertThat(board.readCells(2, 0, running.length)).isEqualTo(running); // running bank untouched
            assertThat(board.readCells(1, 0, 4096)).isEqualTo(OpsBench.bytes(next));
        }
    }

    @Test
    void seedA_eraseBankThenProgramCannotProduceOldAndNew() throws Exception {
        SimulatedBoard board = seedA();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.STLINK)) {
            OperationContext ctx = bench.context();
            // the user's "erase bank 1" is PHYSICAL bank 1 - and the result says where it was visible. The running-bank
            // guard refuses both steps (RunningBankGuardTest); even with the expert override the steps stay consistent
            EraseResult er = new EraseOperation(ctx, EraseRequest.bank(1), true).run(FlashProgress.NONE);
            assertThat(er.visibleAt()).containsExactly(new AddressRange(Boards.BANK2, 0x10_0000));
            assertThat(er.summary()).contains("0x08100000").contains("SWP_FB=1");
            // programming 0x08000000 reaches physical bank 2: the program op erases exactly the sectors it writes
            FirmwareImage img = OpsBench.image(board, Boards.BANK1, 48, 0x3, "new");
            ProgramResult pr = new ProgramOperation(ctx, img, ProgramOptions.defaults().withAllowRunningBank(true))
                    .run(FlashProgress.NONE);
            assertThat(pr.plan().steps()).singleElement().satisfies(s -> {
                assertThat(s.sector().bank()).isEqualTo(2);
                assertThat(s.action()).isEqualTo(ProgramPlan.Action.ERASE_AND_PROGRAM);
            });
            assertThat(pr.verify()).hasValueSatisfying(v -> assertThat(v.ok()).isTrue());
            byte[] cells = board.readCells(2, 0, 48);
            assertThat(cells).isEqualTo(OpsBench.bytes(img)); // not old AND new
        }
    }

    static OptionBytes f722() {
        return OptionBytes.factory(Stm32F7Line.F72X_F73X);
    }

    enum Protection {
        WRP, PCROP, RDP1
    }

    @ParameterizedTest
    @EnumSource(Protection.class)
    void seedB_massEraseOnAProtectedF722zeIsRefusedBeforeTouchingThePart(Protection p) throws Exception {
        OptionBytes o = switch (p) {
            case WRP -> f722().withWriteProtection(3, true);
            case PCROP -> f722().withPcropProtection(2, true);
            case RDP1 -> f722().withRdpLevel(RdpLevel.LEVEL_1);
        };
        SimulatedBoard board = SimulatedBoards.create("STM32F722ZE", BoardOptions.defaults().withOptionBytes(o));
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.STLINK)) {
            OperationRefusedException e = BankUpdateRefusalTest.refused(board, bench,
                    new EraseOperation(bench.context(), EraseRequest.mass()), "mass erase is blocked by protection");
            switch (p) {
                case WRP -> {
                    assertThat(e.getMessage()).contains("sector 3").contains("nWRP[3] = 0");
                    assertThat(e.fixes()).anyMatch(f -> f.contains("nWRP[3] = 1"));
                }
                case PCROP -> {
                    assertThat(e.getMessage()).contains("sector 2").contains("PCROP");
                    assertThat(e.fixes()).anyMatch(f -> f.contains("PCROP_RDP") && f.contains("ALL user flash"));
                }
                case RDP1 -> {
                    assertThat(e.getMessage()).contains("RDP").contains("level 1");
                    assertThat(e.fixes()).anyMatch(f -> f.contains("RDP = 0xAA") && f.contains("mass-erases"));
                }
            }
            // the doctor's examination travels with the refusal and prints the fix
            assertThat(e.doctorReport()).hasValueSatisfying(d -> {
                assertThat(d.finding(FindingCode.MASS_ERASE)).hasValueSatisfying(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                    assertThat(f.fix()).isPresent();
                });
                assertThat(d.render()).contains("fix:");
            });
        }
    }

    @Test
    void seedB_afterTheFixTheMassEraseRuns() throws Exception {
        SimulatedBoard board = SimulatedBoards.create("STM32F722ZE");
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.STLINK)) {
            OperationContext ctx = bench.context();
            bench.program(OpsBench.image(board, Boards.BANK1 + 0xC000, 64, 9, "in sector 3"));
            var d = Stm32F7FlashDriver.of(ctx.driver());
            d.writeOptions(d.readOptions().withWriteProtection(3, true), FlashProgress.NONE);
            BankUpdateRefusalTest.refused(board, bench, new EraseOperation(ctx, EraseRequest.mass()), "sector 3");
            d.writeOptions(d.readOptions().withWriteProtection(3, false), FlashProgress.NONE);
            d.resetAndReprobe(ResetKind.SYSTEM);
            EraseResult r = new EraseOperation(ctx, EraseRequest.mass()).run(FlashProgress.NONE);
            assertThat(r.sectors()).hasSize(8);
            assertThat(board.readCells(1, 0xC000, 64)).containsOnly((byte) 0xFF);
        }
    }

    @Test
    void sectorAndRangeErasesResolvePhysicalSectorsAndRefuseUnalignedRanges() throws Exception {
        SimulatedBoard board = Boards.abBoard(Stm32F7SwitchSchemes.BOOT_ADD);
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            OperationContext ctx = bench.context();
            BankUpdateRefusalTest.refused(board, bench, new EraseOperation(ctx, EraseRequest.range(
                    new AddressRange(Boards.BANK2 + 0x100, 0x100), false)), "not sector-aligned", "0x08100000");
            BankUpdateRefusalTest.refused(board, bench, new EraseOperation(ctx, EraseRequest.sectors(List.of(40))),
                    "no sector 40");
            EraseResult r = new EraseOperation(ctx, EraseRequest.range(new AddressRange(Boards.BANK2 + 0x100, 0x100),
                    true)).run(FlashProgress.NONE);
            assertThat(r.sectors()).singleElement().satisfies(s -> assertThat(s.number()).isEqualTo(12));
            assertThat(board.readCells(2, 0, 16)).containsOnly((byte) 0xFF);
            assertThat(board.readCells(1, 0, Boards.IMAGE_SIZE)).isEqualTo(OpsBench.bytes(Boards.imageA(board,
                    Stm32F7SwitchSchemes.BOOT_ADD)));
        }
    }
}
