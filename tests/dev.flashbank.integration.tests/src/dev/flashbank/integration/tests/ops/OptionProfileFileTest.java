package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileException;
import dev.flashbank.core.ops.OptionProfileFile;

class OptionProfileFileTest {

    @TempDir
    Path dir;

    private static OptionProfile f767() {
        OptionBytes o = OptionBytes.factory(Stm32F7Line.F76X_F77X).withBankMode(BankMode.DUAL)
                .withWriteProtection(4, true).withBorLevel(BorLevel.LEVEL_1);
        return new OptionProfile("STM32F767ZI", 2048, o, Instant.parse("2026-11-22T08:40:00Z"), "test\nprofile");
    }

    @Test
    void roundTripsAndIsReadableByPeople() throws Exception {
        Path f = dir.resolve("p.fbopt");
        OptionProfileFile.write(f, f767());
        String text = Files.readString(f);
        assertThat(text).contains("part: STM32F767ZI").contains("OPTCR: 0x").contains("OPTCR1: 0x00400080")
                .doesNotContain("OPTCR2").contains("BOR level 1").contains("0 = sectors 4 and 5 write-protected")
                .contains("note: test profile");
        OptionProfile back = OptionProfileFile.read(f, InstalledFamilies.families());
        assertThat(back).isEqualTo(f767());
    }

    @Test
    void f72xProfilesCarryOptcr2() throws Exception {
        OptionBytes o = OptionBytes.factory(Stm32F7Line.F72X_F73X).withPcropProtection(2, true);
        OptionProfile p = new OptionProfile("STM32F722ZE", 512, o, Instant.EPOCH, "");
        Path f = dir.resolve("f722.fbopt");
        OptionProfileFile.write(f, p);
        assertThat(Files.readString(f)).contains("OPTCR2: 0x");
        assertThat(((OptionBytes) OptionProfileFile.read(f, InstalledFamilies.families()).options()).isPcropProtected(2)).isTrue();
    }

    @Test
    void replacesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
        Path f = dir.resolve("p.fbopt");
        Files.writeString(f, "old");
        OptionProfileFile.write(f, f767());
        assertThat(OptionProfileFile.read(f, InstalledFamilies.families())).isEqualTo(f767());
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(f);
        }
    }

    private void refused(String text, int line, String message) throws Exception {
        Path f = dir.resolve("bad.fbopt");
        Files.writeString(f, text);
        assertThatThrownBy(() -> OptionProfileFile.read(f, InstalledFamilies.families())).isInstanceOf(OptionProfileException.class)
                .hasMessageContaining(message).satisfies(e -> assertThat(((OptionProfileException) e).line()).isEqualTo(line));
    }

    private static String good() {
        return OptionProfileFile.render(f767());
    }

    private static int lineOf(String text, String prefix) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError(prefix);
    }

    @Test
    void refusesBrokenFilesWithTheLineAndTheReason() throws Exception {
        String g = good();
        refused(g.replaceFirst("OPTCR1: .*\n", ""), 0, "missing \"OPTCR1:\"");
        refused(g.replaceFirst("OPTCR: 0x[0-9A-F]+", "OPTCR: 0xZZ"), lineOf(g, "OPTCR:"), "hex word");
        refused(g.replace("flash-kib: 2048", "flash-kib: 4096"), lineOf(g, "flash-kib"), "no 4096 KiB variant");
        refused(g.replace("line: F76X_F77X", "line: F99"), lineOf(g, "line:"), "unknown STM32F7 line");
        refused(g.replace("format: flashbank-option-bytes 1", "format: flashbank-option-bytes 7"), lineOf(g, "format"),
                "unsupported format");
        refused(g + "OPTCR2: 0x00000000\n", (int) g.lines().count() + 1, "has no OPTCR2");
        refused(g + "colour: blue\n", (int) g.lines().count() + 1, "unknown key");
        refused(g + "part: STM32F765ZI\n", (int) g.lines().count() + 1, "appears twice");
        refused(g.replaceFirst("OPTCR1: 0x00400080", "OPTCR1: 0x00400080 0x1"), lineOf(g, "OPTCR1"), "hex word");
        refused("", 0, "missing \"format:\"");
        refused("this is not a profile\n", 1, "expected \"key: value\"");
    }

    @Test
    void toleratesOptlockInARegisterDumpButRefusesBitsTheLineDoesNotHave() throws Exception {
        Path f = dir.resolve("d.fbopt");
        OptionProfile p = f767();
        String withLock = OptionProfileFile.render(p).replaceFirst("(?m)^OPTCR: 0x([0-9A-F]{8})$",
                String.format("OPTCR: 0x%08X", ((OptionBytes) p.options()).optcr() | 1));
        Files.writeString(f, withLock);
        assertThat(OptionProfileFile.read(f, InstalledFamilies.families()).options()).isEqualTo(p.options());
        // F74x has 8 nWRP bits and no nDBOOT/nDBANK: OPTCR bit 28 does not exist there
        OptionProfile f746 = new OptionProfile("STM32F746ZG", 1024, OptionBytes.factory(Stm32F7Line.F74X_F75X),
                Instant.EPOCH, "");
        String extra = OptionProfileFile.render(f746).replaceFirst("(?m)^OPTCR: 0x([0-9A-F]{8})$",
                String.format("OPTCR: 0x%08X", ((OptionBytes) f746.options()).optcr() | (1 << 28)));
        Files.writeString(f, extra);
        assertThatThrownBy(() -> OptionProfileFile.read(f, InstalledFamilies.families())).isInstanceOf(OptionProfileException.class)
                .hasMessageContaining("0x10000000").hasMessageContaining("not option bits");
    }
}
