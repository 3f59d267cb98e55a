package dev.flashbank.stlink.tests;

import static dev.flashbank.stlink.tests.DapProbe.OK;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.Adiv5;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkStatus;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * Memory commands with the AP number (byte 8) and CSW bits 31:8 (bytes 9-11) OpenOCD's DAP-direct driver puts in
 * them from V2J32/V3J2, and the NO_ADDR_INC variants: the firmware's CSW, TAR and DRW accesses on that AP.
 */
class MemoryOnApTest {

    static final long RAM = FakeCortexTarget.RAM;
    /** A CSW default as OpenOCD sends it for a Cortex-M AHB-AP (HPROT/DbgSwEnable), plus stm32f7x.cfg's apcsw bit. */
    static final long CSW_DEFAULT = 0xA200_0000L | 0x0800_0000L;

    static DapProbe openedOn(EmulatorConfig config, int apsel) throws Exception {
        DapProbe p = DapProbe.entered(config);
        assertThat(p.openAp(apsel)).isEqualTo(OK);
        p.target().log.clear();
        return p;
    }

    @Test
    void aWordReadOnAnApUsesItsCswTarAndDrw() throws Exception {
        DapProbe p = openedOn(EmulatorConfig.v3(7), 1);
        for (int i = 0; i < 8; i++) {
            p.target().target.ram[i] = (byte) (0x10 + i);
        }
        byte[] data = p.send(DapProbe.memory(StlinkCommands.DEBUG_READMEM_32BIT, RAM, 8, 1, CSW_DEFAULT), 8);
        assertThat(data).containsExactly(0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17);
        assertThat(p.lastRwStatus()[0]).isEqualTo(OK);
        assertThat(p.target().logOf("AP")).containsExactly(
                String.format("AP1 W 0x00 0x%08X", CSW_DEFAULT | Adiv5.CSW_SIZE_WORD | Adiv5.CSW_ADDRINC_SINGLE),
                "AP1 W 0x04 0x20000000", "AP1 R 0x0C", "AP1 R 0x0C");
        assertThat(p.emulator().violations()).isEmpty();
    }

    @Test
    void byteAndHalfwordTransfersUseTheByteLanes() throws Exception {
        DapProbe p = openedOn(EmulatorConfig.v3(7), 0);
        byte[] bytes = { 1, 2, 3 };
        p.sendOut(DapProbe.memory(StlinkCommands.DEBUG_WRITEMEM_8BIT, RAM + 1, 3, 0, CSW_DEFAULT), bytes);
        p.sendOut(DapProbe.memory(StlinkCommands.DEBUG_APIV2_WRITEMEM_16BIT, RAM + 6, 2, 0, CSW_DEFAULT),
                new byte[] { 0x34, 0x12 });
        assertThat(p.lastRwStatus()[0]).isEqualTo(OK);
        assertThat(java.util.Arrays.copyOf(p.target().target.ram, 8)).containsExactly(0, 1, 2, 3, 0, 0, 0x34, 0x12);
        byte[] back = p.send(DapProbe.memory(StlinkCommands.DEBUG_READMEM_8BIT, RAM + 2, 2, 0, CSW_DEFAULT), 2);
        assertThat(back).containsExactly(2, 3);
        byte[] half = p.send(DapProbe.memory(StlinkCommands.DEBUG_APIV2_READMEM_16BIT, RAM + 6, 2, 0, CSW_DEFAULT), 2);
        assertThat(half).containsExactly(0x34, 0x12);
        assertThat(p.target().logOf("AP0 W 0x00")).containsExactly(
                String.format("AP0 W 0x00 0x%08X", CSW_DEFAULT | Adiv5.CSW_SIZE_BYTE | Adiv5.CSW_ADDRINC_SINGLE),
                String.format("AP0 W 0x00 0x%08X", CSW_DEFAULT | Adiv5.CSW_SIZE_HALFWORD | Adiv5.CSW_ADDRINC_SINGLE),
                String.format("AP0 W 0x00 0x%08X", CSW_DEFAULT | Adiv5.CSW_SIZE_BYTE | Adiv5.CSW_ADDRINC_SINGLE),
                String.format("AP0 W 0x00 0x%08X", CSW_DEFAULT | Adiv5.CSW_SIZE_HALFWORD | Adiv5.CSW_ADDRINC_SINGLE));
        assertThat(p.emulator().violations()).isEmpty();
    }

    @Test
    void tarIsWrittenAgainWhereAutoIncrementStopsBeingGuaranteed() throws Exception {
        DapProbe p = openedOn(EmulatorConfig.v3(7), 0);
        long start = RAM + Adiv5.TAR_AUTOINCREMENT_BLOCK - 8; // 8 bytes before a 1 KiB boundary, 16 across it
        p.send(DapProbe.memory(StlinkCommands.DEBUG_READMEM_8BIT, start, 16, 0, 0), 16);
        assertThat(p.lastRwStatus()[0]).isEqualTo(OK);
        assertThat(p.target().logOf("AP0 W 0x04")).containsExactly(String.format("AP0 W 0x04 0x%08X", start),
                String.format("AP0 W 0x04 0x%08X", RAM + Adiv5.TAR_AUTOINCREMENT_BLOCK));
    }

    @Test
    void fromV2J32TheFirmwareReloadsTarSoAWordTransferMayCrossABlock() throws Exception {
        // OpenOCD 0.12's DAP-direct driver merges a Cortex-M7's DRW reads into one command across 1 KiB blocks
        long start = RAM + Adiv5.TAR_AUTOINCREMENT_BLOCK - 8;
        DapProbe current = openedOn(EmulatorConfig.v3(7), 0);
        current.send(DapProbe.memory(StlinkCommands.DEBUG_READMEM_32BIT, start, 2048, 0, CSW_DEFAULT), 2048);
        assertThat(current.lastRwStatus()[0]).isEqualTo(OK);
        assertThat(current.target().logOf("AP0 W 0x04")).hasSize(3);
        assertThat(current.emulator().violations()).isEmpty();

        DapProbe old = openedOn(EmulatorConfig.v2(31), 0);
        old.send(DapProbe.memory(StlinkCommands.DEBUG_READMEM_32BIT, start, 16, 0, 0), 16);
        assertThat(old.emulator().violations()).singleElement().asString().contains("crosses a 1024-byte TAR");
    }

    @Test
    void noAddressIncrementCommandsHoldTar() throws Exception {
        DapProbe p = openedOn(EmulatorConfig.v21(37), 0);
        byte[] words = { 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0 };
        byte[] write = DapProbe.memory(StlinkCommands.DEBUG_WRITEMEM_32BIT_NO_ADDR_INC, RAM + 4, 12, 0, CSW_DEFAULT);
        assertThat(StlinkEmulator.dataOutLength(write)).isEqualTo(12);
        p.sendOut(write, words);
        assertThat(p.target().target.ram[4]).as("the last word written stays").isEqualTo((byte) 3);
        assertThat(p.target().target.ram[8]).isZero();
        p.send(DapProbe.memory(StlinkCommands.DEBUG_READMEM_32BIT_NO_ADDR_INC, RAM + 4, 8, 0, CSW_DEFAULT), 8);
        assertThat(p.lastRwStatus()[0]).isEqualTo(OK);
        assertThat(p.target().logOf("AP0 W 0x00")).containsOnly(
                String.format("AP0 W 0x00 0x%08X", CSW_DEFAULT | Adiv5.CSW_SIZE_WORD | Adiv5.CSW_ADDRINC_OFF));
        assertThat(p.target().logOf("AP0 W 0x04")).containsOnly("AP0 W 0x04 0x20000004");
        assertThat(p.target().logOf("AP0 W 0x04")).hasSize(2); // one TAR per command
        assertThat(p.emulator().violations()).isEmpty();
    }

    @Test
    void readWithoutIncrementNeedsV2J32() throws Exception {
        DapProbe p = openedOn(EmulatorConfig.v2(31), 0);
        p.send(DapProbe.memory(StlinkCommands.DEBUG_READMEM_32BIT_NO_ADDR_INC, RAM, 4, 0, 0), 4);
        assertThat(p.lastRwStatus()[0]).isEqualTo(StlinkStatus.JTAG_UNKNOWN_CMD.code());
        assertThat(p.target().logOf("AP")).isEmpty();
        assertThat(p.emulator().violations()).singleElement().asString().contains("AP_AND_CSW_IN_MEMORY_COMMANDS");
    }

    @Test
    void aFaultIsReportedWithItsAddressAndTheFirmwareClearsStickyErr() throws Exception {
        DapProbe p = openedOn(EmulatorConfig.v3(7), 0);
        p.target().target.faultAt = RAM + 8;
        p.send(DapProbe.memory(StlinkCommands.DEBUG_READMEM_32BIT, RAM, 16, 0, CSW_DEFAULT), 16);
        assertThat(p.lastRwStatus()).containsExactly(StlinkStatus.SWD_AP_FAULT.code(), RAM + 8);
        assertThat(p.target().logOf("DP W")).containsExactly("DP W 0x00 0x00000004");
        assertThat(p.target().stickyError).isFalse();
        p.send(DapProbe.memory(StlinkCommands.DEBUG_READMEM_32BIT, RAM, 8, 0, CSW_DEFAULT), 8);
        assertThat(p.lastRwStatus()[0]).as("the next command is not discarded").isEqualTo(OK);
        assertThat(p.emulator().violations()).isEmpty();
    }

    @Test
    void hlaCommandsUseAp0WithTheFirmwaresOwnCsw() throws Exception {
        DapProbe p = openedOn(EmulatorConfig.v2(37), 0);
        p.send(DapProbe.memory(StlinkCommands.DEBUG_READMEM_32BIT, RAM, 4, 0, 0), 4);
        assertThat(p.target().logOf("AP")).containsExactly(
                String.format("AP0 W 0x00 0x%08X", Adiv5.CSW_SIZE_WORD | Adiv5.CSW_ADDRINC_SINGLE),
                "AP0 W 0x04 0x20000000", "AP0 R 0x0C");
    }
}
