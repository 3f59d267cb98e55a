package dev.flashbank.family.stm32h7;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.ProductLine;

/**
 * The STM32H7 lines Flashbank knows, one per DBGMCU_IDCODE.DEV_ID, and the facts that differ between them. Register
 * layouts are built from these switches by {@link Stm32H7Registers}, sector layouts by {@link Stm32H7Geometry}.
 * <p>
 * DEV_ID 0x450 is shared by the single-core H742/H743/H750/H753 (RM0433) and the dual-core H745/H747/H755/H757
 * (RM0399): the ID cannot tell them apart, so one line covers both. Flashbank serves the dual-core parts through the
 * Cortex-M7 (access port 0, which also reaches the system bus and DBGMCU at 0x5C00_1000) with the single-core FLASH
 * model; the dual-core extras (BOOT4_CUR/PRG, BCM4/BCM7, IWDG2_SW, the Cortex-M4 on AP3) are not modelled
 * (RM0399 §4.9). An order code ({@link #isDualCore(String)}) says which kind a user has.
 */
public enum Stm32H7Line implements ProductLine {

    /** RM0433 / RM0399: two banks of 8 x 128 KiB (xG: 4 x 128 KiB per bank, bank 2 still at 0x0810_0000). */
    H74X_H75X(0x450, "STM32H742/H743/H745/H747/H750/H753/H755/H757", "RM0433",
            List.of("STM32H742", "STM32H743", "STM32H750", "STM32H753", "STM32H745", "STM32H747", "STM32H755",
                    "STM32H757"),
            List.of(128, 1024, 2048), 128 * 1024, 32, true, 0x1FF1_E880L, 0x1FF1_E800L, null,
            Map.of(0x1000, "A", 0x1001, "Z", 0x1003, "Y", 0x2001, "X", 0x2003, "V")),

    /** RM0468: one bank of 8 x 128 KiB (H730: 1 x 128 KiB); no bank-2 registers, no MER, no SWAP_BANK. */
    H72X_H73X(0x483, "STM32H723/H725/H730/H733/H735", "RM0468",
            List.of("STM32H723", "STM32H725", "STM32H730", "STM32H733", "STM32H735"),
            List.of(128, 1024), 128 * 1024, 32, false, 0x1FF1_E880L, 0x1FF1_E800L, null,
            Map.of(0x1000, "A", 0x1001, "Z")),

    /**
     * RM0455: two banks of 128 x 8 KiB (xG: 64 per bank; H7B0: one bank of 16), 128-bit flash words, a different
     * FLASH_CR layout (no PSIZE; FW bit 4, START bit 5, SNB bits 12:6) and 1 KiB of user OTP.
     */
    H7AX_H7BX(0x480, "STM32H7A3/H7B3/H7B0", "RM0455",
            List.of("STM32H7A3", "STM32H7B3", "STM32H7B0"),
            List.of(128, 1024, 2048), 8 * 1024, 16, true, 0x08FF_F80CL, 0x08FF_F800L,
            AddressRange.inclusive(0x08FF_F000L, 0x08FF_F3FFL),
            Map.of(0x1000, "A"));

    /** Parts of DEV_ID 0x450 with a second core (Cortex-M4 on AP3), RM0399. */
    public static final List<String> DUAL_CORE_PARTS = List.of("STM32H745", "STM32H747", "STM32H755", "STM32H757");

    /** The flash size (KiB) of the value-line / single-bank small parts (H750, H730, H7B0). */
    public static final int VALUE_LINE_SIZE_KIB = 128;

    private final int devId;
    private final String displayName;
    private final String referenceManual;
    private final List<String> partNames;
    private final List<Integer> flashSizesKiB;
    private final int sectorSize;
    private final int flashWordBytes;
    private final boolean dualBankCapable;
    private final long flashSizeRegister;
    private final long uniqueId;
    private final AddressRange otp;
    private final Map<Integer, String> revisions;

    Stm32H7Line(int devId, String displayName, String referenceManual, List<String> partNames,
            List<Integer> flashSizesKiB, int sectorSize, int flashWordBytes, boolean dualBankCapable,
            long flashSizeRegister, long uniqueId, AddressRange otp, Map<Integer, String> revisions) {
        this.devId = devId;
        this.displayName = displayName;
        this.referenceManual = referenceManual;
        this.partNames = partNames;
        this.flashSizesKiB = flashSizesKiB;
        this.sectorSize = sectorSize;
        this.flashWordBytes = flashWordBytes;
        this.dualBankCapable = dualBankCapable;
        this.flashSizeRegister = flashSizeRegister;
        this.uniqueId = uniqueId;
        this.otp = otp;
        this.revisions = revisions;
    }

    /** DBGMCU_IDCODE.DEV_ID. */
    public int devId() {
        return devId;
    }

    public String displayName() {
        return displayName;
    }

    public String referenceManual() {
        return referenceManual;
    }

    public List<String> partNames() {
        return partNames;
    }

    /** Flash sizes the line is sold with (KiB); 128 KiB = the single-bank value lines H750 / H730 / H7B0. */
    public List<Integer> flashSizesKiB() {
        return flashSizesKiB;
    }

    /** Erase unit: one sector, 128 KiB (RM0433 §4.3.3) or 8 KiB on H7A/B (RM0455). */
    public int sectorSize() {
        return sectorSize;
    }

    /**
     * Program unit: one flash word, 256 bits + 10 ECC bits (RM0433 §4.3.9), 128 bits on H7A/B (RM0455). A partial
     * word is only written by a force write (FW) that fills the missing bytes with 1s.
     */
    public int flashWordBytes() {
        return flashWordBytes;
    }

    /** True when the line has a second bank (KEYR2/CR2/SR2..., OPTCR.MER and SWAP_BANK). */
    public boolean dualBankCapable() {
        return dualBankCapable;
    }

    /**
     * The Cortex-M7 has the double-precision FPv5 floating-point unit on every H7 line (RM0433 / RM0468 / RM0455 §1,
     * "Arm Cortex-M7 with double-precision FPU"; CubeIDE builds H7 projects with -mfpu=fpv5-d16).
     */
    public boolean doublePrecisionFpu() {
        return true;
    }

    /** FLASH_CR has PSIZE, FW at bit 6, START at bit 7, SNB at 10:8 (all but H7A/B, whose CR is compacted). */
    public boolean hasPsize() {
        return this != H7AX_H7BX;
    }

    /** 16-bit flash-size register in KiB (FLASHSIZE_BASE). */
    public long flashSizeRegister() {
        return flashSizeRegister;
    }

    /** 96-bit unique ID (UID_BASE). */
    public long uniqueIdAddress() {
        return uniqueId;
    }

    /** User OTP area (H7A/B only: 1 KiB of 16-bit OTP words). */
    public Optional<AddressRange> otpArea() {
        return Optional.ofNullable(otp);
    }

    /** REV_ID -> revision letter (as OpenOCD's stm32h7x revision tables print them). */
    public Map<Integer, String> revisions() {
        return revisions;
    }

    /** True for an order code / series of a dual-core part (H745/H747/H755/H757). */
    public static boolean isDualCore(String series) {
        return DUAL_CORE_PARTS.stream().anyMatch(series::startsWith);
    }

    public static Optional<Stm32H7Line> byDevId(int devId) {
        for (Stm32H7Line l : values()) {
            if (l.devId == devId) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
