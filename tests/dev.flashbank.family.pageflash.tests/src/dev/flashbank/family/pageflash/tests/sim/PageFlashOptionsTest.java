package dev.flashbank.family.pageflash.tests.sim;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.device.Register;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.sim.DoubleWordArray;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.sim.PageFlashSimulatedFamily;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.ResetCause;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.state.BoardStateFile;

/**
 * Option bytes on the simulated page-flash boards (RM0440 §3.4.2, RM0444 §3.4.2): OPTSTRT programs, the next option
 * load (OBL_LAUNCH, power-on - not a plain system reset) puts them in force and OBL_LAUNCH resets the part under the
 * access; a power loss inside the option change leaves value/complement mismatches that load with OPTVERR as "level 1,
 * everything write-protected", and an RDP regression recovers it; RDP 1 -> 0 erases the flash, level 2 freezes the
 * part; the board state file keeps cells, ECC states, stored options and OTP.
 */
class PageFlashOptionsTest {

    static final long FLASH = PageFlashLine.MAIN_FLASH;

    /** WRP1AR with pages {@code first}..{@code last} of bank 1. */
    static int wrp1a(SimRegs s, int first, int last) {
        Register r = s.regs.wrp(1, "A");
        return r.field(wrpStartField(1, "A")).encode(first) | r.field(wrpEndField(1, "A")).encode(last)
                | (s.option(r.name()) & ~r.definedBits());
    }

    @Test
    void oblLaunchResetsThePartAndLoadsWhatOptstrtProgrammed() throws Exception {
        SimRegs s = SimRegs.of("STM32G474RE");
        String wrp = s.regs.wrp(1, "A").name();
        int factory = s.board.optionsInForce().get(wrp);
        s.unlockOptions();
        s.writeOption(wrp, wrp1a(s, 2, 3));
        assertThat(s.optionStart()).isZero();
        // the register shows what was written, the part still obeys the loaded value
        assertThat(s.option(wrp)).isEqualTo(wrp1a(s, 2, 3));
        assertThat(s.board.optionsInForce().get(wrp)).isEqualTo(factory);
        assertThat(s.board.storedOptions().get(wrp)).isEqualTo(wrp1a(s, 2, 3));

        // a plain system reset does not load the options: the register reads the loaded value again
        s.board.reset(ResetKind.SYSTEM);
        assertThat(s.option(wrp)).isEqualTo(factory);
        s.unlock();
        assertThat(s.erasePage(1, 2)).isZero();

        s.unlockOptions();
        BusResult launch = s.oblLaunch();
        assertThat(launch).as("the part resets under the access").isInstanceOf(BusResult.Fault.class);
        assertThat(((BusResult.Fault) launch).reason()).contains("OBL_LAUNCH");
        assertThat(s.board.lastResetCause()).isEqualTo(ResetCause.SOFTWARE);
        assertThat(s.r(s.regs.cr().address())).as("CR after the reset").isEqualTo(0xC000_0000L);
        assertThat(s.board.optionsInForce().get(wrp)).isEqualTo(wrp1a(s, 2, 3));
        s.unlock();
        assertThat(s.erasePage(1, 2)).isEqualTo(s.flag(WRPERR));
        s.clearErrors();
        assertThat(s.erasePage(1, 4)).isZero();
        s.setCr(s.cr(MER1));
        s.setCr(s.cr(MER1, STRT));
        s.waitIdle();
        assertThat(s.errors()).as("no mass erase of a bank with a WRP area").isEqualTo(s.flag(WRPERR));
    }

    @Test
    void powerLossInTheOptionWindowLoadsMismatchesWithOptverrAndARegressionRecovers() throws Exception {
        SimRegs s = SimRegs.of("STM32G474RE");
        s.unlock();
        s.program(FLASH, 0x1234_5678_9ABC_DEF0L);
        s.unlockOptions();
        s.writeOption(OPTR, s.optrWith(BFB2, 1));
        s.board.faults().powerLossAt(Duration.ofNanos(s.board.clock().nanos() + 1_000_000));
        s.setCr(s.cr(OPTSTRT));
        s.bus.elapse(Duration.ofMillis(50));
        assertThat(s.board.isPowered()).isFalse();
        assertThat(s.board.faults().lastInterruption()).map(InterruptedOperation::kind)
                .contains(InterruptedOperation.Kind.OPTION_PROGRAM);

        s.board.powerOn();
        assertThat(s.board.optionValidityError()).isTrue();
        assertThat(s.sr() & s.flag(OPTVERR)).isNotZero();
        assertThat(s.read(FLASH)).as("mismatched RDP loads as level 1").isInstanceOf(BusResult.ProtectionFault.class);
        Register wrp = s.regs.wrp(1, "A");
        int loaded = s.board.optionsInForce().get(wrp.name());
        assertThat(wrp.field(wrpStartField(1, "A")).extract(loaded)).isZero();
        assertThat(wrp.field(wrpEndField(1, "A")).extract(loaded)).as("every page write-protected")
                .isEqualTo((int) wrp.field(wrpEndField(1, "A")).maxValue());

        // recovery: clear OPTVERR (as ST's examples do), then a complete option change with RDP back to level 0
        // (the regression erases the flash)
        s.clearErrors();
        assertThat(s.sr() & s.flag(OPTVERR)).isZero();
        s.unlockOptions();
        s.writeOption(OPTR, s.optrWith(RDP, RDP_LEVEL_0));
        for (int bank = 1; bank <= 2; bank++) {
            for (String area : List.of("A", "B")) {
                Register r = s.regs.wrp(bank, area);
                s.writeOption(r.name(), r.resetValue());
            }
        }
        assertThat(s.optionStart()).isZero();
        assertThat(s.oblLaunch()).isInstanceOf(BusResult.Fault.class);
        assertThat(s.board.optionValidityError()).isFalse();
        assertThat(s.r(FLASH)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void rdpRegressionErasesTheFlashAndLevel2FreezesThePart() throws Exception {
        SimRegs s = SimRegs.of("STM32L476RG");
        s.unlock();
        s.program(FLASH, 1);
        s.program(FLASH + 0x8_0000L, 2);
        s.changeOptr(RDP, 0xBB);
        assertThat(s.read(FLASH)).isInstanceOf(BusResult.ProtectionFault.class);
        s.unlock();
        s.setCr(s.cr(PER));
        assertThat(s.w(s.regs.cr().address(), s.cr(PER, STRT))).as("erase from the debugger at level 1")
                .isInstanceOf(BusResult.Fault.class);
        assertThat(s.board.readCells(1, 0, 4)).containsExactly(1, 0, 0, 0);

        // raising the level erased nothing; going back to 0 erases both banks inside the OPTSTRT operation
        s.setCr(0);
        s.unlockOptions();
        s.writeOption(OPTR, s.optrWith(RDP, RDP_LEVEL_0));
        assertThat(s.optionStart()).isZero();
        for (int a = 1; a <= 2; a++) {
            byte[] cells = s.board.readCells(a, 0, 1024 * 512);
            int programmed = 0;
            for (byte b : cells) {
                programmed += b == (byte) 0xFF ? 0 : 1;
            }
            assertThat(programmed).as("programmed bytes left in bank %d", a).isZero();
        }
        assertThat(s.oblLaunch()).isInstanceOf(BusResult.Fault.class);
        assertThat(s.r(FLASH)).isEqualTo(0xFFFF_FFFFL);

        s.changeOptr(RDP, RDP_LEVEL_2);
        assertThat(s.read(FLASH)).isInstanceOf(BusResult.PortLocked.class);
        s.board.powerCycle();
        assertThat(s.read(s.regs.cr().address())).isInstanceOf(BusResult.PortLocked.class);
    }

    @Test
    void theBoardStateFileKeepsCellsEccStatesStoredOptionsAndOtp(@TempDir Path dir) throws Exception {
        SimRegs s = SimRegs.of("STM32G0B1RE");
        s.unlock();
        s.program(FLASH + 0x4_0000L, 0x0102_0304_0506_0708L);
        s.program(FLASH + 0x100, 0x1111_2222_3333_4444L);
        s.program(FLASH + 0x100, 0);
        // a torn double word (power loss in its program) must survive the file too
        s.setCr(s.cr(PG));
        s.w(FLASH + 0x200, 0);
        s.board.faults().powerLossAt(Duration.ofNanos(s.board.clock().nanos() + 10_000));
        s.w(FLASH + 0x204, 0);
        s.bus.elapse(Duration.ofMillis(1));
        s.board.powerOn();
        // options programmed but not loaded: the file keeps them, a load of the file (power-on) puts them in force
        s.unlockOptions();
        s.writeOption(OPTR, s.optrWith(NSWAP_BANK, 0));
        assertThat(s.optionStart()).isZero();

        Path file = dir.resolve("g0b1.board");
        BoardStateFile.save(s.board, file);
        BoardSnapshot saved = s.board.snapshot();
        PageFlashBoard back = (PageFlashBoard) BoardStateFile.load(file, BoardOptions.defaults(),
                SimulatedFamilies.of(List.of(PageFlashSimulatedFamily.INSTANCE)));
        assertThat(back.snapshot().sameContent(saved)).isTrue();
        assertThat(back.eccState(1, 0x100)).isEqualTo(DoubleWordArray.State.ZEROED);
        assertThat(back.eccState(1, 0x200)).isEqualTo(DoubleWordArray.State.TORN);
        assertThat(back.storedOptions()).isEqualTo(s.board.storedOptions());
        assertThat(back.swapped()).as("the stored nSWAP_BANK = 0 loaded at the power-on").isTrue();
        assertThat(new SimRegs(back).r(FLASH)).isEqualTo(0x0506_0708L);
    }
}
