package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.DEMCR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_TRCENA;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_DEBUGEN;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_COMP0_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_CYCCNTENA;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CYCCNT_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_OFFSET;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_WATCH_WRITE;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CSR;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CVR;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_RVR;
import static dev.flashbank.core.device.cortexm.CortexM.dhcsrWrite;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.sim.cpu.BusFault;
import dev.flashbank.sim.cpu.CoreProfile;
import dev.flashbank.sim.cpu.CortexMCore;
import dev.flashbank.sim.cpu.CpuBus;
import dev.flashbank.sim.cpu.MemoryWindows;

/**
 * The core's memory windows (issue 19's fast path): inside an open window the core's fetches, loads and stores are
 * the window's bytes without a call to the board's bus, fetches wait the window's cycles once per fetch line, a
 * read-only window sends stores to the bus, a window keeps the one it replaced until forgotten, forgotten windows send
 * everything to the bus again, and a DWT watchpoint still sees the accesses a window serves. (The boards' windows:
 * their firmware execution tests, whose timing asserts the wait states.)
 */
class MemoryWindowsTest {

    private static final int FLASH = 0x0800_0000, RAM = 0x2000_0000;
    /** The loop: 0x0C LDR r1,[r2]; 0x0E ADDS r1,#1; 0x10 STR r1,[r2]; 0x12 B 0x0C - across two 16-byte lines. */
    private static final int LOOP = 0x0C;
    private static final int[] LOOP_CODE = { 0x6811, 0x3101, 0x6011, 0xE7FB };
    private static final int WAITS = 3;

    /** A board's bus behind the windows: counts what reaches it, serves flash and RAM itself. */
    private static final class CountingBus implements CpuBus {
        final MemoryWindows windows = new MemoryWindows();
        final byte[] flash = new byte[0x1000];
        final byte[] ram = new byte[0x1000];
        int calls;

        private byte[] block(int a, boolean write) {
            calls++;
            if (a >= FLASH && a < FLASH + flash.length && !write) {
                return flash;
            }
            if (a >= RAM && a < RAM + ram.length) {
                return ram;
            }
            throw new BusFault(a, write, "nothing here");
        }

        private int index(int a) {
            return a >= RAM ? a - RAM : a - FLASH;
        }

        @Override
        public MemoryWindows windows() {
            return windows;
        }

        @Override
        public int read8(int a) {
            return block(a, false)[index(a)] & 0xFF;
        }

        @Override
        public int read16(int a) {
            byte[] b = block(a, false);
            return b[index(a)] & 0xFF | (b[index(a) + 1] & 0xFF) << 8;
        }

        @Override
        public int read32(int a) {
            return read16(a) | read16(a + 2) << 16;
        }

        @Override
        public void write8(int a, int v) {
            block(a, true)[index(a)] = (byte) v;
        }

        @Override
        public void write16(int a, int v) {
            write8(a, v);
            write8(a + 1, v >>> 8);
        }

        @Override
        public void write32(int a, int v) {
            write16(a, v);
            write16(a + 2, v >>> 16);
        }
    }

    private final CountingBus bus = new CountingBus();
    private final CortexMCore core = new CortexMCore(CoreProfile.CORTEX_M7_DP, bus);

    private void loadLoop() {
        for (int i = 0; i < LOOP_CODE.length; i++) {
            bus.flash[LOOP + 2 * i] = (byte) LOOP_CODE[i];
            bus.flash[LOOP + 2 * i + 1] = (byte) (LOOP_CODE[i] >>> 8);
        }
        core.registers().setPc(FLASH + LOOP);
        core.registers().setR(2, RAM + 0x40);
        bus.windows.fetchLines(16);
        assertThat(bus.windows.openCode(FLASH, bus.flash.length, bus.flash, 0, WAITS)).isTrue();
        assertThat(bus.windows.openData(RAM, bus.ram.length, bus.ram, 0, true)).isTrue();
    }

    private int ramWord(int offset) {
        return bus.ram[offset] & 0xFF | (bus.ram[offset + 1] & 0xFF) << 8 | (bus.ram[offset + 2] & 0xFF) << 16
                | (bus.ram[offset + 3] & 0xFF) << 24;
    }

    @Test
    void insideTheWindowsTheLoopRunsWithoutTheBusAndWaitsOncePerFetchLine() {
        loadLoop();
        core.privatePeripheralBus().debugWrite(DEMCR.address(), DEMCR_TRCENA.mask(), -1);
        core.privatePeripheralBus().debugWrite(DWT_CTRL_ADDRESS, DWT_CTRL_CYCCNTENA.mask(), -1);
        core.privatePeripheralBus().debugWrite(SYST_RVR.address(), 0xFF_FFFF, -1);
        core.privatePeripheralBus().debugWrite(SYST_CVR.address(), 0, -1);
        core.privatePeripheralBus().debugWrite(SYST_CSR.address(), 0b101, -1); // ENABLE, processor clock
        int cyccnt0 = core.privatePeripheralBus().debugRead(DWT_CYCCNT_ADDRESS);
        long cycles0 = core.cycles();
        long own = 0;
        for (int i = 0; i < 40; i++) {
            own += core.step();
        }
        assertThat(ramWord(0x40)).as("ten passes of the loop").isEqualTo(10);
        assertThat(bus.calls).as("every fetch, load and store from a window").isZero();
        // the same 40 instructions without wait states: what the instructions take on their own
        CountingBus plain = new CountingBus();
        CortexMCore reference = new CortexMCore(CoreProfile.CORTEX_M7_DP, plain);
        System.arraycopy(bus.flash, 0, plain.flash, 0, bus.flash.length);
        reference.registers().setPc(FLASH + LOOP);
        reference.registers().setR(2, RAM + 0x40);
        plain.windows.fetchLines(16);
        plain.windows.openCode(FLASH, plain.flash.length, plain.flash, 0, 0);
        plain.windows.openData(RAM, plain.ram.length, plain.ram, 0, true);
        long instructionsOnly = 0;
        for (int i = 0; i < 40; i++) {
            instructionsOnly += reference.step();
        }
        int waited = 10 * 2 * WAITS; // two new lines per pass (0x00 and 0x10)
        assertThat(own).as("the steps' cycles include the fetches' wait states").isEqualTo(instructionsOnly + waited);
        assertThat(core.cycles() - cycles0).as("the core's cycles").isEqualTo(own);
        assertThat(core.privatePeripheralBus().debugRead(DWT_CYCCNT_ADDRESS) - cyccnt0)
                .as("CYCCNT counts the waited cycles (core clock cycles)").isEqualTo((int) own);
        assertThat(0xFF_FFFF - core.privatePeripheralBus().debugRead(SYST_CVR.address()))
                .as("SysTick counted them too (from its reload, one cycle to load it)").isEqualTo((int) own - 1);
        assertThat(bus.windows.takeStallCycles()).as("the core took them").isZero();
    }

    @Test
    void forgottenWindowsSendEveryAccessToTheBus() {
        loadLoop();
        core.step();
        bus.windows.takeStallCycles();
        bus.windows.forget();
        core.step(); // ADDS at 0x0E
        assertThat(bus.calls).as("the fetch went to the bus").isEqualTo(1);
        assertThat(bus.windows.takeStallCycles()).as("a bus without its own fetch path charges nothing").isZero();
        bus.windows.reset();
        core.memory().write32(RAM, 0x1234_5678);
        assertThat(bus.calls).isEqualTo(1 + 4);
        assertThat(ramWord(0)).isEqualTo(0x1234_5678);
    }

    @Test
    void aReadOnlyWindowServesReadsAndSendsStoresToTheBus() {
        bus.flash[0x100] = 0x55;
        assertThat(bus.windows.openData(FLASH, bus.flash.length, bus.flash, 0, false)).isTrue();
        assertThat(core.memory().read8(FLASH + 0x100)).isEqualTo(0x55);
        assertThat(core.memory().read32(FLASH + 0x100)).isEqualTo(0x55);
        assertThat(bus.calls).isZero();
        try {
            core.memory().write8(FLASH + 0x100, 0);
        } catch (BusFault expected) {
            // the bus refuses stores to its flash
        }
        assertThat(bus.calls).as("the store reached the bus").isEqualTo(1);
        assertThat(bus.flash[0x100]).isEqualTo((byte) 0x55);
    }

    @Test
    void aWindowKeepsTheOneItReplacedUntilForgotten() {
        byte[] other = new byte[0x100];
        other[0] = 0x11;
        bus.ram[0] = 0x22;
        bus.windows.openData(RAM, bus.ram.length, bus.ram, 0, true);
        bus.windows.openData(0x1000_0000, other.length, other, 0, true);
        assertThat(bus.windows.recallData(0x1000_0000, 4)).as("the open one is not recalled").isFalse();
        assertThat(bus.windows.recallData(RAM + bus.ram.length - 2, 4)).as("past its end").isFalse();
        assertThat(bus.windows.recallData(RAM, 4)).isTrue();
        assertThat(core.memory().read8(RAM)).isEqualTo(0x22);
        assertThat(bus.windows.recallData(0x1000_0000, 1)).as("they change places").isTrue();
        assertThat(core.memory().read8(0x1000_0000)).isEqualTo(0x11);
        assertThat(bus.calls).isZero();
        bus.windows.openCode(FLASH, bus.flash.length, bus.flash, 0, WAITS);
        bus.windows.openCode(RAM, bus.ram.length, bus.ram, 0, 0);
        assertThat(bus.windows.recallCode(FLASH + bus.flash.length - 2)).isTrue();
        assertThat(bus.windows.recallCode(RAM)).isTrue();
        bus.windows.forget();
        assertThat(bus.windows.recallCode(FLASH)).isFalse();
        assertThat(bus.windows.recallCode(RAM)).isFalse();
        assertThat(bus.windows.recallData(RAM, 1)).isFalse();
        assertThat(bus.windows.recallData(0x1000_0000, 1)).isFalse();
    }

    @Test
    void windowsOnlyOpenInsideTheFirstHalfOfTheAddressSpaceAndTheirArray() {
        assertThat(bus.windows.openData(0x9000_0000L, 0x100, bus.ram, 0, true)).as("external memory").isFalse();
        assertThat(bus.windows.openData(0x7FFF_FF00L, 0x100, bus.ram, 0, true)).as("up to 0x8000_0000").isFalse();
        assertThat(bus.windows.openCode(FLASH, bus.flash.length + 4, bus.flash, 0, 0)).as("beyond its array").isFalse();
    }

    @Test
    void aDwtWatchpointSeesAStoreTheWindowServes() {
        loadLoop();
        core.privatePeripheralBus().debugWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN), -1);
        core.privatePeripheralBus().debugWrite(DEMCR.address(), DEMCR_TRCENA.mask(), -1);
        core.privatePeripheralBus().debugWrite(DWT_COMP0_ADDRESS, RAM + 0x40, -1);
        core.privatePeripheralBus().debugWrite(DWT_COMP0_ADDRESS + DWT_FUNCTION_OFFSET, DWT_FUNCTION_WATCH_WRITE, -1);
        core.run(1000);
        assertThat(core.stopReason()).isEqualTo(CortexMCore.Stop.WATCHPOINT);
        assertThat(core.registers().pc()).as("halted after the first store").isEqualTo(FLASH + LOOP + 6);
        assertThat(ramWord(0x40)).isEqualTo(1);
        assertThat(bus.calls).isZero();
    }
}
