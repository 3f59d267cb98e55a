package dev.flashbank.core.doctor;

import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.device.RdpLevel;

/**
 * The signature an option write cut by a power loss leaves on an STM32F7: OPTSTRT first erases the user configuration
 * sector and then programs it (RM0410, FLASH chapter, option bytes programming), so a loss in between leaves the RDP
 * byte erased (0xFF = level 1, anything but 0xAA/0xCC) and both boot addresses erased (BOOT_ADD0 = BOOT_ADD1 =
 * 0xFFFF) - confirmed by ST for F7. Whether the other option bits also read erased is not documented; the signature
 * therefore looks only at these three. Nobody sets this combination on purpose: 0xFFFF is no boot address of the part.
 */
public final class InterruptedOptionWrite {

    /** The erased RDP byte. */
    public static final int ERASED_RDP = 0xFF;
    /** An erased BOOT_ADDx option (16 bits). */
    public static final int ERASED_BOOT_ADDRESS = 0xFFFF;

    private InterruptedOptionWrite() {
    }

    /** True when {@code o} shows the signature of an interrupted option write. */
    public static boolean matches(OptionBytes o) {
        return o.rdpLevel() == RdpLevel.LEVEL_1 && o.rdp() == ERASED_RDP && o.bootAdd0() == ERASED_BOOT_ADDRESS
                && o.bootAdd1() == ERASED_BOOT_ADDRESS;
    }
}
