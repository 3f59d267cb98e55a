package dev.flashbank.family.pageflash.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flashbank.core.svd.SvdDevice;
import dev.flashbank.core.svd.SvdModelComparison;
import dev.flashbank.core.svd.SvdReader;
import dev.flashbank.core.svd.SvdTable;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashSystemRegisters;

/**
 * The registers the simulated page-flash boards run firmware with ({@link PageFlashSystemRegisters}: RCC, PWR and the
 * NUCLEO's console U(S)ART) agree with ST's SVDs of the three simulated lines, read from the committed tables
 * svd/STM32G474-system.tsv, STM32L476-system.tsv and STM32G0B1-system.tsv: every modelled register and field at the
 * SVD's address, offset, bits, name and reset value - except the SVD errata in {@link #KNOWN}, each with its reason,
 * and the SVD fields the model leaves out (it names only those the board gives behaviour). A listed erratum that no
 * longer occurs fails too. Where ../shared/svd is present each table must equal a fresh extraction of ST's file.
 */
class PageFlashSystemRegistersSvdTest {

    private static final String G4_PREFIX = "ST's G474 SVD prefixes RCC and PWR register names with the peripheral"
            + " (CMSIS and RM0440 §6/§7 name them CR, CFGR, PLLCFGR, CR1, SR2, CR5)";
    private static final String G0_FIFO = "the G0B1 SVD gives two views of CR1/ISR (FIFO enabled / disabled) at one"
            + " offset; the model is the view after reset (FIFOEN = 0), named as CMSIS names the registers and bit 7";

    /** Accepted differences per SVD file: comparison key -> reason. */
    static final Map<String, Map<String, String>> KNOWN = Map.of(
            "STM32G474.svd", Map.of(
                    "REGISTER_NAME RCC.CR RCC_CR", G4_PREFIX,
                    "REGISTER_NAME RCC.CFGR RCC_CFGR", G4_PREFIX,
                    "REGISTER_NAME RCC.PLLCFGR RCC_PLLCFGR", G4_PREFIX,
                    "REGISTER_NAME PWR.CR1 PWR_CR1", G4_PREFIX,
                    "REGISTER_NAME PWR.SR2 PWR_SR2", G4_PREFIX,
                    "REGISTER_NAME PWR.CR5 PWR_CR5", G4_PREFIX,
                    "RESET_VALUE RCC.CR 0x00000063", "the SVD copies the L4's RCC_CR reset value (MSI bits the G4"
                            + " does not have); RM0440 §7.4.1 gives 0x0000_0500: HSI16 on and ready"),
            "STM32L476.svd", Map.of(),
            "STM32G0B1.svd", Map.of(
                    "FIELD_BITS RCC.PLLCFGR.PLLN 8:8", "RM0444 §5.4.4 and CMSIS RCC_PLLCFGR_PLLN (0x7F << 8): PLLN is"
                            + " bits 14:8",
                    "REGISTER_NAME USART2.CR1 CR1_FIFO_ENABLED", G0_FIFO,
                    "REGISTER_NAME USART2.ISR ISR_FIFO_ENABLED", G0_FIFO,
                    "RESET_VALUE USART2.ISR 0x008000C0", G0_FIFO,
                    "FIELD_NAME USART2.ISR.TXE TXFNF", G0_FIFO));

    static Path table(String svd) {
        return TestFiles.svdTables().resolve(svd.replace(".svd", "-system.tsv"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "STM32G474.svd, G47X_G48X, LPUART1", "STM32L476.svd, L47X_L48X, USART2",
            "STM32G0B1.svd, G0BX_G0CX, USART2" })
    void everyModelledRegisterAndFieldAgreesWithTheSvdButItsErrata(String file, PageFlashLine line, String usart)
            throws Exception {
        PageFlashSystemRegisters model = PageFlashSystemRegisters.of(line);
        assertThat(model.consoleUsart().name()).isEqualTo(usart);
        SvdDevice svd = SvdTable.read(Files.readString(table(file)), table(file).toString());
        var blocks = List.of(model.rcc(), model.pwr(), model.consoleUsart());
        SvdModelComparison.Result result = SvdModelComparison.compare(blocks, svd);
        List<String> differences = result.keys().stream()
                .filter(k -> !k.startsWith(SvdModelComparison.Kind.UNMODELLED_SVD_FIELDS.name())).toList();
        assertThat(differences).as("differences between the model and the SVD")
                .containsExactlyInAnyOrderElementsOf(KNOWN.get(file).keySet());
        assertThat(result.comparedRegisters()).isEqualTo(blocks.stream().mapToInt(b -> b.registers().size()).sum());
        assertThat(result.comparedFields()).isGreaterThanOrEqualTo(25);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "STM32G474.svd, LPUART1", "STM32L476.svd, USART2", "STM32G0B1.svd, USART2" })
    void committedTableIsTheExtractOfStsSvdFile(String file, String usart) throws Exception {
        List<String> selection = List.of("RCC", "PWR", usart);
        String committed = Files.readString(table(file));
        assertThat(SvdTable.selection(committed, file)).containsExactlyElementsOf(selection);
        Optional<Path> svdFile = TestFiles.sharedSvd(file);
        if (svdFile.isEmpty()) {
            System.out.println(file + ": ../shared/svd absent - table checked against the model only");
            return;
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(svdFile.get())));
        String fresh = SvdTable.write(SvdReader.read(svdFile.get()), selection, file + " (sha256 " + sha + ")");
        assertThat(committed).as(table(file) + " differs from a fresh extraction of " + svdFile.get()).isEqualTo(fresh);
    }
}
