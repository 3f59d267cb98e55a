package dev.flashbank.family.stm32h7.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.svd.SvdDevice;
import dev.flashbank.core.svd.SvdModelComparison;
import dev.flashbank.core.svd.SvdReader;
import dev.flashbank.core.svd.SvdTable;
import dev.flashbank.family.stm32h7.Stm32H7SystemRegisters;

/**
 * The registers the simulated H7 board runs firmware with ({@link Stm32H7SystemRegisters}: RCC, PWR, USART3) agree
 * with ST's STM32H743 SVD, read from the committed table svd/STM32H743-system.tsv: every modelled register and field
 * at the SVD's address, offset, bits, name and reset value, with no erratum. The model names only the fields the board
 * gives behaviour, so SVD fields it leaves out are the one accepted difference. Where ../shared/svd is present the
 * table must equal a fresh extraction of ST's file.
 */
class Stm32H7SystemRegistersSvdTest {

    static final String SVD = "STM32H743.svd";
    static final List<String> SELECTION = List.of("RCC", "PWR", "USART3");

    static Path table() {
        return TestFiles.svdTables().resolve("STM32H743-system.tsv");
    }

    @Test
    void everyModelledRegisterAndFieldAgreesWithTheSvd() throws Exception {
        SvdDevice svd = SvdTable.read(Files.readString(table()), table().toString());
        SvdModelComparison.Result result = SvdModelComparison.compare(Stm32H7SystemRegisters.blocks(), svd);
        assertThat(result.keys()).as("differences between the model and the SVD")
                .allMatch(k -> k.startsWith(SvdModelComparison.Kind.UNMODELLED_SVD_FIELDS.name()));
        assertThat(result.comparedRegisters()).isEqualTo(Stm32H7SystemRegisters.blocks().stream()
                .mapToInt(b -> b.registers().size()).sum());
        assertThat(result.comparedFields()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void committedTableIsTheExtractOfStsSvdFile() throws Exception {
        String committed = Files.readString(table());
        assertThat(SvdTable.selection(committed, SVD)).containsExactlyElementsOf(SELECTION);
        Optional<Path> svdFile = TestFiles.sharedSvd(SVD);
        if (svdFile.isEmpty()) {
            System.out.println(SVD + ": ../shared/svd absent - table checked against the model only");
            return;
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(svdFile.get())));
        String fresh = SvdTable.write(SvdReader.read(svdFile.get()), SELECTION, SVD + " (sha256 " + sha + ")");
        assertThat(committed).as(table() + " differs from a fresh extraction of " + svdFile.get()).isEqualTo(fresh);
    }
}
