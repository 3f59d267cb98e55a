package dev.flashbank.core.device;

/** Flash organisation selected by an option bit (F76x nDBANK: 1 = single, 0 = dual; RM0410 FLASH_OPTCR). */
public enum BankMode {
    SINGLE,
    DUAL
}
