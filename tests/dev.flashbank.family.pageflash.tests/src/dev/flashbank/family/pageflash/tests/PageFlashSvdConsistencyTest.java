package dev.flashbank.family.pageflash.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flashbank.core.svd.SvdDevice;
import dev.flashbank.core.svd.SvdModelComparison;
import dev.flashbank.core.svd.SvdModelComparison.Kind;
import dev.flashbank.core.svd.SvdReader;
import dev.flashbank.core.svd.SvdTable;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashRegisters;

/**
 * The page-flash register model (every FLASH, SYSCFG remap and DBGMCU/DBG register and field Flashbank uses) agrees
 * with ST's SVDs of the three reference lines - STM32G474 (G47x/G48x), STM32L476 (L47x/L48x), STM32G0B1 (G0B1/G0C1) -
 * read from the committed tables svd/*.tsv of this bundle, except for the SVD errata listed in {@link #KNOWN} with
 * their reasons. An unlisted difference fails; so does a listed one that no longer occurs. Where ../shared/svd is
 * present the tables must equal a fresh extraction of ST's files.
 * <p>
 * Where the SVD and ST's CMSIS device header disagree the model follows the header (the HAL and every tool Flashbank
 * compares with are built on it), and the difference is an erratum here.
 */
class PageFlashSvdConsistencyTest {

    /** One accepted difference: file, kind, model location, exact SVD value, reason. */
    record Known(String file, Kind kind, String where, String svdValue, String reason) {
        String key() {
            return kind + " " + where + " " + svdValue;
        }
    }

    private static final String G474 = "STM32G474.svd", L476 = "STM32L476.svd", G0B1 = "STM32G0B1.svd";

    private static final String OPTION_RESET = "the SVD's reset value of an option register is not what the part"
            + " reads: the register shows the option bytes loaded at the last OBL (RM0440/RM0351/RM0444 §3.4); the"
            + " model's reset value is the factory value (no WRP/PCROP area: start above end)";
    private static final String KEY_FIELD = "the SVD names the key field after its register; CMSIS defines no field,"
            + " the model calls it KEY/OPTKEY/PDKEY";
    private static final String IDCODE_WIDTH = "DEV_ID is bits 11:0 (CMSIS DBGMCU_IDCODE_DEV_ID 0x00000FFF, RM0440"
            + " §46.6.1); bits 15:12 are reserved";
    private static final String TRACE = "TRACE_IOEN/TRACE_MODE (trace pin assignment) are not used by Flashbank";
    private static final String FREEZE = "timer/I2C/RTC/CAN freeze bits are not used by Flashbank; only the watchdog"
            + " freeze bits are modelled";
    private static final String STRT = "CMSIS FLASH_CR_STRT and RM0440/RM0351 §3.7.5 call bit 16 STRT";
    private static final String G4_PREFIX = "ST's G474 SVD prefixes every FLASH register name with FLASH_ (CMSIS and"
            + " RM0440 §3.7 name the register without it)";

    static final List<Known> KNOWN = List.of(
            // ---- STM32G474 ----
            new Known(G474, Kind.REGISTER_NAME, "FLASH.ACR", "FLASH_ACR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.PDKEYR", "FLASH_PDKEYR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.KEYR", "FLASH_KEYR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.OPTKEYR", "FLASH_OPTKEYR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.SR", "FLASH_SR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.CR", "FLASH_CR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.ECCR", "FLASH_ECCR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.OPTR", "FLASH_OPTR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.PCROP1SR", "FLASH_PCROP1SR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.PCROP1ER", "FLASH_PCROP1ER", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.WRP1AR", "FLASH_WRP1AR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.WRP1BR", "FLASH_WRP1BR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.PCROP2SR", "FLASH_PCROP2SR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.PCROP2ER", "FLASH_PCROP2ER", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.WRP2AR", "FLASH_WRP2AR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.WRP2BR", "FLASH_WRP2BR", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.SEC1R", "FLASH_SEC1R", G4_PREFIX),
            new Known(G474, Kind.REGISTER_NAME, "FLASH.SEC2R", "FLASH_SEC2R", G4_PREFIX),
            new Known(G474, Kind.FIELD_NAME, "FLASH.PDKEYR.PDKEY", "PDKEYR", KEY_FIELD),
            new Known(G474, Kind.FIELD_NAME, "FLASH.KEYR.KEY", "KEYR", KEY_FIELD),
            new Known(G474, Kind.FIELD_NAME, "FLASH.OPTKEYR.OPTKEY", "OPTKEYR", KEY_FIELD),
            new Known(G474, Kind.FIELD_NAME, "FLASH.SR.MISERR", "MISSERR", "SVD spelling; CMSIS FLASH_SR_MISERR"),
            new Known(G474, Kind.FIELD_NAME, "FLASH.CR.STRT", "START", STRT),
            new Known(G474, Kind.FIELD_NAME, "FLASH.ECCR.ECCIE", "ECCCIE", "CMSIS stm32g474xx.h FLASH_ECCR_ECCIE"),
            new Known(G474, Kind.RESET_VALUE, "FLASH.OPTR", "0x00000000", OPTION_RESET),
            new Known(G474, Kind.FIELD_NAME, "FLASH.OPTR.IWDG_STDBY", "IWGD_STDBY", "SVD typo; CMSIS"
                    + " FLASH_OPTR_IWDG_STDBY"),
            new Known(G474, Kind.RESET_VALUE, "FLASH.PCROP1SR", "0xFFFF0000", OPTION_RESET),
            new Known(G474, Kind.RESET_VALUE, "FLASH.PCROP2SR", "0xFFFF0000", OPTION_RESET),
            new Known(G474, Kind.RESET_VALUE, "FLASH.WRP1AR", "0x00000000", OPTION_RESET),
            new Known(G474, Kind.RESET_VALUE, "FLASH.WRP1BR", "0x00000000", OPTION_RESET),
            new Known(G474, Kind.RESET_VALUE, "FLASH.WRP2AR", "0x00000000", OPTION_RESET),
            new Known(G474, Kind.RESET_VALUE, "FLASH.WRP2BR", "0x00000000", OPTION_RESET),
            new Known(G474, Kind.RESET_VALUE, "FLASH.SEC1R", "0xFFF0FF00", OPTION_RESET),
            new Known(G474, Kind.RESET_VALUE, "FLASH.SEC2R", "0xFFFFFF00", OPTION_RESET),
            new Known(G474, Kind.FIELD_NAME, "SYSCFG.MEMRMP.FB_MODE", "FB_mode", "SVD spelling; CMSIS"
                    + " SYSCFG_MEMRMP_FB_MODE"),
            new Known(G474, Kind.FIELD_BITS, "DBGMCU.IDCODE.DEV_ID", "0:16", IDCODE_WIDTH),
            new Known(G474, Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.CR", "TRACE_IOEN,TRACE_MODE", TRACE),
            new Known(G474, Kind.REGISTER_NAME, "DBGMCU.APB1FZR1", "APB1L_FZ", "CMSIS DBGMCU_TypeDef names it"
                    + " APB1FZR1 (RM0440 §46.6.3 DBGMCU_APB1FZR1)"),
            new Known(G474, Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.APB1FZR1", "DBG_I2C1_STOP,DBG_I2C2_STOP,"
                    + "DBG_I2C3_STOP,DBG_LPTIMER_STOP,DBG_RTC_STOP,DBG_TIM3_STOP,DBG_TIM4_STOP,DBG_TIM5_STOP,"
                    + "DBG_TIM7_STOP,DBG_TIMER2_STOP,DBG_TIMER6_STOP", FREEZE),
            // ---- STM32L476 ----
            new Known(L476, Kind.FIELD_NAME, "FLASH.PDKEYR.PDKEY", "PDKEYR", KEY_FIELD),
            new Known(L476, Kind.FIELD_NAME, "FLASH.KEYR.KEY", "KEYR", KEY_FIELD),
            new Known(L476, Kind.FIELD_NAME, "FLASH.OPTKEYR.OPTKEY", "OPTKEYR", KEY_FIELD),
            new Known(L476, Kind.FIELD_NAME, "FLASH.CR.STRT", "START", STRT),
            new Known(L476, Kind.RESET_VALUE, "FLASH.OPTR", "0xF0000000", OPTION_RESET),
            new Known(L476, Kind.FIELD_NAME, "FLASH.OPTR.IWDG_SW", "IDWG_SW", "SVD typo; CMSIS FLASH_OPTR_IWDG_SW"),
            new Known(L476, Kind.UNMODELLED_SVD_FIELDS, "FLASH.OPTR", "nBOOT0,nSWBOOT0", "the L476 SVD lists"
                    + " nSWBOOT0/nBOOT0 (bits 26/27), which stm32l476xx.h does not define and the HAL offers only from"
                    + " L496 on: no software BOOT0 on L47x/L48x"),
            new Known(L476, Kind.RESET_VALUE, "FLASH.PCROP1SR", "0xFFFF0000", OPTION_RESET),
            new Known(L476, Kind.RESET_VALUE, "FLASH.PCROP1ER", "0x0FFF0000", OPTION_RESET),
            new Known(L476, Kind.RESET_VALUE, "FLASH.WRP1AR", "0xFF00FF00", OPTION_RESET),
            new Known(L476, Kind.RESET_VALUE, "FLASH.WRP1BR", "0xFF00FF00", OPTION_RESET),
            new Known(L476, Kind.RESET_VALUE, "FLASH.PCROP2SR", "0xFFFF0000", OPTION_RESET),
            new Known(L476, Kind.RESET_VALUE, "FLASH.PCROP2ER", "0xFFFF0000", OPTION_RESET),
            new Known(L476, Kind.RESET_VALUE, "FLASH.WRP2AR", "0xFF00FF00", OPTION_RESET),
            new Known(L476, Kind.RESET_VALUE, "FLASH.WRP2BR", "0xFF00FF00", OPTION_RESET),
            new Known(L476, Kind.UNMODELLED_SVD_FIELDS, "SYSCFG.MEMRMP", "QFS", "QUADSPI memory-mapping swap; not"
                    + " used by Flashbank"),
            new Known(L476, Kind.FIELD_BITS, "DBGMCU.IDCODE.DEV_ID", "0:16", IDCODE_WIDTH),
            new Known(L476, Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.CR", "TRACE_IOEN,TRACE_MODE", TRACE),
            new Known(L476, Kind.REGISTER_NAME, "DBGMCU.APB1FZR1", "APB1_FZR1", "CMSIS DBGMCU_TypeDef names it"
                    + " APB1FZR1"),
            new Known(L476, Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.APB1FZR1", "DBG_CAN_STOP,DBG_I2C1_STOP,"
                    + "DBG_I2C2_STOP,DBG_I2C3_STOP,DBG_LPTIMER_STOP,DBG_RTC_STOP,DBG_TIM3_STOP,DBG_TIM4_STOP,"
                    + "DBG_TIM5_STOP,DBG_TIM7_STOP,DBG_TIMER2_STOP,DBG_TIMER6_STOP", FREEZE),
            // ---- STM32G0B1 ----
            new Known(G0B1, Kind.FIELD_NAME, "FLASH.ACR.PROGEMPTY", "EMPTY", "CMSIS stm32g0b1xx.h"
                    + " FLASH_ACR_PROGEMPTY"),
            new Known(G0B1, Kind.FIELD_NAME, "FLASH.KEYR.KEY", "KEYR", KEY_FIELD),
            new Known(G0B1, Kind.FIELD_NAME, "FLASH.OPTKEYR.OPTKEY", "OPTKEYR", KEY_FIELD),
            new Known(G0B1, Kind.FIELD_NAME, "FLASH.SR.BSY1", "BSY", "the dual-bank G0B1 has a busy flag per bank:"
                    + " CMSIS FLASH_SR_BSY1 (bit 16) and FLASH_SR_BSY2"),
            new Known(G0B1, Kind.MISSING_FIELD, "FLASH.SR.BSY2", "-", "the SVD omits bank 2's busy flag (CMSIS"
                    + " FLASH_SR_BSY2, bit 17)"),
            new Known(G0B1, Kind.FIELD_NAME, "FLASH.ECCR.ECCCIE", "ECCIE", "CMSIS stm32g0b1xx.h"
                    + " FLASH_ECCR_ECCCIE"),
            new Known(G0B1, Kind.REGISTER_NAME, "FLASH.ECC2R", "ECCR2", "CMSIS FLASH_TypeDef names bank 2's ECC"
                    + " register ECC2R"),
            new Known(G0B1, Kind.FIELD_NAME, "FLASH.ECC2R.ECCCIE", "ECCIE", "CMSIS FLASH_ECC2R_ECCCIE"),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.OPTR", "0xF0000000", OPTION_RESET),
            new Known(G0B1, Kind.FIELD_NAME, "FLASH.OPTR.BOR_EN", "BOREN", "CMSIS FLASH_OPTR_BOR_EN"),
            new Known(G0B1, Kind.FIELD_BITS, "FLASH.OPTR.BORR_LEV", "11:2", "the SVD swaps BORR_LEV and BORF_LEV;"
                    + " CMSIS FLASH_OPTR_BORR_LEV is bits 10:9 and the HAL builds OB_BOR_LEVEL_FALLING_x from bits 12:11"),
            new Known(G0B1, Kind.FIELD_BITS, "FLASH.OPTR.BORF_LEV", "9:2", "the SVD swaps BORR_LEV and BORF_LEV;"
                    + " CMSIS FLASH_OPTR_BORF_LEV is bits 12:11"),
            new Known(G0B1, Kind.FIELD_NAME, "FLASH.OPTR.nRST_SHDW", "nRSTS_HDW", "SVD typo; CMSIS"
                    + " FLASH_OPTR_nRST_SHDW"),
            new Known(G0B1, Kind.FIELD_NAME, "FLASH.OPTR.IWDG_SW", "IDWG_SW", "SVD typo; CMSIS FLASH_OPTR_IWDG_SW"),
            new Known(G0B1, Kind.MISSING_FIELD, "FLASH.OPTR.nSWAP_BANK", "-", "the SVD omits the bank-swap option"
                    + " (CMSIS FLASH_OPTR_nSWAP_BANK, bit 20; RM0444 §3.7.8)"),
            new Known(G0B1, Kind.MISSING_FIELD, "FLASH.OPTR.DUAL_BANK", "-", "the SVD omits the bank-mode option"
                    + " (CMSIS FLASH_OPTR_DUAL_BANK, bit 21)"),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.PCROP1ASR", "0xF0000000", OPTION_RESET),
            new Known(G0B1, Kind.FIELD_BITS, "FLASH.PCROP1ASR.PCROP1A_STRT", "0:8", "too narrow in the SVD: CMSIS"
                    + " FLASH_PCROP1ASR_PCROP1A_STRT is 9 bits (0x1FF; 256 KiB per bank / 512 bytes)"),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.PCROP1AER", "0xF0000000", OPTION_RESET),
            new Known(G0B1, Kind.FIELD_BITS, "FLASH.PCROP1AER.PCROP1A_END", "0:8", "too narrow in the SVD: CMSIS"
                    + " FLASH_PCROP1AER_PCROP1A_END is 9 bits"),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.PCROP1BSR", "0xF0000000", OPTION_RESET),
            new Known(G0B1, Kind.FIELD_BITS, "FLASH.PCROP1BSR.PCROP1B_STRT", "0:8", "too narrow in the SVD: CMSIS"
                    + " FLASH_PCROP1BSR_PCROP1B_STRT is 9 bits"),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.PCROP1BER", "0xF0000000", OPTION_RESET),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.WRP1AR", "0xF0000000", OPTION_RESET),
            new Known(G0B1, Kind.FIELD_BITS, "FLASH.WRP1AR.WRP1A_STRT", "0:6", "too narrow in the SVD: CMSIS"
                    + " FLASH_WRP1AR_WRP1A_STRT is 7 bits (128 pages per bank)"),
            new Known(G0B1, Kind.FIELD_BITS, "FLASH.WRP1AR.WRP1A_END", "16:6", "too narrow in the SVD: CMSIS"
                    + " FLASH_WRP1AR_WRP1A_END is 7 bits"),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.WRP1BR", "0xF0000000", OPTION_RESET),
            new Known(G0B1, Kind.FIELD_BITS, "FLASH.WRP1BR.WRP1B_STRT", "0:6", "too narrow in the SVD: CMSIS"
                    + " FLASH_WRP1BR_WRP1B_STRT is 7 bits"),
            new Known(G0B1, Kind.FIELD_BITS, "FLASH.WRP1BR.WRP1B_END", "16:6", "too narrow in the SVD: CMSIS"
                    + " FLASH_WRP1BR_WRP1B_END is 7 bits"),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.PCROP2ASR", "0x00000000", OPTION_RESET),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.PCROP2BSR", "0x00000000", OPTION_RESET),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.WRP2AR", "0x00000000", OPTION_RESET),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.WRP2BR", "0x00000000", OPTION_RESET),
            new Known(G0B1, Kind.RESET_VALUE, "FLASH.SECR", "0xF0000000", OPTION_RESET),
            new Known(G0B1, Kind.UNMODELLED_SVD_FIELDS, "SYSCFG.CFGR1", "BOOSTEN,I2C1_FMP,I2C2_FMP,I2C3_FMP,"
                    + "I2C_PA10_FMP,I2C_PA9_FMP,I2C_PB7_FMP,I2C_PB8_FMP,I2C_PB9_FMP,I2C_PBx_FMP,IR_MOD,IR_POL,"
                    + "PA11_RMP,PA12_RMP,UCPD1_STROBE,UCPD2_STROBE", "SYSCFG_CFGR1 holds pin and I2C settings besides"
                    + " MEM_MODE; only the memory remap is modelled"),
            new Known(G0B1, Kind.REGISTER_NAME, "DBG.CR", "DBG_CR", "CMSIS DBG_TypeDef names it CR"),
            new Known(G0B1, Kind.REGISTER_NAME, "DBG.APBFZ1", "DBG_APB_FZ1", "CMSIS DBG_TypeDef names it APBFZ1"),
            new Known(G0B1, Kind.UNMODELLED_SVD_FIELDS, "DBG.APBFZ1", "DBG_I2C1_SMBUS_TIMEOUT,DBG_LPTIM1_STOP,"
                    + "DBG_LPTIM2_STOP,DBG_RTC_STOP,DBG_TIM2_STOP,DBG_TIM3_STOP,DBG_TIM6_STOP,DBG_TIM7_STOP", FREEZE));

    static PageFlashLine lineOf(String file) {
        return switch (file) {
            case G474 -> PageFlashLine.G47X_G48X;
            case L476 -> PageFlashLine.L47X_L48X;
            case G0B1 -> PageFlashLine.G0BX_G0CX;
            default -> throw new IllegalArgumentException(file);
        };
    }

    static Path table(String file) {
        return TestFiles.svdTables().resolve(file.replace(".svd", ".tsv"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { G474, L476, G0B1 })
    void everyModelledRegisterAndFieldAgreesWithTheSvdOrIsANamedErratum(String file) throws Exception {
        SvdDevice svd = SvdTable.read(Files.readString(table(file)), table(file).toString());
        PageFlashRegisters model = PageFlashRegisters.of(lineOf(file));
        SvdModelComparison.Result result = SvdModelComparison.compare(model.blocks(), svd);
        List<String> findings = result.keys();
        Set<String> known = new LinkedHashSet<>();
        KNOWN.stream().filter(k -> k.file().equals(file)).forEach(k -> known.add(k.key()));
        assertThat(findings.stream().filter(f -> !known.contains(f)).toList())
                .as(file + ": differences between model and SVD that are not a listed erratum").isEmpty();
        assertThat(known.stream().filter(k -> !findings.contains(k)).toList())
                .as(file + ": listed errata that no longer occur (remove them)").isEmpty();
        // every register of the model was found in the SVD
        assertThat(result.comparedRegisters()).isEqualTo(model.blocks().stream().mapToInt(b -> b.registers().size())
                .sum());
        assertThat(result.comparedFields()).isGreaterThanOrEqualTo(80);
    }

    @Test
    void addressesAndSizesAreNeverAnErratumAndEveryErratumSaysWhy() {
        assertThat(KNOWN).noneMatch(k -> k.kind() == Kind.ADDRESS || k.kind() == Kind.SIZE
                || k.kind() == Kind.MISSING_REGISTER || k.kind() == Kind.MISSING_PERIPHERAL);
        assertThat(KNOWN).allSatisfy(k -> assertThat(k.reason()).as(k.key()).hasSizeGreaterThan(20));
        List<String> keys = new ArrayList<>();
        KNOWN.forEach(k -> keys.add(k.file() + " " + k.key()));
        assertThat(keys).doesNotHaveDuplicates();
    }

    /** Each committed table is exactly what SvdTable extracts from ST's file when that file is present. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { G474, L476, G0B1 })
    void committedTableIsTheExtractOfStsSvdFile(String file) throws Exception {
        String committed = Files.readString(table(file));
        assertThat(committed.lines().findFirst().orElse("")).as("table header names its source")
                .matches("# Register facts extracted from " + Pattern.quote(file) + " \\(sha256 [0-9a-f]{64}\\) by .*");
        assertThat(SvdTable.selection(committed, file)).containsExactly("FLASH", "SYSCFG",
                file.equals(G0B1) ? "DBG" : "DBGMCU");
        Optional<Path> svdFile = TestFiles.sharedSvd(file);
        if (svdFile.isEmpty()) {
            System.out.println(file + ": ../shared/svd absent - table checked against the model only");
            return;
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(svdFile.get())));
        String fresh = SvdTable.write(SvdReader.read(svdFile.get()), SvdTable.selection(committed, file),
                file + " (sha256 " + sha + ")");
        assertThat(committed).as(table(file) + " differs from a fresh extraction of " + svdFile.get()
                + " (regenerate it with SvdTable.write)").isEqualTo(fresh);
    }
}
