package dev.flashbank.core.device;

/**
 * Decoded DBGMCU_IDCODE: DEV_ID bits 11:0, REV_ID bits 31:16 (RM0410 DBGMCU_IDCODE). The field positions are those
 * of every STM32 DBGMCU_IDCODE; descriptors supply the revision letters.
 */
public record DeviceId(int devId, int revId) {

    /** DEV_ID field of DBGMCU_IDCODE. */
    public static final Field DEV_ID = new Field("DEV_ID", 0, 12, Access.READ_ONLY, "device identifier");
    /** REV_ID field of DBGMCU_IDCODE. */
    public static final Field REV_ID = new Field("REV_ID", 16, 16, Access.READ_ONLY, "revision identifier");

    public static DeviceId fromIdcode(int idcode) {
        return new DeviceId(DEV_ID.extract(idcode), REV_ID.extract(idcode));
    }

    public int idcode() {
        return REV_ID.insert(DEV_ID.insert(0, devId), revId);
    }

    @Override
    public String toString() {
        return String.format("DEV_ID 0x%03X REV_ID 0x%04X", devId, revId);
    }
}
