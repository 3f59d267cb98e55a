package dev.flashbank.stlink;

/**
 * Builder for the 16-byte command block (OpenOCD src/jtag/drivers/stlink_usb.c STLINK_CMD_SIZE_V2): bytes are appended
 * in order, little-endian, and the rest stays zero.
 */
public final class Cdb {
    private final byte[] bytes = new byte[StlinkCommands.CDB_SIZE];
    private int pos;

    private Cdb() {
    }

    public static Cdb of(int command) {
        return new Cdb().u8(command);
    }

    public static Cdb debug(int subCommand) {
        return of(StlinkCommands.DEBUG_COMMAND).u8(subCommand);
    }

    public Cdb u8(int v) {
        bytes[pos++] = (byte) v;
        return this;
    }

    public Cdb u16(int v) {
        Bytes.putLe16(bytes, pos, v);
        pos += 2;
        return this;
    }

    public Cdb u32(long v) {
        Bytes.putLe32(bytes, pos, (int) v);
        pos += 4;
        return this;
    }

    public byte[] bytes() {
        return bytes.clone();
    }
}
