package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code erase --sectors} on a part that numbers its sectors across both banks (dual-bank STM32F767ZI: 0-11 in
 * physical bank 1, 12-23 in physical bank 2, RM0410 §3.3.1): a number alone, a run, the bank-qualified form with the
 * same numbers, and the refusals naming the numbers each bank has. The per-bank numbering (H7) is in
 * {@link H7CliTest}.
 * <p>
 * The erase commands run as separate processes, as a user runs them; setting the board up and checking it afterwards
 * ({@code verify}) run in this JVM ({@link InProcessCli}).
 */
class CliEraseSectorsTest {

    @TempDir
    Path tmp;

    CliProcess cli;
    InProcessCli.Home home;
    Path images;
    String target;

    @BeforeEach
    void setUp() throws Exception {
        cli = CliProcess.in(tmp);
        home = new InProcessCli.Home(tmp.resolve("home"));
        images = CliProcess.sampleImages();
        Path f = tmp.resolve("f767.fbboard");
        InProcessCli.ok("board", "create", "--part", "STM32F767ZI", "--dual-bank", "--file", f.toString());
        target = "sim:STM32F767ZI@" + f;
        for (String image : new String[] { "app-bank1.hex", "app-bank2.hex" }) {
            InProcessCli.ok("program", "--target", target, images.resolve(image).toString());
        }
    }

    @AfterEach
    void restoreHome() {
        home.restore();
    }

    int verify(String image) throws Exception {
        return InProcessCli.run("verify", "--target", target, images.resolve(image).toString()).rc();
    }

    @Test
    void sectorNumbersRunAcrossBothBanksAloneOrQualifiedByTheirBank() throws Exception {
        var alone = cli.run("erase", "--target", target, "--sectors", "12");
        assertThat(alone.exitCode()).as(alone.err()).isZero();
        assertThat(alone.out()).contains("sector 12").contains("0x08100000");
        assertThat(verify("app-bank2.hex")).as("bank 2's image lost its first sector").isEqualTo(4);
        assertThat(verify("app-bank1.hex")).as("bank 1 untouched").isZero();

        InProcessCli.ok("program", "--target", target, images.resolve("app-bank2.hex").toString());
        var qualified = cli.run("erase", "--target", target, "--sectors", "2:12-13", "--json");
        assertThat(qualified.exitCode()).as(qualified.err()).isZero();
        assertThat(qualified.out()).contains("\"ok\": true").contains("12").contains("13");
        assertThat(verify("app-bank2.hex")).isEqualTo(4);
        assertThat(verify("app-bank1.hex")).isZero();
    }

    @Test
    void numbersTheLayoutDoesNotHaveAreRefusedNamingEachBanksNumbersAndNothingIsErased() throws Exception {
        var wrongBank = cli.run("erase", "--target", target, "--sectors", "2:3");
        assertThat(wrongBank.exitCode()).isEqualTo(3);
        assertThat(wrongBank.err()).contains("physical bank 2 has no sector 3: its sectors are 12-23")
                .contains("Nothing was written");
        var none = cli.run("erase", "--target", target, "--sectors", "4,24");
        assertThat(none.exitCode()).isEqualTo(3);
        assertThat(none.err()).contains("there is no sector 24 in the dual-bank layout (sectors 0-11 in bank 1, "
                + "12-23 in bank 2)");
        var syntax = cli.run("erase", "--target", target, "--sectors", "twelve");
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(syntax.err()).contains("'twelve' is not a sector").contains("BANK:N-M");
        assertThat(verify("app-bank1.hex")).as("sector 4 of the refused request is not erased").isZero();
        assertThat(verify("app-bank2.hex")).isZero();
    }
}
