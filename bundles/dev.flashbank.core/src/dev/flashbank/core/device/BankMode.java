package dev.flashbank.core.device;

/** Flash organisation selected by an option bit (F76x nDBANK: 1 = single, 0 = dual; stm32-facts §1.3/§1.5). */
public enum BankMode {
    SINGLE,
    DUAL
}
