package dev.flashbank.family.stm32h7.tests;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.svd.SvdDevice;
import dev.flashbank.core.svd.SvdModelComparison;
import dev.flashbank.core.svd.SvdModelComparison.FieldNameRule;
import dev.flashbank.core.svd.SvdModelComparison.Kind;
import dev.flashbank.core.svd.SvdReader;
import dev.flashbank.core.svd.SvdTable;
import dev.flashbank.family.stm32h7.Stm32H7Line;
import dev.flashbank.family.stm32h7.Stm32H7Registers;

/**
 * The H7 register model (every FLASH, SYSCFG and DBGMCU register and field of H74x/H75x) agrees with ST's STM32H743
 * and STM32H753 SVDs, read from the committed tables svd/STM32H7x3.tsv of this bundle, except for the SVD errata
 * listed in {@link #KNOWN} with their reasons. An unlisted difference fails; so does a listed one that no longer
 * occurs. Where ../shared/svd is present the tables must equal a fresh extraction of ST's files.
 * <p>
 * One naming rule is not an erratum: the RM and the SVD append the bank number to the fields of per-bank registers
 * (CR1.LOCK1, CR2.LOCK2), the model uses the CMSIS names without it so one field list serves both banks
 * ({@link #BANK_SUFFIX}).
 */
class Stm32H7SvdConsistencyTest {

    /** One accepted difference: file, kind, model location, exact SVD value, reason. */
    record Known(String file, Kind kind, String where, String svdValue, String reason) {
        String key() {
            return kind + " " + where + " " + svdValue;
        }
    }

    private static final String H743 = "STM32H743.svd", H753 = "STM32H753.svd";

    private static final String OPTION_RESET = "the SVD gives 0 for every option register; the real value is the "
            + "option bytes loaded at reset, which the model sets to the factory value (RM0433 §4.4, parameters "
            + "factoryOptsr/factoryPrar/factoryScar/factoryBoot)";
    private static final String WPSN_RESET = "the SVD gives 0 (every sector protected); factory WPSN is 0xFF, no "
            + "sector protected (RM0433 §4.4.5)";
    private static final String DBG_NAMES = "ST's H7 SVD uses the RM0433 §60.5.8 spelling of the DBGMCU_CR bits; the "
            + "model uses the CMSIS names (DBGMCU_CR_DBG_SLEEPD1 ...)";
    private static final String FREEZE_BITS = "timer/I2C/LPTIM/RTC freeze bits are not used by Flashbank; only the "
            + "watchdog freeze bits are modelled";
    private static final String ALL_BANK = "CRCCRx.ALL_BANK is bit 22 (CMSIS FLASH_CRCCR_ALL_BANK, RM0433 §4.9.26); "
            + "ST's SVD puts it at bit 7";

    /** Differences common to both files (listed once, applied to each). */
    private static final List<Known> COMMON = List.of(
            new Known("*", Kind.PERIPHERAL_NAME, "FLASH", "Flash", "ST's H7 SVDs name the flash interface \"Flash\""),
            new Known("*", Kind.FIELD_NAME, "FLASH.KEYR1.KEY", "KEY1R", "the SVD names the key field after its register"),
            new Known("*", Kind.FIELD_NAME, "FLASH.KEYR2.KEY", "KEYR2", "the SVD names the key field after its register"),
            new Known("*", Kind.FIELD_NAME, "FLASH.OPTKEYR.OPTKEY", "OPTKEYR", "the SVD names the key field after its "
                    + "register (CMSIS FLASH_OPTKEYR_OPTKEY)"),
            new Known("*", Kind.RESET_VALUE, "FLASH.CR1", "0x00000000", "the SVD gives 0x31 for CR2 and 0 for CR1; both "
                    + "banks reset alike (LOCK = 1, PSIZE = x64): parameter crResetValue"),
            new Known("*", Kind.FIELD_NAME, "FLASH.CR1.SNECCERRIE", "SNECCERR1", "SVD typo: bit 25 of CR1 is the "
                    + "interrupt enable SNECCERRIE1 (its CR2 twin is named SNECCERRIE2)"),
            new Known("*", Kind.RESET_VALUE, "FLASH.OPTCR", "0x00000000", "OPTLOCK is set at reset (an OPTKEYR "
                    + "sequence is needed before any option change, RM0433 §4.4.3): parameter optcrResetValue"),
            new Known("*", Kind.RESET_VALUE, "FLASH.OPTSR_CUR", "0x00000000", OPTION_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.OPTSR_PRG", "0x00000000", OPTION_RESET),
            new Known("*", Kind.FIELD_NAME, "FLASH.OPTSR_CUR.FZ_IWDG_STOP", "IWDG_FZ_STOP", "CMSIS and the SVD's own "
                    + "OPTSR_PRG_ alias at 0x120 say FZ_IWDG_STOP"),
            new Known("*", Kind.FIELD_NAME, "FLASH.OPTSR_CUR.FZ_IWDG_SDBY", "IWDG_FZ_SDBY", "CMSIS and the SVD's own "
                    + "OPTSR_PRG_ alias at 0x120 say FZ_IWDG_SDBY"),
            new Known("*", Kind.FIELD_NAME, "FLASH.OPTSR_PRG.FZ_IWDG_STOP", "IWDG_FZ_STOP", "CMSIS and the SVD's own "
                    + "OPTSR_PRG_ alias at 0x120 say FZ_IWDG_STOP"),
            new Known("*", Kind.FIELD_NAME, "FLASH.OPTSR_PRG.FZ_IWDG_SDBY", "IWDG_FZ_SDBY", "CMSIS and the SVD's own "
                    + "OPTSR_PRG_ alias at 0x120 say FZ_IWDG_SDBY"),
            new Known("*", Kind.RESET_VALUE, "FLASH.PRAR_CUR1", "0x00000000", OPTION_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.PRAR_PRG1", "0x00000000", OPTION_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.SCAR_CUR1", "0x00000000", OPTION_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.SCAR_PRG1", "0x00000000", OPTION_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.PRAR_CUR2", "0x00000000", OPTION_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.PRAR_PRG2", "0x00000000", OPTION_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.SCAR_CUR2", "0x00000000", OPTION_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.SCAR_PRG2", "0x00000000", OPTION_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.BOOT_CURR", "0x00000000", OPTION_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.BOOT_PRGR", "0x00000000", OPTION_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.WPSN_CUR1R", "0x00000000", WPSN_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.WPSN_PRG1R", "0x00000000", WPSN_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.WPSN_CUR2R", "0x00000000", WPSN_RESET),
            new Known("*", Kind.RESET_VALUE, "FLASH.WPSN_PRG2R", "0x00000000", WPSN_RESET),
            new Known("*", Kind.FIELD_NAME, "FLASH.WPSN_CUR1R.WRPSN", "WRPSn1", "RM spelling WRPSn with a lower-case n;"
                    + " the model keeps field names upper case (CMSIS FLASH_WPSN_WRPSN)"),
            new Known("*", Kind.FIELD_NAME, "FLASH.WPSN_PRG1R.WRPSN", "WRPSn1", "RM spelling WRPSn with a lower-case n;"
                    + " the model keeps field names upper case (CMSIS FLASH_WPSN_WRPSN)"),
            new Known("*", Kind.FIELD_NAME, "FLASH.WPSN_CUR2R.WRPSN", "WRPSn2", "RM spelling WRPSn with a lower-case n;"
                    + " the model keeps field names upper case (CMSIS FLASH_WPSN_WRPSN)"),
            new Known("*", Kind.FIELD_NAME, "FLASH.WPSN_PRG2R.WRPSN", "WRPSn2", "RM spelling WRPSn with a lower-case n;"
                    + " the model keeps field names upper case (CMSIS FLASH_WPSN_WRPSN)"),
            new Known("*", Kind.FIELD_BITS, "FLASH.CRCCR1.ALL_BANK", "7:1", ALL_BANK),
            new Known("*", Kind.FIELD_BITS, "FLASH.CRCCR2.ALL_BANK", "7:1", ALL_BANK),
            new Known("*", Kind.UNMODELLED_SVD_FIELDS, "FLASH.CR2", "SPSS2", "a \"special sector selection\" bit 14 in "
                    + "CR2 only, absent from CMSIS and from CR1; not modelled"),
            new Known("*", Kind.MISSING_FIELD, "FLASH.SR2.CRCRDERR", "-", "the SVD omits SR2 bit 28 (it lists "
                    + "CRCRDERR1 in SR1; CMSIS FLASH_SR_CRCRDERR serves both banks)"),
            new Known("*", Kind.MISSING_FIELD, "FLASH.CCR2.CLR_CRCRDERR", "-", "the SVD omits CCR2 bit 28 (it lists "
                    + "CLR_CRCRDERR1 in CCR1; CMSIS FLASH_CCR_CLR_CRCRDERR serves both banks)"),
            new Known("*", Kind.FIELD_NAME, "FLASH.CCR2.CLR_RDSERR", "CLR_RDSERR1", "SVD typo: the bank-1 name in CCR2"),
            new Known("*", Kind.FIELD_NAME, "FLASH.CCR2.CLR_DBECCERR", "CLR_DBECCERR1", "SVD typo: the bank-1 name in "
                    + "CCR2"),
            new Known("*", Kind.REGISTER_NAME, "DBGMCU.IDCODE", "IDC", "the SVD abbreviates DBGMCU_IDCODE (CMSIS IDCODE)"),
            new Known("*", Kind.RESET_VALUE, "DBGMCU.IDCODE", "0x10006450", "IDCODE is device-specific (REV_ID and "
                    + "DEV_ID of the part); the model has no fixed reset value"),
            new Known("*", Kind.FIELD_NAME, "DBGMCU.CR.DBG_SLEEPD1", "DBGSLEEP_D1", DBG_NAMES),
            new Known("*", Kind.FIELD_NAME, "DBGMCU.CR.DBG_STOPD1", "DBGSTOP_D1", DBG_NAMES),
            new Known("*", Kind.FIELD_NAME, "DBGMCU.CR.DBG_STANDBYD1", "DBGSTBY_D1", DBG_NAMES),
            new Known("*", Kind.FIELD_NAME, "DBGMCU.CR.DBG_SLEEPD2", "DBGSLEEP_D2", DBG_NAMES),
            new Known("*", Kind.FIELD_NAME, "DBGMCU.CR.DBG_STOPD2", "DBGSTOP_D2", DBG_NAMES),
            new Known("*", Kind.FIELD_NAME, "DBGMCU.CR.DBG_STANDBYD2", "DBGSTBY_D2", DBG_NAMES),
            new Known("*", Kind.FIELD_NAME, "DBGMCU.CR.DBG_TRACECKEN", "TRACECLKEN", DBG_NAMES),
            new Known("*", Kind.FIELD_NAME, "DBGMCU.CR.DBG_CKD1EN", "D1DBGCKEN", DBG_NAMES),
            new Known("*", Kind.FIELD_NAME, "DBGMCU.CR.DBG_CKD3EN", "D3DBGCKEN", DBG_NAMES),
            new Known("*", Kind.FIELD_NAME, "DBGMCU.CR.DBG_TRGOEN", "TRGOEN", DBG_NAMES),
            new Known("*", Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.CR", "DBGSTBY_D3,DBGSTOP_D3", "D3 Stop/Standby debug "
                    + "bits are not set by any tool Flashbank follows; not modelled"),
            new Known("*", Kind.FIELD_NAME, "DBGMCU.APB3FZ1.DBG_WWDG1", "WWDG1", "CMSIS DBGMCU_APB3FZ1_DBG_WWDG1; the "
                    + "SVD drops the DBG_ prefix"),
            new Known("*", Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.APB1LFZ1", "DBG_I2C1,DBG_I2C2,DBG_I2C3,DBG_LPTIM1,"
                    + "DBG_TIM12,DBG_TIM13,DBG_TIM14,DBG_TIM2,DBG_TIM3,DBG_TIM4,DBG_TIM5,DBG_TIM6,DBG_TIM7", FREEZE_BITS),
            new Known("*", Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.APB2FZ1", "DBG_HRTIM,DBG_TIM1,DBG_TIM15,DBG_TIM16,"
                    + "DBG_TIM17,DBG_TIM8", FREEZE_BITS),
            new Known("*", Kind.UNMODELLED_SVD_FIELDS, "DBGMCU.APB4FZ1", "DBG_I2C4,DBG_LPTIM2,DBG_LPTIM3,DBG_LPTIM4,"
                    + "DBG_LPTIM5,DBG_RTC", FREEZE_BITS));

    /** Differences of one file only. */
    private static final List<Known> PER_FILE = List.of(
            new Known(H743, Kind.FIELD_NAME, "DBGMCU.APB4FZ1.DBG_WDGLSD1", "DBG_IWDG1", "the H743 SVD names bit 18 "
                    + "after the watchdog (IWDG1); CMSIS and the H753 SVD say DBG_WDGLSD1"));

    /**
     * The bank-suffix naming rule: in a per-bank register (name ending in 1/2, optionally followed by R), the SVD
     * field NAME+bank is the model field NAME.
     */
    static final FieldNameRule BANK_SUFFIX = (Register r, Field f, String svd) -> {
        if (svd.equals(f.name())) {
            return true;
        }
        Matcher m = Pattern.compile(".*?([12])R?").matcher(r.name());
        return m.matches() && svd.equals(f.name() + m.group(1));
    };

    static List<Known> known(String file) {
        List<Known> l = new ArrayList<>();
        COMMON.forEach(k -> l.add(new Known(file, k.kind(), k.where(), k.svdValue(), k.reason())));
        PER_FILE.stream().filter(k -> k.file().equals(file)).forEach(l::add);
        return l;
    }

    static Path table(String file) {
        return TestFiles.svdTables().resolve(file.replace(".svd", ".tsv"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { H743, H753 })
    void everyModelledRegisterAndFieldAgreesWithTheSvdOrIsANamedErratum(String file) throws Exception {
        SvdDevice svd = SvdTable.read(Files.readString(table(file)), table(file).toString());
        Stm32H7Registers model = Stm32H7Registers.of(Stm32H7Line.H74X_H75X);
        SvdModelComparison.Result result = SvdModelComparison.compare(model.blocks(), svd, BANK_SUFFIX);
        List<String> findings = result.keys();
        Set<String> known = new LinkedHashSet<>();
        known(file).forEach(k -> known.add(k.key()));
        assertThat(findings.stream().filter(f -> !known.contains(f)).toList())
                .as(file + ": differences between model and SVD that are not a listed erratum").isEmpty();
        assertThat(known.stream().filter(k -> !findings.contains(k)).toList())
                .as(file + ": listed errata that no longer occur (remove them)").isEmpty();
        // every register of the model was found in the SVD: FLASH (both banks), SYSCFG UR0/2..17 + PKGR, DBGMCU
        assertThat(result.comparedRegisters()).isEqualTo(model.blocks().stream().mapToInt(b -> b.registers().size())
                .sum());
        assertThat(result.comparedFields()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void addressesAndSizesAreNeverAnErratum() {
        assertThat(COMMON).noneMatch(k -> k.kind() == Kind.ADDRESS || k.kind() == Kind.SIZE
                || k.kind() == Kind.MISSING_REGISTER || k.kind() == Kind.MISSING_PERIPHERAL);
        assertThat(PER_FILE).noneMatch(k -> k.kind() == Kind.ADDRESS || k.kind() == Kind.SIZE);
        assertThat(COMMON).allSatisfy(k -> assertThat(k.reason()).as(k.key()).hasSizeGreaterThan(20));
        assertThat(known(H743).stream().map(Known::key)).doesNotHaveDuplicates();
    }

    /**
     * The bank-suffix rule accepts exactly NAME + the register's bank: CR2.LOCK2 is CR2's LOCK, CR2.LOCK1 is not
     * (that is how the CCR2 typos above are caught).
     */
    @Test
    void bankSuffixRuleOnlyAcceptsTheRegistersOwnBank() {
        Stm32H7Registers regs = Stm32H7Registers.of(Stm32H7Line.H74X_H75X);
        Register cr2 = regs.cr(2);
        Field lock = cr2.field(Stm32H7Registers.LOCK);
        assertThat(BANK_SUFFIX.sameField(cr2, lock, "LOCK2")).isTrue();
        assertThat(BANK_SUFFIX.sameField(cr2, lock, "LOCK1")).isFalse();
        assertThat(BANK_SUFFIX.sameField(regs.wpsnCur(1), regs.wpsnCur(1).field("WRPSN"), "WRPSN1")).isTrue();
        assertThat(BANK_SUFFIX.sameField(regs.optcr(), regs.optcr().field("MER"), "MER1")).isFalse();
    }

    /** Each committed table is exactly what SvdTable extracts from ST's file when that file is present. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { H743, H753 })
    void committedTableIsTheExtractOfStsSvdFile(String file) throws Exception {
        String committed = Files.readString(table(file));
        assertThat(committed.lines().findFirst().orElse("")).as("table header names its source")
                .matches("# Register facts extracted from " + Pattern.quote(file) + " \\(sha256 [0-9a-f]{64}\\) by .*");
        assertThat(SvdTable.selection(committed, file)).containsExactly("Flash", "SYSCFG", "DBGMCU");
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
