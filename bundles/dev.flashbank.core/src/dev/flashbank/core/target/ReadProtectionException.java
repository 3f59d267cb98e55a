package dev.flashbank.core.target;

/**
 * Access denied because read protection is active: at RDP level 1 a connected debugger cannot read, program or
 * erase flash (RM0410 §3.7.3 / RM0090 §3.7.3 wording). The access is reported as a bus error
 * by the silicon; transports that can tell it apart raise this subtype so users get the real cause.
 */
public class ReadProtectionException extends BusFaultException {
    private static final long serialVersionUID = 1L;

    public ReadProtectionException(long address) {
        super(address, "flash access blocked by read protection (RDP level 1, debugger connected)");
    }
}
