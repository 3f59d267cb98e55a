package dev.flashbank.integration.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import dev.flashbank.cli.sim.SimStlinkBackend;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.family.stm32f7.Stm32F7CrcDma;
import dev.flashbank.family.stm32f7.Stm32F7SystemRegisters;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.stlink.RecordingTransport;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.StlinkTransport;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * Issue 18: a large batch of target-side CRCs runs with HCLK raised from the reset HSI to the PLL while the core is
 * halted, and RCC_CR, RCC_PLLCFGR, RCC_CFGR, RCC_AHB1ENR and FLASH_ACR read exactly as before afterwards - also when
 * the probe fails half-way through the batch. A running core and a clock set-up firmware made are left alone. Counts and compares register
 * values, asserts no time (the speed is the bench's).
 */
class TargetCrcRaisedClockTest {

    private static final long RCC_CR = Stm32F7SystemRegisters.rcc().register(Stm32F7SystemRegisters.RCC_CR).address();
    private static final long RCC_CFGR = Stm32F7SystemRegisters.rcc().register(Stm32F7SystemRegisters.CFGR).address();
    private static final long FLASH_ACR = 0x4002_3C00L;
    /** RCC_CR, RCC_PLLCFGR, RCC_CFGR, RCC_AHB1ENR, FLASH_ACR. */
    private static final long[] WATCHED = { RCC_CR, RCC_CR + 4, RCC_CFGR, Stm32F7CrcDma.RCC_AHB1ENR, FLASH_ACR };
    /** 512 KiB of flash in four sectors' worth of ranges: above the raise threshold. */
    private static final List<AddressRange> LARGE = List.of(new AddressRange(0x0800_0000L, 0x2_0000),
            new AddressRange(0x0802_0000L, 0x4_0000), new AddressRange(0x0806_0000L, 0x2_0000));

    private record Rig(StlinkDebugTarget target, RecordingTransport usb, Stm32F7FlashDriver driver) {
        int[] watched() throws Exception {
            int[] v = new int[WATCHED.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = target.memory().read32(WATCHED[i]);
            }
            return v;
        }

        boolean wroteCfgr() {
            return !usb.exchanges(x -> x.address() == RCC_CFGR && (x.isDebug(StlinkCommands.DEBUG_WRITEMEM_32BIT)
                    || x.isDebug(StlinkCommands.DEBUG_APIV2_WRITEDEBUGREG))).isEmpty();
        }
    }

    /** Fails the second DMA stream write once when armed: a probe lost half-way through the CRC batch. */
    private static final class FailingOnce implements StlinkTransport {
        private final StlinkTransport delegate;
        private boolean armed;
        private int streamWrites;

        FailingOnce(StlinkTransport delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] exchange(byte[] cdb, byte[] dataOut, int inLength, int timeoutMillis) throws TargetException {
            RecordingTransport.Exchange x = new RecordingTransport.Exchange(cdb, dataOut, inLength, null);
            if (armed && x.isDebug(StlinkCommands.DEBUG_WRITEMEM_32BIT) && x.address() == Stm32F7CrcDma.DMA2_LIFCR
                    && ++streamWrites == 2) {
                armed = false;
                throw new TargetException("injected: USB transfer failed");
            }
            return delegate.exchange(cdb, dataOut, inLength, timeoutMillis);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static Rig rig(boolean halt) throws Exception {
        return rig(halt, null);
    }

    private static Rig rig(boolean halt, FailingOnce[] failing) throws Exception {
        SimulatedBoard board = SimulatedBoards.create("STM32F767ZI", BoardOptions.defaults());
        StlinkEmulator emulator = new StlinkEmulator(EmulatorConfig.v2(37), new SimStlinkBackend(board.debugBus()));
        StlinkTransport wire = emulator;
        if (failing != null) {
            failing[0] = new FailingOnce(emulator);
            wire = failing[0];
        }
        RecordingTransport usb = new RecordingTransport(wire);
        StlinkSession session = StlinkSession.open(usb, StlinkSessionOptions.defaults().withClock(emulator.clock()));
        StlinkDebugTarget t = StlinkDebugTarget.attach(session, StlinkSession.ConnectMode.NORMAL);
        if (halt) {
            t.core().halt();
        }
        Stm32F7FlashDriver d = Stm32F7FlashDriver.forSession(new TargetSession(t, InstalledFamilies.families()),
                emulator.clock(), FlashDriverSettings.defaults());
        return new Rig(t, usb, d);
    }

    @Test
    void aLargeBatchRunsRaisedAndRestoresEveryRegisterExactly() throws Exception {
        Rig r = rig(true);
        try (StlinkDebugTarget t = r.target()) {
            int[] before = r.watched();
            List<byte[]> contents = new java.util.ArrayList<>();
            for (AddressRange a : LARGE) {
                contents.add(r.driver().readFlash(a.start(), (int) a.size()));
            }
            r.usb().clear();
            List<OptionalInt> crcs = r.driver().targetCrcs(LARGE);

            for (int i = 0; i < LARGE.size(); i++) {
                byte[] c = contents.get(i);
                assertThat(crcs.get(i)).hasValue(r.driver().expectedTargetCrc(c, 0, c.length));
            }
            assertThat(r.wroteCfgr()).as("the clock was raised").isTrue();
            assertThat(r.watched()).isEqualTo(before);
            // a small batch is not worth the switch: same CRC, no RCC_CFGR write
            r.usb().clear();
            assertThat(r.driver().targetCrc(0x0800_0000L, 0x4000)).hasValue(r.driver().expectedTargetCrc(
                    contents.get(0), 0, 0x4000));
            assertThat(r.wroteCfgr()).isFalse();
        }
    }

    @Test
    void aFailureHalfWayStillRestoresEveryRegisterExactly() throws Exception {
        FailingOnce[] failing = new FailingOnce[1];
        Rig r = rig(true, failing);
        try (StlinkDebugTarget t = r.target()) {
            int[] before = r.watched();
            r.usb().clear();
            failing[0].armed = true;

            assertThatThrownBy(() -> r.driver().targetCrcs(LARGE)).hasMessageContaining("injected");
            assertThat(failing[0].armed).as("the failure was injected").isFalse();
            assertThat(r.wroteCfgr()).as("the clock was raised").isTrue();
            assertThat(r.watched()).isEqualTo(before);
            // and the engine still works at the restored clock
            assertThat(r.driver().targetCrcs(LARGE)).allMatch(OptionalInt::isPresent);
        }
    }

    @Test
    void aRunningCoreIsNotTouched() throws Exception {
        Rig r = rig(false);
        try (StlinkDebugTarget t = r.target()) {
            assertThat(t.core().isHalted()).isFalse();
            r.usb().clear();
            List<OptionalInt> crcs = r.driver().targetCrcs(LARGE);

            assertThat(crcs).allMatch(OptionalInt::isEmpty);
            for (long a : WATCHED) {
                assertThat(r.usb().exchanges(x -> x.address() == a)).as(Long.toHexString(a)).isEmpty();
            }
        }
    }

    @Test
    void aClockSetUpFirmwareMadeIsLeftAlone() throws Exception {
        Rig r = rig(true);
        try (StlinkDebugTarget t = r.target()) {
            int hpreDiv2 = 0b1000 << 4; // AHB /2: not the reset configuration
            t.memory().write32(RCC_CFGR, hpreDiv2);
            int[] before = r.watched();
            r.usb().clear();
            List<OptionalInt> crcs = r.driver().targetCrcs(LARGE);

            assertThat(crcs).allMatch(OptionalInt::isPresent);
            assertThat(r.wroteCfgr()).isFalse();
            assertThat(r.usb().exchanges(x -> x.address() == FLASH_ACR || x.address() == RCC_CR + 4)).isEmpty();
            assertThat(r.watched()).isEqualTo(before);
        }
    }
}
