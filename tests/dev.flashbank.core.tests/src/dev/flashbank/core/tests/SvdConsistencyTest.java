package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.core.svd.SvdDevice;
import dev.flashbank.core.svd.SvdModelComparison;
import dev.flashbank.core.svd.SvdModelComparison.Kind;
import dev.flashbank.core.svd.SvdReader;
import dev.flashbank.core.svd.SvdTable;

/**
 * Cross-checks EVERY register of the STM32F7 device model (FLASH, SYSCFG_MEMRMP, DBGMCU, RCC_APB2ENR) against ST's SVD
 * files through the committed tables in {@code svd/*.tsv} of this test bundle (extracted by {@link SvdTable}, so the
 * check runs on every clone): peripheral base + offset = model address, register names, reset values, every field's
 * name and position/width, and SVD fields the model lacks. Where the SVD differs from the reference manual, the
 * difference must be listed in {@link #KNOWN} with its reason; an unlisted difference fails, and so does a listed one
 * that no longer occurs (stale exception). Where ST's SVD files are present beside the repository (../shared/svd),
 * each table must equal a fresh extraction from its SVD file, so the tables cannot drift from ST's files.
 */
class SvdConsistencyTest {

    /** One accepted difference: file, kind, model location (BLOCK.REGISTER[.FIELD]), exact SVD value, reason. */
    record Known(String file, Kind kind, String where, String svdValue, String reason) {
        String key() {
            return file + " " + kind + " " + where + " " + svdValue;
        }
    }

    private static final String F722 = "STM32F722.svd", F746 = "STM32F746.svd", F767 = "STM32F767.svd";
    private static final String FACTORY_OPTCR = "SVD reset value is the STM32F4 layout, not a real part's factory value"
            + "; the model keeps the derived factory value (RM0410 option bytes defaults)";
    private static final String FACTORY_OPTCR1 = "SVD reset value 0x0FFF0000 is not the factory BOOT_ADD0/1 = 0x0080/"
            + "0x0040 observed on real parts";
    private static final String DBG_NAMES = "ST's F72x/F74x SVD calls the DBGMCU block DBG and prefixes its registers"
            + " with DBGMCU_";
    private static final String IDCODE_RESET = "IDCODE is device-specific (DEV_ID/REV_ID); the SVD copies an STM32F4 "
            + "value (DEV_ID 0x411), the model has no fixed reset value";
    private static final String FREEZE_BITS = "timer/I2C/CAN freeze bits are not used by Flashbank; only the watchdog"
            + " freeze bits are modelled";
    private static final String APB2ENR_PARTIAL = "only SYSCFGEN is modelled in RCC_APB2ENR";
    private static final String F4_MEMRMP = "the F74x/F76x SVD uses the STM32F4 SYSCFG_MEMRMP layout (MEM_MODE[2:0], "
            + "FB_MODE); RM0385/RM0410 and cmsis_f7 name bit 0 MEM_BOOT (1 bit) and bit 8 SWP_FB";

    static final List<Known> KNOWN = List.of(
            // ---- STM32F722.svd vs F72x/F73x ----
            new Known(F722, Kind.PERIPHERAL_NAME, "DBGMCU", "DBG", DBG_NAMES),
            new Known(F722, Kind.REGISTER_NAME, "DBGMCU.IDCODE", "DBGMCU_IDCODE", DBG_NAMES),
            new Known(F722, Kind.REGISTER_NAME, "DBGMCU.CR", "DBGMCU_CR", DBG_NAMES),
            new Known(F722, Kind.REGISTER_NAME, "DBGMCU.APB1_FZ", "DBGMCU_APB1_FZ", DBG_NAMES),
            new Known(F722, Kind.REGISTER_NAME, "DBGMCU.APB2_FZ", "DBGMCU_APB2_FZ", DBG_NAMES),
            new Known(F722, Kind.RESET_VALUE, "DBGMCU.IDCODE", "0x10006411", IDCODE_RESET),
            new Known(F722, Kind.FIELD_NAME, "DBGMCU.APB1_FZ.DBG_IWDG_STOP", "DBG_IWDEG_STOP", "typo in ST's SVD (cmsis_f7: DBGMCU_APB1_FZ_DBG_IWDG_STOP)"),
            new Known(F722, Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.APB1_FZ", "DBG_CAN1_STOP,DBG_CAN2_STOP,DBG_J2C1_SMBUS_TIMEOUT,DBG_J2C2_SMBUS_TIMEOUT,DBG_J2C3SMBUS_TIMEOUT,DBG_TIM12_STOP,DBG_TIM13_STOP,DBG_TIM14_STOP,DBG_TIM2_STOP,DBG_TIM3_STOP,DBG_TIM4_STOP,DBG_TIM5_STOP,DBG_TIM6_STOP,DBG_TIM7_STOP", FREEZE_BITS),
            new Known(F722, Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.APB2_FZ", "DBG_TIM10_STOP,DBG_TIM11_STOP,DBG_TIM1_STOP,DBG_TIM8_STOP,DBG_TIM9_STOP", FREEZE_BITS),
            new Known(F722, Kind.UNMODELLED_SVD_FIELDS, "RCC.APB2ENR", "ADC1EN,ADC2EN,ADC3EN,SAI1EN,SAI2EN,SDMMC1EN,SDMMC2EN,SPI1EN,SPI4EN,SPI5EN,TIM10EN,TIM11EN,TIM1EN,TIM8EN,TIM9EN,USART1EN,USART6EN,USBPHYCEN", APB2ENR_PARTIAL),
            new Known(F722, Kind.FIELD_BITS, "FLASH.ACR.LATENCY", "0:3", "cmsis_f7 stm32f722xx.h: FLASH_ACR_LATENCY mask 0xF (LATENCY_0..15); the F722 SVD shows 3 bits"),
            new Known(F722, Kind.FIELD_NAME, "FLASH.OPTKEYR.OPTKEY", "OPTKEYR", "field named like its register in the F722 SVD; OPTKEY in the F746/F767 SVDs"),
            new Known(F722, Kind.MISSING_FIELD, "FLASH.SR.RDERR", "-", "RDERR (PCROP read error) = SR bit 8 on F72x (RM0431 FLASH_SR, cmsis_f7 FLASH_SR_RDERR); the SVD omits it"),
            new Known(F722, Kind.FIELD_BITS, "FLASH.CR.SNB", "3:5", "cmsis_f7: F72x SNB is 4 bits [6:3] (mask 0x78, 8 sectors); the SVD copies the F76x 5-bit field"),
            new Known(F722, Kind.RESET_VALUE, "FLASH.OPTCR", "0x0FFFAAED", FACTORY_OPTCR),
            new Known(F722, Kind.FIELD_BITS, "FLASH.OPTCR.nWRP", "16:12", "F72x has 8 sectors and an 8-bit nWRP [23:16] (cmsis_f7); the SVD copies the F76x 12-bit field"),
            new Known(F722, Kind.RESET_VALUE, "FLASH.OPTCR1", "0x0FFF0000", FACTORY_OPTCR1),
            new Known(F722, Kind.RESET_VALUE, "FLASH.OPTCR2", "0x800000FF", "0x8000_00FF would mean every sector PCROP-protected; the model's factory OPTCR2 is the UNCONFIRMED parameter f72xFactoryOptcr2 (0)"),

            // ---- STM32F746.svd vs F74x/F75x ----
            new Known(F746, Kind.PERIPHERAL_NAME, "DBGMCU", "DBG", DBG_NAMES),
            new Known(F746, Kind.REGISTER_NAME, "DBGMCU.IDCODE", "DBGMCU_IDCODE", DBG_NAMES),
            new Known(F746, Kind.REGISTER_NAME, "DBGMCU.CR", "DBGMCU_CR", DBG_NAMES),
            new Known(F746, Kind.REGISTER_NAME, "DBGMCU.APB1_FZ", "DBGMCU_APB1_FZ", DBG_NAMES),
            new Known(F746, Kind.REGISTER_NAME, "DBGMCU.APB2_FZ", "DBGMCU_APB2_FZ", DBG_NAMES),
            new Known(F746, Kind.RESET_VALUE, "DBGMCU.IDCODE", "0x10006411", IDCODE_RESET),
            new Known(F746, Kind.FIELD_NAME, "DBGMCU.APB1_FZ.DBG_IWDG_STOP", "DBG_IWDEG_STOP", "typo in ST's SVD (cmsis_f7: DBGMCU_APB1_FZ_DBG_IWDG_STOP)"),
            new Known(F746, Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.APB1_FZ", "DBG_CAN1_STOP,DBG_CAN2_STOP,DBG_J2C1_SMBUS_TIMEOUT,DBG_J2C2_SMBUS_TIMEOUT,DBG_J2C3SMBUS_TIMEOUT,DBG_TIM12_STOP,DBG_TIM13_STOP,DBG_TIM14_STOP,DBG_TIM2_STOP,DBG_TIM3_STOP,DBG_TIM4_STOP,DBG_TIM5_STOP,DBG_TIM6_STOP,DBG_TIM7_STOP", FREEZE_BITS),
            new Known(F746, Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.APB2_FZ", "DBG_TIM10_STOP,DBG_TIM11_STOP,DBG_TIM1_STOP,DBG_TIM8_STOP,DBG_TIM9_STOP", FREEZE_BITS),
            new Known(F746, Kind.UNMODELLED_SVD_FIELDS, "RCC.APB2ENR", "ADC1EN,ADC2EN,ADC3EN,LTDCEN,SAI1EN,SAI2EN,SDMMC1EN,SPI1EN,SPI4ENR,SPI5ENR,SPI6ENR,TIM10EN,TIM11EN,TIM1EN,TIM8EN,TIM9EN,USART1EN,USART6EN", APB2ENR_PARTIAL),
            new Known(F746, Kind.FIELD_NAME, "FLASH.SR.ERSERR", "PGSERR", "RM0385/RM0410 name SR bit 7 ERSERR; the SVD (like F2/F4, OpenOCD) calls it PGSERR — same bit"),
            new Known(F746, Kind.FIELD_BITS, "FLASH.CR.SNB", "3:5", "cmsis_f7: F74x SNB is 4 bits [6:3] (mask 0x78, 8 sectors); the SVD copies the F76x 5-bit field"),
            new Known(F746, Kind.UNMODELLED_SVD_FIELDS, "FLASH.CR", "MER1", "F74x is single-bank and has no second mass-erase bit (MER2 is F76x only); the SVD copies the F76x bit 15 under OpenOCD's confusing name MER1"),
            new Known(F746, Kind.RESET_VALUE, "FLASH.OPTCR", "0x0FFFAAED", FACTORY_OPTCR),
            new Known(F746, Kind.RESET_VALUE, "FLASH.OPTCR1", "0x0FFF0000", FACTORY_OPTCR1),
            new Known(F746, Kind.REGISTER_NAME, "SYSCFG.MEMRMP", "MEMRM", "the SVD truncates SYSCFG_MEMRMP to MEMRM (cmsis_f7: MEMRMP)"),
            new Known(F746, Kind.FIELD_NAME, "SYSCFG.MEMRMP.MEM_BOOT", "MEM_MODE", F4_MEMRMP),
            new Known(F746, Kind.FIELD_BITS, "SYSCFG.MEMRMP.MEM_BOOT", "0:3", F4_MEMRMP),
            new Known(F746, Kind.UNMODELLED_SVD_FIELDS, "SYSCFG.MEMRMP", "FB_MODE", "F74x is single-bank and has no flash bank swap; FB_MODE is the F4 field (SWP_FB exists on F76x only)"),

            // ---- STM32F767.svd vs F76x/F77x ----
            new Known(F767, Kind.PERIPHERAL_NAME, "FLASH", "Flash", "the F767 SVD names the flash interface \"Flash\""),
            new Known(F767, Kind.MISSING_REGISTER, "DBGMCU.CR", "-", "the F767 SVD describes DBGMCU_IDCODE only; CR at +0x04 is in cmsis_f7"),
            new Known(F767, Kind.MISSING_REGISTER, "DBGMCU.APB1_FZ", "-", "the F767 SVD describes DBGMCU_IDCODE only; APB1_FZ at +0x08 is in cmsis_f7"),
            new Known(F767, Kind.MISSING_REGISTER, "DBGMCU.APB2_FZ", "-", "the F767 SVD describes DBGMCU_IDCODE only; APB2_FZ at +0x0C is in cmsis_f7"),
            new Known(F767, Kind.UNMODELLED_SVD_FIELDS, "RCC.APB2ENR", "ADC1EN,ADC2EN,ADC3EN,LTDCEN,SAI1EN,SAI2EN,SDMMC1EN,SPI1EN,SPI4ENR,SPI5ENR,SPI6ENR,TIM10EN,TIM11EN,TIM1EN,TIM8EN,TIM9EN,USART1EN,USART6EN", APB2ENR_PARTIAL),
            new Known(F767, Kind.FIELD_NAME, "FLASH.SR.ERSERR", "PGSERR", "RM0410 names SR bit 7 ERSERR; the F767 SVD calls it PGSERR — same bit"),
            new Known(F767, Kind.FIELD_NAME, "FLASH.CR.MER2", "MER1", "bit 15 mass-erases bank 2 (cmsis_f7 FLASH_CR_MER2, HAL FLASH_MER_BIT); the SVD uses OpenOCD's confusing name MER1"),
            new Known(F767, Kind.RESET_VALUE, "FLASH.OPTCR", "0x0FFFAAED", FACTORY_OPTCR),
            new Known(F767, Kind.RESET_VALUE, "FLASH.OPTCR1", "0x0FFF0000", FACTORY_OPTCR1),
            new Known(F767, Kind.REGISTER_NAME, "SYSCFG.MEMRMP", "MEMRM", "the SVD truncates SYSCFG_MEMRMP to MEMRM (cmsis_f7: MEMRMP)"),
            new Known(F767, Kind.FIELD_NAME, "SYSCFG.MEMRMP.MEM_BOOT", "MEM_MODE", F4_MEMRMP),
            new Known(F767, Kind.FIELD_BITS, "SYSCFG.MEMRMP.MEM_BOOT", "0:3", F4_MEMRMP),
            new Known(F767, Kind.FIELD_NAME, "SYSCFG.MEMRMP.SWP_FB", "FB_MODE", F4_MEMRMP));

    private static final Map<String, SvdDevice> CACHE = new ConcurrentHashMap<>();

    /** ST's full SVD file from ../shared/svd (only present beside the original checkout). */
    static SvdDevice svd(String file) throws Exception {
        SvdDevice d = CACHE.get(file);
        if (d == null) {
            d = SvdReader.read(SourceTree.shared().resolve("svd").resolve(file));
            CACHE.put(file, d);
        }
        return d;
    }

    /** The committed table of an SVD file: svd/STM32F767.tsv for STM32F767.svd. */
    static Path table(String file) {
        return SourceTree.root().resolve("tests/dev.flashbank.core.tests/svd").resolve(file.replace(".svd", ".tsv"));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({ "STM32F722.svd, F72X_F73X", "STM32F746.svd, F74X_F75X", "STM32F767.svd, F76X_F77X" })
    void everyModelledRegisterAndFieldAgreesWithTheSvdOrIsAnExplainedException(String file, Stm32F7Line line)
            throws Exception {
        Path path = table(file);
        assertThat(path).as("committed SVD table").exists();
        SvdDevice svd = SvdTable.read(Files.readString(path), path.toString());
        Stm32F7Registers model = Stm32F7Registers.of(line);
        SvdModelComparison.Result result = SvdModelComparison.compare(model.blocks(), svd);
        List<String> findings = result.keys();
        Set<String> known = new LinkedHashSet<>();
        KNOWN.stream().filter(k -> k.file().equals(file)).forEach(k -> known.add(k.key().substring(file.length() + 1)));
        List<String> unexplained = findings.stream().filter(f -> !known.contains(f)).toList();
        List<String> stale = known.stream().filter(k -> !findings.contains(k)).toList();
        assertThat(unexplained).as(file + ": differences between model and SVD without an explanation in KNOWN").isEmpty();
        assertThat(stale).as(file + ": KNOWN exceptions that no longer occur (remove them)").isEmpty();
        assertThat(result.comparedFields()).as("fields compared (guards against an empty comparison)")
                .isGreaterThanOrEqualTo(40);
    }

    /**
     * Each committed table is exactly what {@link SvdTable} extracts from ST's file (same SHA-256 in the header, same
     * rows). Without ../shared/svd (any other clone) the tables are still checked against the model above; this test
     * then checks that the table names its source file and hash, and prints that the re-check did not run.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({ "STM32F722.svd", "STM32F746.svd", "STM32F767.svd" })
    void committedTableIsTheExtractOfStsSvdFile(String file) throws Exception {
        String committed = Files.readString(table(file));
        assertThat(committed.lines().findFirst().orElse("")).as("table header names its source")
                .matches("# Register facts extracted from " + Pattern.quote(file) + " \\(sha256 [0-9a-f]{64}\\) by .*");
        Optional<Path> svdFile = SourceTree.sharedIfPresent().map(s -> s.resolve("svd").resolve(file))
                .filter(Files::exists);
        if (svdFile.isEmpty()) {
            System.out.println(file + ": ../shared/svd absent - table checked against the model only");
            return;
        }
        String fresh = SvdTable.write(svd(file), SvdTable.selection(committed, file),
                file + " (sha256 " + sha256(svdFile.get()) + ")");
        assertThat(committed).as(table(file) + " differs from a fresh extraction of " + svdFile.get()
                + " (regenerate it with SvdTable.write)").isEqualTo(fresh);
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @org.junit.jupiter.api.Test
    void everyExceptionHasAReason() {
        assertThat(KNOWN).allSatisfy(k -> assertThat(k.reason()).as(k.key()).hasSizeGreaterThan(20));
        assertThat(KNOWN.stream().map(Known::key)).doesNotHaveDuplicates();
    }
}
