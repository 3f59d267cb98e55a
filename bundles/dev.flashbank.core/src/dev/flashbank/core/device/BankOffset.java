package dev.flashbank.core.device;

/** A location in flash named by PHYSICAL bank and offset within that bank (independent of any remap). */
public record BankOffset(int bank, long offset) {
}
