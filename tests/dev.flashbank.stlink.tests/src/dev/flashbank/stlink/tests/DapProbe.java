package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.Cdb;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkStatus;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * An emulated probe over a {@link FakeDapTarget}, driven command block by command block as OpenOCD's DAP-direct driver
 * sends them (stlink_usb.c: stlink_read_dap_register, stlink_usb_init_access_port, stlink_usb_read_mem32 ...).
 */
record DapProbe(FakeDapTarget target, StlinkEmulator emulator) {

    static final int OK = StlinkStatus.OK.code();

    /** The probe in SWD debug mode (DFU/mass storage left, APIV2_ENTER SWD answered OK). */
    static DapProbe entered(EmulatorConfig config) throws TargetException {
        DapProbe p = new DapProbe(new FakeDapTarget(), null).withEmulator(config);
        if (config.initialMode() == StlinkCommands.MODE_DFU) {
            p.send(Cdb.of(StlinkCommands.DFU_COMMAND).u8(StlinkCommands.DFU_EXIT).bytes(), 0);
        }
        byte[] r = p.send(Cdb.debug(StlinkCommands.DEBUG_APIV2_ENTER).u8(StlinkCommands.ENTER_SWD_NO_RESET).bytes(),
                StlinkCommands.STATUS_REPLY);
        assertThat(r[0] & 0xFF).isEqualTo(OK);
        return p;
    }

    private DapProbe withEmulator(EmulatorConfig config) {
        return new DapProbe(target, new StlinkEmulator(config, target));
    }

    byte[] send(byte[] cdb, int inLength) throws TargetException {
        return emulator.exchange(cdb, null, inLength, 1000);
    }

    byte[] sendOut(byte[] cdb, byte[] data) throws TargetException {
        return emulator.exchange(cdb, data, 0, 1000);
    }

    /** A 2-byte status reply's status. */
    int status(byte[] cdb) throws TargetException {
        return send(cdb, StlinkCommands.STATUS_REPLY)[0] & 0xFF;
    }

    int openAp(int apsel) throws TargetException {
        return status(Cdb.debug(StlinkCommands.DEBUG_APIV2_INIT_AP).u8(apsel).bytes());
    }

    int closeAp(int apsel) throws TargetException {
        return status(Cdb.debug(StlinkCommands.DEBUG_APIV2_CLOSE_AP_DBG).u8(apsel).bytes());
    }

    /** READ_DAP_REG: the 8-byte reply (status in byte 0, value LE32 at 4). */
    byte[] readDapRegister(int port, int address) throws TargetException {
        return send(Cdb.debug(StlinkCommands.DEBUG_APIV2_READ_DAP_REG).u16(port).u16(address).bytes(),
                StlinkCommands.STATUS_AND_WORD_REPLY);
    }

    int writeDapRegister(int port, int address, long value) throws TargetException {
        return status(Cdb.debug(StlinkCommands.DEBUG_APIV2_WRITE_DAP_REG).u16(port).u16(address).u32(value).bytes());
    }

    /** A memory command as OpenOCD builds it from V2J32/V3J2: address, length, AP number, CSW bits 31:8. */
    static byte[] memory(int sub, long address, int length, int apsel, long csw) {
        return Cdb.debug(sub).u32(address).u16(length).u8(apsel).u8((int) (csw >>> 8)).u8((int) (csw >>> 16))
                .u8((int) (csw >>> 24)).bytes();
    }

    /** GETLASTRWSTATUS2: status, fault address. */
    long[] lastRwStatus() throws TargetException {
        byte[] r = send(Cdb.debug(StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS2).bytes(),
                StlinkCommands.GETLASTRWSTATUS2_REPLY);
        return new long[] { Bytes.le16(r, 0), Bytes.le32(r, 4) & 0xFFFF_FFFFL };
    }
}
