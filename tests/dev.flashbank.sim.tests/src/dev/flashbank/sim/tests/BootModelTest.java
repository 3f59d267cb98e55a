package dev.flashbank.sim.tests;

import static dev.flashbank.core.device.cortexm.CortexM.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.family.stm32f7.BootAddress;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.family.stm32f7.Stm32F7Parameters.DualBootPolicy;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.BootReport.Source;

/**
 * BOOT0 x BOOT_ADDx x nDBOOT x vector validity (RM0410 boot configuration; HAL OB_BOOTADDR_* and OB_DUAL_BOOT_*
 * comments).
 */
class BootModelTest {

    private static final int SP = 0x2008_0000; // top of SRAM2 on F76x
    private static final int BANK1_RESET = 0x0800_0201, BANK2_RESET = 0x0810_0201;

    private static void image(Fx fx, long at, int sp, int reset) throws Exception {
        fx.programWords(at, sp, reset);
    }

    private static BootReport resetAndReport(Fx fx) throws Exception {
        fx.probe.core().resetAndHalt(ResetKind.SYSTEM);
        return fx.board.lastBootReport();
    }

    private static int memBoot(Fx fx) throws Exception {
        fx.setSwpFb(false); // enables the SYSCFG clock so MEMRMP can be read
        return fx.r.memrmp().field(Stm32F7Registers.MEM_BOOT).extract(fx.mem.read32(fx.r.memrmp().address()));
    }

    @Test
    void factoryBoardWithErasedFlashLocksUp() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        BootReport r = fx.board.lastBootReport();
        assertThat(r.bootAddValue()).isEqualTo(0x0080);
        assertThat(r.bootAddress()).isEqualTo(0x0020_0000L);
        assertThat(r.source()).isEqualTo(Source.LOCKUP);
        assertThat(r.reasons()).anyMatch(s -> s.contains("not inside RAM"));
        assertThat(DHCSR_S_LOCKUP.isSet(fx.mem.read32(DHCSR.address()))).isTrue();
        assertThat(memBoot(fx)).isZero();
    }

    @Test
    void validFlashImageBootsAndResetAndHaltLoadsPcAndSpFromIt() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        image(fx, 0x0800_0000L, SP, BANK1_RESET);
        BootReport r = resetAndReport(fx);
        assertThat(r.source()).isEqualTo(Source.FLASH);
        assertThat(r.physicalBank()).isEqualTo(1);
        assertThat(r.imageValid()).isTrue();
        assertThat(fx.probe.core().readCoreRegister(REGSEL_PC)).isEqualTo(BANK1_RESET & ~1);
        assertThat(fx.probe.core().readCoreRegister(REGSEL_SP)).isEqualTo(SP);
        assertThat(fx.probe.core().readCoreRegister(REGSEL_MSP)).isEqualTo(SP);
        assertThat(fx.probe.core().readCoreRegister(REGSEL_XPSR)).isEqualTo(1 << 24); // Thumb bit
    }

    @Test
    void boot0HighSelectsBootAdd1SystemMemory() throws Exception {
        Fx fx = Fx.of("STM32F767ZI", BoardOptions.defaults().withBoot0(true));
        image(fx, 0x0800_0000L, SP, BANK1_RESET);
        BootReport r = resetAndReport(fx);
        assertThat(r.bootAddOption()).isEqualTo(1);
        assertThat(r.source()).isEqualTo(Source.SYSTEM_MEMORY);
        assertThat(r.coreVectorTable()).isEqualTo(BootAddress.SYSTEM_MEMORY);
        int pc = fx.probe.core().readCoreRegister(REGSEL_PC);
        assertThat(pc & 0xFFFF_FFFFL).isBetween(Stm32F7Descriptor.SYSTEM_MEMORY_AXIM,
                Stm32F7Descriptor.SYSTEM_MEMORY_AXIM + Stm32F7Descriptor.SYSTEM_MEMORY_SIZE);
        assertThat(memBoot(fx)).isEqualTo(1);
        fx.board.setBoot0(false);
        fx.probe.core().resetAndHalt(ResetKind.HARDWARE);
        assertThat(memBoot(fx)).isZero();
    }

    @Test
    void bootAdd0x2040StartsBank2InDualBankModeAndMidFlashInSingleBankMode() throws Exception {
        Fx dual = Fx.dualBank();
        image(dual, 0x0810_0000L, SP, BANK2_RESET);
        dual.programOptions(dual.board.storedOptions().withBootAdd0(0x2040));
        BootReport r = resetAndReport(dual);
        assertThat(r.source()).isEqualTo(Source.FLASH);
        assertThat(r.physicalBank()).isEqualTo(2);
        assertThat(dual.probe.core().readCoreRegister(REGSEL_PC)).isEqualTo(BANK2_RESET & ~1);

        Fx single = Fx.of("STM32F767ZI");
        image(single, 0x0810_0000L, SP, BANK2_RESET);
        single.programOptions(single.board.storedOptions().withBootAdd0(0x2040));
        BootReport s = resetAndReport(single);
        assertThat(s.source()).isEqualTo(Source.FLASH);
        assertThat(s.physicalBank()).isEqualTo(1); // one bank: 0x0810_0000 is its middle
    }

    private static Fx dualBoot(Stm32F7Parameters p) throws Exception {
        Fx fx = Fx.dualBank(BoardOptions.defaults().withParameters(p));
        fx.programOptions(fx.board.storedOptions().withNDBoot(false).withBootAdd0(0x2000));
        return fx;
    }

    @Test
    void dualBootStartsBank1WhenItIsValid() throws Exception {
        Fx fx = dualBoot(Stm32F7Parameters.defaults());
        image(fx, 0x0800_0000L, SP, BANK1_RESET);
        image(fx, 0x0810_0000L, SP, BANK2_RESET);
        BootReport r = resetAndReport(fx);
        assertThat(r.dualBoot()).isTrue();
        assertThat(r.coreVectorTable()).isEqualTo(BootAddress.SYSTEM_MEMORY); // the core starts the ROM bootloader
        assertThat(r.physicalBank()).isEqualTo(1);
    }

    @Test
    void dualBootFallsBackToBank2AndSetsSwpFbOnlyPerParameter() throws Exception {
        Fx fx = dualBoot(Stm32F7Parameters.defaults());
        image(fx, 0x0810_0000L, SP, BANK2_RESET);
        BootReport r = resetAndReport(fx);
        assertThat(r.physicalBank()).isEqualTo(2);
        assertThat(r.swpFbAfterBoot()).isFalse();
        assertThat(r.imageAddress()).isEqualTo(0x0810_0000L);

        Stm32F7Parameters.Builder b = Stm32F7Parameters.defaults().toBuilder();
        b.romBootloaderSetsSwpFb = true;
        Fx swapping = dualBoot(b.build());
        image(swapping, 0x0810_0000L, SP, BANK2_RESET);
        BootReport s = resetAndReport(swapping);
        assertThat(s.swpFbAfterBoot()).isTrue();
        assertThat(s.imageAddress()).isEqualTo(0x0800_0000L);
        assertThat(swapping.board.swpFb()).as("halted at the bootloader's reset vector: not yet").isFalse();
        swapping.probe.core().run();
        assertThat(swapping.board.swpFb()).as("once the bootloader ran").isTrue();
    }

    @Test
    void dualBootWithNoValidBankStaysInTheBootloader() throws Exception {
        Fx fx = dualBoot(Stm32F7Parameters.defaults());
        BootReport r = resetAndReport(fx);
        assertThat(r.source()).isEqualTo(Source.SYSTEM_MEMORY);
        assertThat(r.reasons()).anyMatch(s -> s.contains("stays active"));
    }

    @Test
    void bootAddressBankFirstPolicyPrefersTheBootAddressBank() throws Exception {
        Stm32F7Parameters.Builder b = Stm32F7Parameters.defaults().toBuilder();
        b.dualBootPolicy = DualBootPolicy.BOOT_ADDRESS_BANK_FIRST;
        Fx fx = Fx.dualBank(BoardOptions.defaults().withParameters(b.build()));
        fx.programOptions(fx.board.storedOptions().withNDBoot(false).withBootAdd0(0x2040));
        image(fx, 0x0800_0000L, SP, BANK1_RESET);
        image(fx, 0x0810_0000L, SP, BANK2_RESET);
        assertThat(resetAndReport(fx).physicalBank()).isEqualTo(2);
    }

    @Test
    void nDbootIsIgnoredInSingleBankMode() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programOptions(fx.board.storedOptions().withNDBoot(false));
        image(fx, 0x0800_0000L, SP, BANK1_RESET);
        BootReport r = resetAndReport(fx);
        assertThat(r.dualBoot()).isFalse();
        assertThat(r.source()).isEqualTo(Source.FLASH);
    }

    @Test
    void invalidResetHandlersLockUp() throws Exception {
        Fx even = Fx.of("STM32F767ZI");
        image(even, 0x0800_0000L, SP, 0x0800_0200); // Thumb bit missing
        assertThat(resetAndReport(even).source()).isEqualTo(Source.LOCKUP);

        Fx outside = Fx.of("STM32F767ZI");
        image(outside, 0x0800_0000L, SP, 0x6000_0001); // not in flash
        assertThat(resetAndReport(outside).source()).isEqualTo(Source.LOCKUP);

        Fx badSp = Fx.of("STM32F767ZI");
        image(badSp, 0x0800_0000L, 0x0800_0000, BANK1_RESET); // SP in flash
        assertThat(resetAndReport(badSp).imageValid()).isFalse();
    }

    @Test
    void ramBootUsesTheVectorsInRamWhichSurviveASystemReset() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programOptions(fx.board.storedOptions().withBootAdd0(0x8000)); // DTCM 0x2000_0000
        fx.mem.write32(0x2000_0000L, 0x2001_0000);
        fx.mem.write32(0x2000_0004L, 0x2000_0101);
        BootReport r = resetAndReport(fx);
        assertThat(r.source()).isEqualTo(Source.RAM);
        assertThat(fx.probe.core().readCoreRegister(REGSEL_PC)).isEqualTo(0x2000_0100);
    }

    @Test
    void rdpLevel2ForbidsBootingSystemMemory() throws Exception {
        Fx fx = Fx.of("STM32F767ZI", BoardOptions.defaults().withBoot0(true));
        image(fx, 0x0800_0000L, SP, BANK1_RESET);
        OptionBytes l2 = fx.board.storedOptions().withRdpLevel(RdpLevel.LEVEL_2);
        fx.programOptions(l2);
        fx.board.powerCycle();
        BootReport r = fx.board.lastBootReport();
        assertThat(r.source()).isEqualTo(Source.FLASH);
        assertThat(r.bootAddress()).isEqualTo(BootAddress.SYSTEM_MEMORY);
        assertThat(r.imageAddress()).isEqualTo(fx.board.f7SimParameters().level2NonFlashBootFallback());
    }
}
