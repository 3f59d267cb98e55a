package dev.flashbank.integration.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;

/** The driver and the doctor under power loss / probe loss at every access, and across an nDBANK change. */
class DriverRobustnessTest {

    static final String PART = "STM32F730Z8"; // 64 KiB: a fresh board per injected fault stays cheap
    static final Stm32F7Line F72 = Stm32F7Line.F72X_F73X;

    static void sequence(SimBench b) throws TargetException {
        b.driver.eraseSector(b.driver.geometry().sector(1));
        b.driver.programAndVerify(0x0800_4000L, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 },
                FlashProgress.NONE);
        b.driver.writeOptions(b.driver.readOptions().withWriteProtection(3, true), FlashProgress.NONE);
    }

    @Test
    void powerLossAtEveryAccessOfEraseProgramOptionsGivesOnlyTypedErrors() throws Exception {
        SimBench dry = SimBench.of(PART, OptionBytes.factory(F72));
        long start = dry.board.faults().accessCount();
        sequence(dry);
        long accesses = dry.board.faults().accessCount() - start;
        assertThat(accesses).isGreaterThan(20);
        List<String> untyped = new ArrayList<>();
        int disconnected = 0;
        for (long n = 0; n < accesses; n++) {
            SimBench b = SimBench.of(PART, OptionBytes.factory(F72));
            b.board.faults().powerLossAfterAccesses(n);
            try {
                sequence(b);
                untyped.add("n=" + n + ": completed although power was lost");
            } catch (ProbeDisconnectedException e) {
                disconnected++;
            } catch (TargetException e) {
                untyped.add("n=" + n + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
            } catch (RuntimeException e) {
                untyped.add("n=" + n + ": UNTYPED " + e);
            }
            // after power returns the doctor still explains the board (an interrupted option write reads as RDP 1)
            b.board.powerOn();
            b.board.faults().clear();
            DoctorReport r = new Doctor(InstalledFamilies.families()).examine(dev.flashbank.sim.SimulatedProbe.connect(b.board), List.of());
            assertThat(r.finding(FindingCode.RDP)).as("doctor after power loss at %d", n).isPresent();
        }
        assertThat(untyped).isEmpty();
        assertThat(disconnected).isEqualTo((int) accesses);
    }

    @Test
    void probeLossIsReportedAsProbeDisconnectedNotAsAFlashError() throws Exception {
        SimBench b = SimBench.of(PART, OptionBytes.factory(F72));
        b.board.faults().probeDisconnectAfterAccesses(30);
        try {
            sequence(b);
            throw new AssertionError("the sequence must notice the dropped link");
        } catch (ProbeDisconnectedException e) {
            assertThat(e.getMessage()).contains("link");
        }
    }

    @Test
    void anNdbankChangeIsReprobedAfterTheReset() throws Exception {
        SimBench b = SimBench.of("STM32F767ZI", OptionBytes.factory(Stm32F7Line.F76X_F77X));
        assertThat(b.driver.geometry().mode()).isEqualTo(BankMode.SINGLE);
        assertThat(b.driver.geometry().sectors()).hasSize(12);
        OptionWriteResult w = b.driver.writeOptions(b.driver.readOptions().withBankMode(BankMode.DUAL),
                FlashProgress.NONE);
        assertThat(w.bankModeChanged()).isTrue();
        assertThat(w.resetRequired()).isTrue();
        assertThat(b.driver.geometry().mode()).isEqualTo(BankMode.SINGLE); // not latched before the reset
        assertThat(b.driver.resetAndReprobe(ResetKind.SYSTEM).mode()).isEqualTo(BankMode.DUAL);
        assertThat(b.driver.geometry().sectors()).hasSize(24);
        assertThat(b.board.geometry()).isEqualTo(b.driver.geometry());
        b.driver.eraseBank(2, FlashProgress.NONE); // bank 2 exists now
        b.driver.programAndVerify(0x0810_0000L, new byte[] { 7, 7, 7, 7 }, FlashProgress.NONE);
        assertThat(b.board.readCells(2, 0, 4)).containsOnly((byte) 7);
    }
}
