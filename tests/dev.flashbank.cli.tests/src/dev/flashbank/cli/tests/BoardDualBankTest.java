package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code board create --dual-bank} on any installed family: the part's line decides (its factory options with the
 * dual bank mode asked through the family-neutral OptionImage), a part that always has two banks is created as it is,
 * a single-bank line is refused naming the part and the lines that have a dual-bank mode.
 */
class BoardDualBankTest {

    @TempDir
    Path tmp;

    @Test
    void aDualBankCapableLineStartsInDualBankMode() throws Exception {
        CliProcess cli = CliProcess.in(tmp);
        Path single = tmp.resolve("single.fbboard");
        Path dual = tmp.resolve("dual.fbboard");
        assertThat(cli.run("board", "create", "--part", "STM32F767ZI", "--file", single.toString()).exitCode()).isZero();
        var r = cli.run("board", "create", "--part", "STM32F767ZI", "--dual-bank", "--file", dual.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(bankMode(cli, single)).isEqualTo("SINGLE");
        assertThat(bankMode(cli, dual)).isEqualTo("DUAL");
    }

    @Test
    void aPartThatAlwaysHasTwoBanksIsAcceptedAsItIs() throws Exception {
        CliProcess cli = CliProcess.in(tmp);
        Path h743 = tmp.resolve("h743.fbboard");
        var r = cli.run("board", "create", "--part", "STM32H743ZI", "--dual-bank", "--file", h743.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Created a simulated STM32H743ZI");
        assertThat(bankMode(cli, h743)).isEqualTo("DUAL");
    }

    @Test
    void aSingleBankLineIsRefusedNamingThePartAndTheLinesThatCan() throws Exception {
        CliProcess cli = CliProcess.in(tmp);
        Path f722 = tmp.resolve("f722.fbboard");
        var r = cli.run("board", "create", "--part", "STM32F722ZE", "--dual-bank", "--file", f722.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("STM32F722ZE has no dual-bank mode").contains("STM32F76x/F77x");
        assertThat(f722).doesNotExist();
    }

    private String bankMode(CliProcess cli, Path board) throws Exception {
        var info = cli.run("info", "--json", "--target", "sim:@" + board);
        assertThat(info.exitCode()).as(info.err()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) JsonParser.parse(info.out());
        return (String) o.get("bankMode");
    }
}
