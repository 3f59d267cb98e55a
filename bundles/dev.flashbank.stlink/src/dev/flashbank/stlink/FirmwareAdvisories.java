package dev.flashbank.stlink;

import java.util.ArrayList;
import java.util.List;

/**
 * Warnings for firmware that lacks features we would use or is reported to misbehave (OpenOCD
 * src/jtag/drivers/stlink_usb.c STLINK_F_*, pyOCD MIN_JTAG_VERSION, stlink-org issues). Every message names the
 * firmware and the upgrade. Reported problems are community reports, not vendor-confirmed, and say so.
 */
public final class FirmwareAdvisories {

    private FirmwareAdvisories() {
    }

    /** How to upgrade: ST's firmware upgrade tool, also built into STM32CubeIDE and STM32CubeProgrammer. */
    public static final String UPGRADE_HINT = "upgrade the probe firmware with ST's ST-LINK upgrade tool (STSW-LINK007, "
            + "also in STM32CubeIDE: Help > ST-LINK Upgrade, and STM32CubeProgrammer: Firmware upgrade)";

    public static List<ProbeWarning> check(StlinkVersion v) {
        List<ProbeWarning> out = new ArrayList<>();
        if (v.hardware() >= 3) {
            return out; // no gated feature we rely on is missing on any V3 firmware (OpenOCD stlink_usb.c STLINK_F_*)
        }
        String fw = v.toString();
        int j = v.jtag();
        if (j < StlinkFeature.Gates.RECOMMENDED_MIN_V2) {
            out.add(new ProbeWarning("FW_OLD", String.format(
                    "%s is older than V2J%d, the oldest firmware pyOCD accepts; Flashbank works with reduced features: %s.",
                    fw, StlinkFeature.Gates.RECOMMENDED_MIN_V2, UPGRADE_HINT)));
        }
        if (!StlinkFeature.TARGET_VOLTAGE.isSupportedBy(v)) {
            out.add(gate("FW_NO_VOLTAGE", fw, StlinkFeature.TARGET_VOLTAGE,
                    "cannot measure the target voltage, so flash drivers assume the lowest voltage range"));
        }
        if (!StlinkFeature.GETLASTRWSTATUS2.isSupportedBy(v)) {
            out.add(gate("FW_NO_FAULT_ADDRESS", fw, StlinkFeature.GETLASTRWSTATUS2,
                    "does not report the address of a bus fault (no GETLASTRWSTATUS2); errors name the start of the transfer"));
        }
        if (!StlinkFeature.SWD_SET_FREQ.isSupportedBy(v)) {
            out.add(gate("FW_NO_SWD_FREQ", fw, StlinkFeature.SWD_SET_FREQ,
                    "cannot set the SWD clock (no SWD_SET_FREQ); SWD runs at the probe's default 1.8 MHz"));
        }
        if (!StlinkFeature.MEMORY_16BIT.isSupportedBy(v)) {
            out.add(gate("FW_NO_16BIT", fw, StlinkFeature.MEMORY_16BIT,
                    "has no 16-bit memory access; 16-bit transfers are done as 8-bit transfers, which registers that "
                            + "need half-word access (e.g. flash programming with PSIZE x16) do not accept"));
        }
        if (j == 14) {
            out.add(new ProbeWarning("FW_KNOWN_V2J14", fw + ": intermittent flash programming failures were reported "
                    + "with V2J14 (on F4-Discovery) and went away after updating to V2J28 (stlink-org issue #761); "
                    + UPGRADE_HINT + "."));
        }
        if (j == 36) {
            out.add(new ProbeWarning("FW_KNOWN_V2J36", fw + ": USB timeouts on debug-register writes were reported "
                    + "with V2J36 on an ST Discovery board and fixed by V2J37 (stlink-org issue #952); " + UPGRADE_HINT
                    + "."));
        }
        return out;
    }

    private static ProbeWarning gate(String code, String fw, StlinkFeature feature, String consequence) {
        return new ProbeWarning(code, String.format("%s %s (needs V2J%d or later); %s.", fw, consequence,
                feature.minimumV2(), UPGRADE_HINT));
    }
}
