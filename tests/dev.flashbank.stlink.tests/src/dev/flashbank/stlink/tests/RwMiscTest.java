package dev.flashbank.stlink.tests;

import static dev.flashbank.stlink.tests.DapProbe.OK;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.Cdb;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkStatus;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * RW_MISC_OUT (0x51) / RW_MISC_IN (0x52): a batch of single 32-bit AP accesses laid out as OpenOCD's
 * stlink_usb_misc_rw_segment builds it (item codes padded to 4 bytes, then one LE32 value per item) and its results
 * (one value per item, then one LE32 status per item).
 */
class RwMiscTest {

    static final long RAM = FakeCortexTarget.RAM;

    /** The OUT data phase of a batch: {code, value} pairs. */
    static byte[] batch(long[][] items) {
        int n = items.length;
        int base = (n + 3) & ~3;
        byte[] out = new byte[base + 4 * n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) items[i][0];
            Bytes.putLe32(out, base + 4 * i, (int) items[i][1]);
        }
        return out;
    }

    static byte[] out(int items) {
        return Cdb.debug(StlinkCommands.DEBUG_APIV2_RW_MISC_OUT).u32(items).bytes();
    }

    static byte[] in() {
        return Cdb.debug(StlinkCommands.DEBUG_APIV2_RW_MISC_IN).bytes();
    }

    @Test
    void aBatchReadsAndWritesAndReportsPerItem() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v3(7));
        p.openAp(0);
        Bytes.putLe32(p.target().target.ram, 0x10, 0xCAFE_F00D);
        byte[] data = batch(new long[][] { { StlinkCommands.RW_MISC_APNUM, 0 },
                { StlinkCommands.RW_MISC_READ, RAM + 0x10 }, { StlinkCommands.RW_MISC_ADDRESS, RAM + 0x20 },
                { StlinkCommands.RW_MISC_WRITE, 0x1234_5678 }, { StlinkCommands.RW_MISC_READ, RAM + 0x20 } });
        byte[] cdb = out(5);
        assertThat(StlinkEmulator.dataOutLength(cdb)).isEqualTo(8 + 20);
        p.sendOut(cdb, data);
        byte[] r = p.send(in(), 40);
        assertThat(Bytes.le32(r, 4)).isEqualTo(0xCAFE_F00D);
        assertThat(Bytes.le32(r, 16)).isEqualTo(0x1234_5678);
        for (int i = 0; i < 5; i++) {
            assertThat(Bytes.le32(r, 20 + 4 * i)).as("status of item %d", i).isEqualTo(OK);
        }
        assertThat(Bytes.le32(p.target().target.ram, 0x20)).isEqualTo(0x1234_5678);
        assertThat(p.emulator().violations()).isEmpty();
    }

    @Test
    void anApNotOpenedAndAFaultAreItemStatuses() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v3(7));
        p.openAp(0);
        p.sendOut(out(4), batch(new long[][] { { StlinkCommands.RW_MISC_APNUM, 0 },
                { StlinkCommands.RW_MISC_READ, 0x6000_0000L }, { StlinkCommands.RW_MISC_APNUM, 1 },
                { StlinkCommands.RW_MISC_READ, RAM } }));
        byte[] r = p.send(in(), 32);
        assertThat(Bytes.le32(r, 16)).isEqualTo(OK);
        assertThat(Bytes.le32(r, 20)).isEqualTo(StlinkStatus.SWD_AP_FAULT.code());
        assertThat(Bytes.le32(r, 24)).isEqualTo(StlinkStatus.BAD_AP.code());
        assertThat(Bytes.le32(r, 28)).isEqualTo(StlinkStatus.BAD_AP.code());
        assertThat(p.target().stickyError).isFalse();
        assertThat(p.emulator().violations()).hasSize(2);
    }

    @Test
    void resultsWithoutABatchAndOversizedBatchesAreHostErrors() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v21(37));
        p.send(in(), 0);
        assertThat(p.emulator().violations()).singleElement().asString().contains("without a preceding RW_MISC_OUT");
        long[][] items = new long[65][];
        for (int i = 0; i < items.length; i++) {
            items[i] = new long[] { StlinkCommands.RW_MISC_ADDRESS, RAM };
        }
        p.sendOut(out(65), batch(items));
        assertThat(p.emulator().violations()).hasSize(2).last().asString().contains("limit 64");
    }

    @Test
    void firmwareBeforeV2J32HasNoRwMisc() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v2(31));
        p.sendOut(out(1), batch(new long[][] { { StlinkCommands.RW_MISC_APNUM, 0 } }));
        assertThat(p.emulator().violations()).singleElement().asString().contains("AP_AND_CSW_IN_MEMORY_COMMANDS");
    }
}
