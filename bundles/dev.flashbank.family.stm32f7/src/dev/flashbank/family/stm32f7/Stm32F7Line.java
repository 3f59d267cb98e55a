package dev.flashbank.family.stm32f7;

import java.util.List;
import java.util.Map;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.ProductLine;

/**
 * The three STM32F7 lines and the facts that differ between them (CMSIS stm32f7xx device headers,
 * OpenOCD src/flash/nor/stm32f2x.c stm32x_probe, ST's SVDs, STM32CubeProgrammer device database). Register layouts are
 * built from these switches by {@link Stm32F7Registers}; geometry by {@link Stm32F7Geometry}.
 */
public enum Stm32F7Line implements ProductLine {

    /** RM0431. PCROP (OPTCR2), RDERR, 4-bit SNB, 8-bit nWRP, single bank, 16 KiB base sectors. */
    F72X_F73X(0x452, "STM32F72x/F73x", "RM0431",
            List.of("STM32F722", "STM32F723", "STM32F730", "STM32F732", "STM32F733"),
            List.of(64, 256, 512), 0x1FF0_7A22L, 0x1FF0_7A10L, 0x1FF0_7BF0L,
            AddressRange.inclusive(0x1FF0_7800L, 0x1FF0_7A0FL),
            4, 8, false, true, 16 * 1024,
            new AddressRange(0x2000_0000L, 64 * 1024), new AddressRange(0x2001_0000L, 176 * 1024),
            new AddressRange(0x2003_C000L, 16 * 1024)),

    /** RM0385. 4-bit SNB, 8-bit nWRP, single bank, 32 KiB base sectors. */
    F74X_F75X(0x449, "STM32F74x/F75x", "RM0385",
            List.of("STM32F745", "STM32F746", "STM32F750", "STM32F756"),
            List.of(64, 512, 1024), 0x1FF0_F442L, 0x1FF0_F420L, 0x1FF0_F7E0L,
            AddressRange.inclusive(0x1FF0_F000L, 0x1FF0_F41FL),
            4, 8, false, false, 32 * 1024,
            new AddressRange(0x2000_0000L, 64 * 1024), new AddressRange(0x2001_0000L, 240 * 1024),
            new AddressRange(0x2004_C000L, 16 * 1024)),

    /** RM0410. 5-bit SNB, 12-bit nWRP, MER2, nDBANK/nDBOOT, SWP_FB; 32 KiB (single) / 16 KiB (dual) base sectors. */
    F76X_F77X(0x451, "STM32F76x/F77x", "RM0410",
            List.of("STM32F765", "STM32F767", "STM32F769", "STM32F777", "STM32F779"),
            List.of(1024, 2048), 0x1FF0_F442L, 0x1FF0_F420L, 0x1FF0_F7E0L,
            AddressRange.inclusive(0x1FF0_F000L, 0x1FF0_F41FL),
            5, 12, true, false, 32 * 1024,
            // DTCM 128 KiB and SRAM2 base DERIVED: SRAM1 starts at 0x2002_0000 (CMSIS cmsis_device_f7) and is 368 KiB.
            new AddressRange(0x2000_0000L, 128 * 1024), new AddressRange(0x2002_0000L, 368 * 1024),
            new AddressRange(0x2007_C000L, 16 * 1024));

    private final int devId;
    private final String displayName;
    private final String referenceManual;
    private final List<String> partNames;
    private final List<Integer> flashSizesKiB;
    private final long flashSizeRegister;
    private final long uniqueId;
    private final long packageRegister;
    private final AddressRange otp;
    private final int snbWidth;
    private final int nWrpWidth;
    private final boolean dualBankCapable;
    private final boolean hasPcrop;
    private final int singleBankBaseSectorSize;
    private final AddressRange dtcm;
    private final AddressRange sram1;
    private final AddressRange sram2;

    Stm32F7Line(int devId, String displayName, String referenceManual, List<String> partNames,
            List<Integer> flashSizesKiB, long flashSizeRegister, long uniqueId, long packageRegister, AddressRange otp,
            int snbWidth, int nWrpWidth, boolean dualBankCapable, boolean hasPcrop, int singleBankBaseSectorSize,
            AddressRange dtcm, AddressRange sram1, AddressRange sram2) {
        this.devId = devId;
        this.displayName = displayName;
        this.referenceManual = referenceManual;
        this.partNames = partNames;
        this.flashSizesKiB = flashSizesKiB;
        this.flashSizeRegister = flashSizeRegister;
        this.uniqueId = uniqueId;
        this.packageRegister = packageRegister;
        this.otp = otp;
        this.snbWidth = snbWidth;
        this.nWrpWidth = nWrpWidth;
        this.dualBankCapable = dualBankCapable;
        this.hasPcrop = hasPcrop;
        this.singleBankBaseSectorSize = singleBankBaseSectorSize;
        this.dtcm = dtcm;
        this.sram1 = sram1;
        this.sram2 = sram2;
    }

    /** DBGMCU_IDCODE.DEV_ID (OpenOCD src/flash/nor/stm32f2x.c stm32x_probe). */
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

    /** The REV_IDs are the same on all three F7 lines ({@link Stm32F7Descriptor#REVISIONS}). */
    @Override
    public Map<Integer, String> revisions() {
        return Stm32F7Descriptor.REVISIONS;
    }

    /** Flash sizes the line is sold with (KiB); 64 KiB = F730 / F750 value lines. */
    public List<Integer> flashSizesKiB() {
        return flashSizesKiB;
    }

    /** 16-bit flash-size register (FLASHSIZE_BASE; F72x at 0x1FF0_7A22, "not 0x1FFF7A22", OpenOCD stm32f2x.c). */
    public long flashSizeRegister() {
        return flashSizeRegister;
    }

    /** 96-bit unique ID (UID_BASE). */
    public long uniqueIdAddress() {
        return uniqueId;
    }

    /** Package register (PACKAGE_BASE). */
    public long packageRegister() {
        return packageRegister;
    }

    /** OTP area incl. lock bytes (FLASH_OTP_BASE..END). */
    public AddressRange otpArea() {
        return otp;
    }

    /** Width of FLASH_CR.SNB: 4 bits [6:3] on F72x/F74x, 5 bits [7:3] on F76x (CMSIS cmsis_device_f7). */
    public int snbWidth() {
        return snbWidth;
    }

    /** Width of FLASH_OPTCR.nWRP: 8 bits [23:16] on F72x/F74x, 12 bits [27:16] on F76x. */
    public int nWrpWidth() {
        return nWrpWidth;
    }

    /** nDBANK/nDBOOT, MER2 and SYSCFG_MEMRMP.SWP_FB exist (F76x/F77x only). */
    public boolean dualBankCapable() {
        return dualBankCapable;
    }

    /**
     * The Cortex-M7's FPU is double precision (FPv5-D16) on F76x/F77x and single precision (FPv5-SP) on F72x/F73x and
     * F74x/F75x (the lines' datasheets, "Arm Cortex-M7 with DPFPU" / "with FPU").
     */
    public boolean doublePrecisionFpu() {
        return this == F76X_F77X;
    }

    /** OPTCR2 (PCROP, PCROP_RDP), SR.RDERR and CR.RDERRIE exist (F72x/F73x only). */
    public boolean hasPcrop() {
        return hasPcrop;
    }

    /** Size of sectors 0-3 in single-bank mode (16 KiB F72x, 32 KiB F74x/F76x). */
    public int singleBankBaseSectorSize() {
        return singleBankBaseSectorSize;
    }

    /** DTCM RAM (boot-capable). */
    public AddressRange dtcm() {
        return dtcm;
    }

    /** SRAM1 (boot-capable), CMSIS stm32f7xx device headers. */
    public AddressRange sram1() {
        return sram1;
    }

    /** SRAM2 (boot-capable), HAL stm32f7xx_hal_flash_ex.h OB_BOOTADDR_SRAM2. */
    public AddressRange sram2() {
        return sram2;
    }

    /**
     * JTAG boundary-scan TAP IDCODE, following the ST pattern 0x06 | DEV_ID | 0x041 (e.g. 0x0645_1041 for F76x).
     * UNCONFIRMED (no primary source read; requested by the simulator).
     */
    public int boundaryScanIdcode() {
        return 0x0600_0041 | devId << 12;
    }

    /**
     * Size of system memory (ROM bootloader) at 0x1FF0_0000 / 0x0010_0000. F74x/F76x: 0xEDC0 (0x1FF0_0000-0x1FF0_EDBF,
     * RM0385/RM0410 memory map, no primary source read). F72x: its OTP starts at 0x1FF0_7800 (CMSIS FLASH_OTP_BASE), so
     * system memory ends before it: 0x7800 is the upper bound, used here. Both UNCONFIRMED.
     */
    public int systemMemorySize() {
        return this == F72X_F73X ? 0x7800 : 0xEDC0;
    }

    public static java.util.Optional<Stm32F7Line> byDevId(int devId) {
        for (Stm32F7Line l : values()) {
            if (l.devId == devId) {
                return java.util.Optional.of(l);
            }
        }
        return java.util.Optional.empty();
    }
}
