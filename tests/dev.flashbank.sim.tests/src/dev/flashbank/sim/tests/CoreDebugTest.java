package dev.flashbank.sim.tests;

import static dev.flashbank.core.device.cortexm.CortexM.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.DeviceId;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.CoreDebug;
import dev.flashbank.sim.cpu.CoreProfile;
import dev.flashbank.sim.cpu.CortexMCore;
import dev.flashbank.sim.tests.cpu.RamBus;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * Cortex-M debug registers and identity registers (RM0410 DBGMCU_IDCODE, device electronic signature; ARMv7-M ARM
 * C1.6).
 */
class CoreDebugTest {

    private static final int SP = 0x2008_0000, RESET = 0x0800_0401;
    /** Two Thumb "b ." instructions: firmware that spins where it starts. */
    static final int SPIN = 0xE7FE_E7FE;

    private static Fx withImage() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programWords(0x0800_0000L, SP, RESET);
        fx.programWords(RESET & ~1, SPIN); // the firmware: b . (the core executes it while it runs)
        return fx;
    }

    @Test
    void haltAndRun() throws Exception {
        Fx fx = withImage();
        fx.probe.core().reset(ResetKind.SYSTEM);
        assertThat(fx.probe.core().isHalted()).isFalse();
        fx.probe.core().halt();
        assertThat(fx.probe.core().isHalted()).isTrue();
        assertThat(DHCSR_C_HALT.isSet(fx.mem.read32(DHCSR.address()))).isTrue();
        fx.probe.core().run();
        assertThat(fx.probe.core().isHalted()).isFalse();
        assertThat(DHCSR_S_RETIRE_ST.isSet(fx.mem.read32(DHCSR.address()))).isTrue();
    }

    @Test
    void dhcsrWritesWithoutDbgkeyAreIgnored() throws Exception {
        Fx fx = withImage();
        fx.mem.write32(DHCSR.address(), DHCSR_C_DEBUGEN.mask() | DHCSR_C_HALT.mask());
        assertThat(fx.probe.core().isHalted()).isFalse();
    }

    @Test
    void sResetStIsStickyAndClearedByReading() throws Exception {
        Fx fx = withImage();
        fx.mem.write32(AIRCR.address(), aircrSysResetRequest());
        assertThat(DHCSR_S_RESET_ST.isSet(fx.mem.read32(DHCSR.address()))).isTrue();
        assertThat(DHCSR_S_RESET_ST.isSet(fx.mem.read32(DHCSR.address()))).isFalse();
    }

    @Test
    void aircrNeedsVectkey() throws Exception {
        Fx fx = withImage();
        fx.mem.read32(DHCSR.address());
        fx.mem.write32(AIRCR.address(), AIRCR_SYSRESETREQ.mask());
        assertThat(DHCSR_S_RESET_ST.isSet(fx.mem.read32(DHCSR.address()))).isFalse();
        assertThat(AIRCR_VECTKEY.extract(fx.mem.read32(AIRCR.address()))).isEqualTo(0xFA05);
    }

    @Test
    void resetAndHaltStopsAtTheResetVectorWithVectorCatch() throws Exception {
        Fx fx = withImage();
        for (ResetKind kind : ResetKind.values()) {
            fx.probe.core().resetAndHalt(kind);
            assertThat(fx.probe.core().isHalted()).isTrue();
            assertThat(fx.probe.core().readCoreRegister(REGSEL_PC)).isEqualTo(RESET & ~1);
            assertThat(DFSR_VCATCH.isSet(fx.mem.read32(DFSR.address()))).isTrue();
            fx.mem.write32(DFSR.address(), DFSR_VCATCH.mask());
            assertThat(DEMCR_VC_CORERESET.isSet(fx.mem.read32(DEMCR.address()))).as("DEMCR restored").isFalse();
        }
    }

    @Test
    void coreRegistersReadAndWriteWhileHaltedOnly() throws Exception {
        Fx fx = withImage();
        fx.probe.core().reset(ResetKind.SYSTEM);
        assertThatThrownBy(() -> fx.probe.core().readCoreRegister(REGSEL_R0)).isInstanceOf(TargetException.class);
        fx.probe.core().halt();
        fx.probe.core().writeCoreRegister(REGSEL_R0 + 3, 0xDEAD_BEEF);
        assertThat(fx.probe.core().readCoreRegister(REGSEL_R0 + 3)).isEqualTo(0xDEAD_BEEF);
        fx.probe.core().writeCoreRegister(REGSEL_PSP, 0x2000_1003);
        assertThat(fx.probe.core().readCoreRegister(REGSEL_PSP)).isEqualTo(0x2000_1000);
    }

    @Test
    void demcrSurvivesSystemResetButNotPowerCycle() throws Exception {
        Fx fx = withImage();
        fx.mem.write32(DEMCR.address(), DEMCR_TRCENA.mask());
        fx.mem.write32(AIRCR.address(), aircrSysResetRequest());
        assertThat(fx.mem.read32(DEMCR.address())).isEqualTo(DEMCR_TRCENA.mask());
        fx.board.powerCycle();
        assertThat(SimulatedProbe.connect(fx.board).memory().read32(DEMCR.address())).isZero();
    }

    @Test
    void connectUnderResetHaltsAtTheResetVector() throws Exception {
        Fx fx = withImage();
        fx.board.reset(ResetKind.HARDWARE); // running
        SimulatedProbe p = SimulatedProbe.connect(fx.board, SimulatedProbe.ConnectMode.UNDER_RESET);
        assertThat(p.core().isHalted()).isTrue();
        assertThat(p.core().readCoreRegister(REGSEL_PC)).isEqualTo(RESET & ~1);
    }

    @Test
    void whileNrstIsHeldOnlyDebugRegistersAnswer() throws Exception {
        Fx fx = withImage();
        DebugBus bus = fx.board.debugBus();
        bus.setNrst(true);
        assertThatThrownBy(() -> fx.mem.read32(0x0800_0000L)).isInstanceOf(BusFaultException.class);
        assertThatThrownBy(() -> fx.mem.read32(0x2000_0000L)).isInstanceOf(BusFaultException.class);
        assertThat(DHCSR_S_RESET_ST.isSet(fx.mem.read32(DHCSR.address()))).isTrue();
        bus.setNrst(false);
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(SP);
    }

    @Test
    void identityRegistersComeFromTheModel() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        var d = fx.board.descriptor();
        assertThat(DeviceId.fromIdcode(fx.mem.read32(d.idcodeAddress())).devId()).isEqualTo(0x451);
        assertThat(fx.mem.read16(d.flashSizeRegisterAddress())).isEqualTo(2048);
        assertThat(fx.mem.read32(CPUID.address())).isEqualTo(d.cpuid());
        assertThat(CPUID_PARTNO.extract(fx.mem.read32(CPUID.address()))).isEqualTo(PARTNO_CORTEX_M7);
        assertThat(fx.mem.read(d.uniqueIdAddress(), 12, AccessWidth.BYTE)).isEqualTo(fx.board.uniqueId());
        assertThat(fx.board.debugBus().readDpIdcode(WireProtocol.SWD).orThrow()).isEqualTo(0x5BA0_2477L);
        assertThat(fx.board.debugBus().readDpIdcode(WireProtocol.JTAG).orThrow()).isEqualTo(0x5BA0_0477L);
        assertThat(fx.board.debugBus().readBoundaryScanIdcode().orThrow())
                .isEqualTo(fx.board.line().boundaryScanIdcode() & 0xFFFF_FFFFL);

        Fx f722 = Fx.of("STM32F722ZE");
        assertThat(DeviceId.fromIdcode(f722.mem.read32(f722.board.descriptor().idcodeAddress())).devId()).isEqualTo(0x452);
        assertThat(f722.mem.read16(0x1FF0_7A22L)).isEqualTo(512);
        Fx f730 = Fx.of("STM32F730Z8");
        assertThat(f730.mem.read16(0x1FF0_7A22L)).isEqualTo(64);
        assertThat(f730.board.geometry().sectors()).hasSize(4);
        assertThat(Fx.of("STM32F767ZG").mem.read16(0x1FF0_F442L)).isEqualTo(1024);
        assertThat(Fx.of("STM32F769NI").board.flashSizeKiB()).isEqualTo(2048);
        assertThat(Fx.of("STM32F765ZG").board.flashSizeKiB()).isEqualTo(1024);
        assertThat(SimulatedBoards.createDefault().partName()).isEqualTo("STM32F767ZI");
    }

    @Test
    void runningFromAnUnusableResetVectorLocksUpUnlessTheDebuggerSetsPc() throws Exception {
        Fx fx = Fx.of("STM32F767ZI"); // erased flash: vectors 0xFFFFFFFF
        fx.probe.core().resetAndHalt(ResetKind.SYSTEM);
        fx.probe.core().run();
        assertThat(DHCSR_S_LOCKUP.isSet(fx.mem.read32(DHCSR.address()))).isTrue();
        fx.probe.core().halt(); // a halt request takes the core out of lockup
        assertThat(DHCSR_S_LOCKUP.isSet(fx.mem.read32(DHCSR.address()))).isFalse();

        fx.probe.core().resetAndHalt(ResetKind.SYSTEM);
        fx.mem.write32(0x2000_0000, SPIN); // RAM holds a spinning loop where the debugger points the PC
        fx.probe.core().writeCoreRegister(REGSEL_PC, 0x2000_0000);
        fx.probe.core().run();
        assertThat(DHCSR_S_LOCKUP.isSet(fx.mem.read32(DHCSR.address()))).isFalse();
    }

    @Test
    void overAnExecutingCoreTheDebugRegistersAreTheCoresOwn() {
        RamBus ram = new RamBus(0, 0x1_0000);
        ram.write32(0x400, 0x8000);
        ram.write32(0x404, 0x1001);
        ram.load(0x1000, 0x3101, 0x3101, 0xE7FE); // adds r1, #1; adds r1, #1; b .
        CortexMCore cpu = new CortexMCore(CoreProfile.CORTEX_M7_DP, ram);
        CoreDebug debug = new CoreDebug(cpu);
        assertThat(debug.cpu()).containsSame(cpu);
        assertThat(debug.handles(FP_CTRL_ADDRESS)).isTrue();
        assertThat(debug.handles(0xE004_2000L)).as("the external PPB (DBGMCU) stays the board's").isFalse();
        debug.write(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN));
        debug.write(DEMCR.address(), DEMCR_VC_CORERESET.mask());
        debug.leaveReset(0x400);
        assertThat(debug.isHalted()).isTrue();
        assertThat(debug.register(REGSEL_PC)).isEqualTo(0x1000);
        assertThat(debug.read(VTOR.address())).isEqualTo(0x400);
        assertThat(fpbCodeComparators(debug.read(FP_CTRL_ADDRESS))).isEqualTo(8);
        debug.write(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_STEP));
        assertThat(debug.register(1)).isEqualTo(1);
        assertThat(debug.write(AIRCR.address(), aircrSysResetRequest())).isEqualTo(CoreDebug.Action.SYSTEM_RESET);
        debug.holdInReset(true);
        assertThat(debug.isHeldInReset()).isTrue();
        assertThat(DHCSR_S_RESET_ST.isSet(debug.read(DHCSR.address()))).isTrue();
    }

    @Test
    void aSingleStepLeavesTheCoreHalted() throws Exception {
        Fx fx = withImage();
        fx.probe.core().resetAndHalt(ResetKind.SYSTEM);
        fx.mem.write32(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_STEP));
        assertThat(fx.probe.core().isHalted()).isTrue();
    }
}
