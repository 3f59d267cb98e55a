package dev.flashbank.sim.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.Parallelism;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;

/** The simulated probe as a {@link DebugTarget}: debugger semantics and typed failures. */
class SimulatedProbeTest {

    @Test
    void voltageDescriptionAndStreaming() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        DebugTarget t = fx.probe;
        assertThat(t.targetVoltageMillivolts()).isEqualTo(3300);
        fx.board.setVoltageMillivolts(1800);
        assertThat(t.targetVoltageMillivolts()).isEqualTo(1800);
        assertThat(t.supportsStreamingFlashWrites()).isTrue();
        assertThat(t.describe()).contains("STM32F767ZI");
    }

    @Test
    void failuresAreTyped() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        assertThatThrownBy(() -> fx.mem.read32(0x0800_0002L)).isInstanceOf(BusFaultException.class)
                .hasMessageContaining("unaligned");
        assertThatThrownBy(() -> fx.mem.read32(0x9000_0000L)).isInstanceOf(BusFaultException.class)
                .extracting(e -> ((BusFaultException) e).address()).isEqualTo(0x9000_0000L);
        assertThatThrownBy(() -> fx.mem.write32(OptionBytes.imageWordAddress(0), 0)).isInstanceOf(BusFaultException.class);
        assertThatThrownBy(() -> fx.mem.write32(fx.board.descriptor().uniqueIdAddress(), 0))
                .isInstanceOf(BusFaultException.class);
        assertThatThrownBy(() -> fx.mem.read32(0x0820_0000L)).isInstanceOf(BusFaultException.class); // past flash
        fx.board.powerOff();
        assertThat(fx.probe.targetVoltageMillivolts()).as("VREF of an unpowered board").isZero();
    }

    @Test
    void powerOffAndCloseDisconnect() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.board.powerOff();
        assertThatThrownBy(() -> fx.mem.read32(0x2000_0000L)).isInstanceOf(ProbeDisconnectedException.class);
        assertThatThrownBy(() -> SimulatedProbe.connect(fx.board)).isInstanceOf(ProbeDisconnectedException.class);
        fx.board.powerOn();
        SimulatedProbe p = SimulatedProbe.connect(fx.board);
        p.close();
        assertThatThrownBy(() -> p.memory().read32(0x2000_0000L)).isInstanceOf(ProbeDisconnectedException.class);
    }

    @Test
    void ramIsReadWriteInAllWidthsAndRandomAtPowerUp() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        byte[] before = fx.mem.read(0x2002_0000L, 64, AccessWidth.WORD);
        assertThat(before).isNotEqualTo(new byte[64]); // SRAM powers up with garbage
        fx.mem.write8(0x2002_0001L, 0xAB);
        fx.mem.write16(0x2002_0002L, 0xCDEF);
        assertThat(fx.mem.read32(0x2002_0000L) >>> 8).isEqualTo(0x00CD_EFAB);
        assertThat(fx.mem.read32(0x0000_0000L)).isEqualTo(fx.mem.read32(0x0000_0000L)); // ITCM RAM mapped
    }

    @Test
    void otpProgramsOnceAndHonoursLockBytes() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        long otp = fx.board.descriptor().otpArea().start();
        fx.programWords(otp, 0x0000_00FF);
        assertThat(fx.mem.read32(otp)).isEqualTo(0xFF);
        int data = Integer.highestOneBit((int) fx.board.descriptor().otpArea().size());
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(PG) | fx.psize(Parallelism.X8));
        fx.mem.write8(otp + data, 0x00); // lock block 0
        fx.waitIdle();
        fx.mem.write8(otp + 4, 0x00);
        fx.waitIdle();
        assertThat(fx.errors() & fx.srBit(WRPERR)).isNotZero();
        assertThat(fx.mem.read8(otp + 4)).isEqualTo(0xFF);
        // no erase reaches OTP
        fx.clearErrors();
        fx.massErase(fx.crBit(MER));
        assertThat(fx.mem.read32(otp)).isEqualTo(0xFF);
    }

    @Test
    void assumptionsListModelAndSimulatorParameters() throws Exception {
        var names = SimulatedBoards.createDefault().assumptions().stream().map(p -> p.name()).toList();
        assertThat(names).contains("bankEraseSelectsPhysicalBank", "wrongKeyLocksUntilReset", "sim.rdp1DebugEraseFlag",
                "sim.timingBound");
    }

    @Test
    void unknownPartsAreATypedError() {
        assertThatThrownBy(() -> SimulatedBoards.create("STM32F999ZI")).isInstanceOf(BoardConfigurationException.class);
        assertThatThrownBy(() -> SimulatedBoards.create("banana")).isInstanceOf(BoardConfigurationException.class)
                .hasMessageContaining("order code");
        assertThatThrownBy(() -> SimulatedBoards.create("STM32F767ZE")).isInstanceOf(BoardConfigurationException.class);
    }
}
