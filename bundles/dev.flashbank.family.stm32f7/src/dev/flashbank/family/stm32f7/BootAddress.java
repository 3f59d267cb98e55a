package dev.flashbank.family.stm32f7;

import java.util.Optional;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.InvalidOptionValueException;

/**
 * FLASH_OPTCR1.BOOT_ADDx: the option holds the boot address >> 14 (16 KiB granularity, HAL
 * stm32f7xx_hal_flash_ex.h __HAL_FLASH_CALC_BOOT_BASE_ADR; RM0410, boot configuration). Users think in addresses
 * (and get the unit wrong), so the
 * model shows and accepts ADDRESSES and refuses ones that are not 16 KiB aligned or not in boot-capable memory.
 * Bank naming assumes SWP_FB = 0, which is what the hardware has at reset (RM0410, SYSCFG_MEMRMP).
 */
public final class BootAddress {

    /** BOOT_ADDx = address >> SHIFT. */
    public static final int SHIFT = 14;
    /** Boot address granularity (16 KiB). */
    public static final long GRANULE = 1L << SHIFT;
    /** ITCM RAM (16 KiB at 0x0000_0000, CMSIS cmsis_device_f7). */
    public static final AddressRange ITCM_RAM = new AddressRange(0x0000_0000L, 16 * 1024);
    /** System memory (ROM bootloader) entry, BOOT_ADD 0x0040 (STM32F7 HAL OB_BOOTADDR_SYSTEM). */
    public static final long SYSTEM_MEMORY = 0x0010_0000L;

    private BootAddress() {
    }

    /** The address a BOOT_ADDx value selects. */
    public static long toAddress(int bootAdd) {
        return (bootAdd & 0xFFFFL) << SHIFT;
    }

    /**
     * What lives at {@code address} if the core can boot from it, e.g. "flash bank 2 via AXIM"; empty when it is not
     * boot-capable. {@code mode} empty = bank mode not known (names both readings on dual-bank-capable lines).
     */
    public static Optional<String> bootTarget(long address, Stm32F7Line line, int flashSizeKiB, Optional<BankMode> mode) {
        if (ITCM_RAM.contains(address)) {
            return Optional.of("ITCM RAM");
        }
        if (address == SYSTEM_MEMORY) {
            return Optional.of("system memory (ROM bootloader)");
        }
        long flashSize = flashSizeKiB * 1024L;
        for (Stm32F7Window w : Stm32F7Window.values()) {
            AddressRange r = new AddressRange(w.base(), flashSize);
            if (r.contains(address)) {
                return Optional.of(flashText(address - w.base(), flashSize, w, line, mode));
            }
        }
        if (line.dtcm().contains(address)) {
            return Optional.of("DTCM RAM");
        }
        if (line.sram1().contains(address)) {
            return Optional.of("SRAM1");
        }
        if (line.sram2().contains(address)) {
            return Optional.of("SRAM2");
        }
        return Optional.empty();
    }

    private static String flashText(long offset, long flashSize, Stm32F7Window w, Stm32F7Line line, Optional<BankMode> mode) {
        String via = " via " + w.name();
        long half = flashSize / 2;
        if (!line.dualBankCapable() || mode.orElse(null) == BankMode.SINGLE) {
            return "flash" + via + (offset == 0 ? "" : String.format(", offset 0x%X", offset));
        }
        int bank = offset >= half ? 2 : 1;
        long inBank = offset - (bank == 2 ? half : 0);
        String dual = "flash bank " + bank + via + (inBank == 0 ? "" : String.format(", offset 0x%X in the bank", inBank));
        if (mode.isPresent()) {
            return dual;
        }
        return dual + " (dual-bank mode; single-bank: flash" + via
                + (offset == 0 ? "" : String.format(" offset 0x%X", offset)) + ")";
    }

    /** Human text for a BOOT_ADDx value, e.g. 0x2040 -> "0x08100000: flash bank 2 via AXIM". */
    public static String describe(int bootAdd, Stm32F7Line line, int flashSizeKiB, Optional<BankMode> mode) {
        long a = toAddress(bootAdd);
        return bootTarget(a, line, flashSizeKiB, mode)
                .map(t -> String.format("0x%08X: %s", a, t))
                .orElse(String.format("0x%08X: not boot-capable memory (the core would fetch its vector table from "
                        + "there and fault)", a));
    }

    /**
     * Encode an ADDRESS into a BOOT_ADDx value, refusing unaligned or non-boot-capable addresses. The message of the
     * exception explains the unit mistake users make (typing 0x0081 or the raw address).
     */
    public static int encode(String option, long address, Stm32F7Line line, int flashSizeKiB, Optional<BankMode> mode) {
        if (address < 0 || address > toAddress(0xFFFF)) {
            throw new InvalidOptionValueException(option, String.format(
                    "0x%X cannot be encoded: BOOT_ADDx holds address >> 14, so the highest address is 0x%08X",
                    address, toAddress(0xFFFF)));
        }
        if (address % GRANULE != 0) {
            throw new InvalidOptionValueException(option, String.format(
                    "0x%08X is not 16 KiB aligned; BOOT_ADDx can only select multiples of 0x4000 (nearest below: 0x%08X)",
                    address, address - address % GRANULE));
        }
        if (bootTarget(address, line, flashSizeKiB, mode).isEmpty()) {
            throw new InvalidOptionValueException(option, String.format(
                    "0x%08X is not boot-capable memory on %s (flash via AXIM 0x08000000 or ITCM 0x00200000, system "
                            + "memory 0x00100000, ITCM/DTCM RAM, SRAM1/SRAM2). Note: the option stores address >> 14 "
                            + "(0x2040 for 0x08100000); enter the address, not the encoded value",
                    address, line.displayName()));
        }
        return (int) (address >>> SHIFT);
    }
}
