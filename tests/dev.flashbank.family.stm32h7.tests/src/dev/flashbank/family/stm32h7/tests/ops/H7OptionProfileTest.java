package dev.flashbank.family.stm32h7.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.family.FamilyProvider;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileException;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.family.stm32h7.flash.Stm32H7Family;
import dev.flashbank.family.stm32f7.flash.Stm32F7Family;

/**
 * Option profiles (ob backup / ob restore, the board journal) of an STM32H743: the file names the H7 option registers,
 * reads back equal among the installed families, and is refused with file, line and reason where it does not fit the
 * line; profiles of the core's own family still load the same way beside it.
 */
class H7OptionProfileTest {

    @TempDir
    Path dir;

    static Families families() {
        List<FamilyProvider> all = new ArrayList<>(List.of(new Stm32F7Family()));
        all.add(new Stm32H7Family());
        return new Families(all);
    }

    static Stm32H7Descriptor h743() {
        return Stm32H7Descriptor.all().stream().filter(d -> d.devId() == 0x450).findFirst().orElseThrow();
    }

    static OptionProfile profile() {
        OptionImage o = new Stm32H7Family().factoryOptions(h743(), 2048);
        OptionField bor = o.fields(2048).stream().filter(f -> f.name().equals("BOR_LEV")).findFirst().orElseThrow();
        OptionField wrp = o.fields(2048).stream().filter(f -> f.register().startsWith("WPSN")).findFirst()
                .orElseThrow();
        o = o.with(bor, 0b10).with(wrp, 0);
        return new OptionProfile("STM32H743ZI", 2048, o, Instant.parse("2026-12-06T14:00:00Z"), "h7 backup");
    }

    @Test
    void anH743ProfileNamesItsOptionRegistersAndReadsBackEqual() throws Exception {
        Path f = dir.resolve("h743.fbopt");
        OptionProfileFile.write(f, profile());
        String text = Files.readString(f);
        assertThat(text).contains("part: STM32H743ZI").contains(Stm32H7Registers.OPTSR_PRG + ": 0x")
                .contains("BOOT_PRGR: 0x").contains("WPSN_PRG1R: 0x").doesNotContain("OPTCR1");
        OptionProfile back = OptionProfileFile.read(f, families());
        assertThat(back).isEqualTo(profile());
        assertThat(back.options().registerNames()).isEqualTo(profile().options().registerNames());
        // without the family installed (only STM32F7) its registers are unknown: the error names the file, the line
        // and what is known
        Families f7Only = new Families(List.of(new Stm32F7Family()));
        assertThatThrownBy(() -> OptionProfileFile.read(f, f7Only)).isInstanceOf(OptionProfileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("unknown key \"OPTSR_PRG\"")
                .satisfies(e -> assertThat(((OptionProfileException) e).line()).isEqualTo(lineOf(text, "OPTSR_PRG")));
        Files.writeString(f, text.replace("line: " + profile().lineId(), "line: H7ZZ"));
        assertThatThrownBy(() -> OptionProfileFile.read(f, families())).isInstanceOf(OptionProfileException.class)
                .hasMessageContaining("unknown " + new Stm32H7Family().name() + " line \"H7ZZ\"")
                .hasMessageContaining(profile().lineId())
                .satisfies(e -> assertThat(((OptionProfileException) e).line()).isEqualTo(lineOf(text, "line:")));
    }

    @Test
    void statusBitsOfAnOptsrCurDumpAreToleratedAndForeignRegistersRefused() throws Exception {
        String text = OptionProfileFile.render(profile());
        int optsr = profile().options().word(Stm32H7Registers.OPTSR_PRG);
        // OPT_BUSY (bit 0) and OPTCHANGEERR (bit 30) are status an OPTSR_CUR dump holds, never options
        String dump = text.replaceFirst("(?m)^OPTSR_PRG: 0x[0-9A-F]{8}$",
                String.format("OPTSR_PRG: 0x%08X", optsr | 1 | (1 << 30)));
        Path f = dir.resolve("dump.fbopt");
        Files.writeString(f, dump);
        assertThat(OptionProfileFile.read(f, families()).options()).isEqualTo(profile().options());
        Files.writeString(f, text + "OPTCR1: 0x00400080\n");
        assertThatThrownBy(() -> OptionProfileFile.read(f, families())).isInstanceOf(OptionProfileException.class)
                .hasMessageContaining("has no OPTCR1").hasMessageContaining("OPTSR_PRG")
                .satisfies(e -> assertThat(((OptionProfileException) e).line()).isEqualTo(
                        (int) text.lines().count() + 1));
        Files.writeString(f, text.replaceFirst("(?m)^BOOT_PRGR: .*\n", ""));
        assertThatThrownBy(() -> OptionProfileFile.read(f, families())).isInstanceOf(OptionProfileException.class)
                .hasMessageContaining("missing \"BOOT_PRGR:\"");
        Files.writeString(f, text.replace("flash-kib: 2048", "flash-kib: 4096"));
        assertThatThrownBy(() -> OptionProfileFile.read(f, families())).isInstanceOf(OptionProfileException.class)
                .hasMessageContaining("no 4096 KiB variant")
                .satisfies(e -> assertThat(((OptionProfileException) e).line()).isEqualTo(lineOf(text, "flash-kib")));
    }

    @Test
    void profilesOfTheCoreFamilyLoadUnchangedBesideIt() throws Exception {
        Path f = dir.resolve("own.fbopt");
        FamilyProvider own = new Stm32F7Family();
        var d = own.descriptors().get(0);
        int kib = d.flashSizesKiB().get(0);
        OptionProfile p = new OptionProfile("PART", kib, own.factoryOptions(d, kib), Instant.EPOCH, "");
        OptionProfileFile.write(f, p);
        assertThat(OptionProfileFile.read(f, families()))
                .isEqualTo(OptionProfileFile.read(f, new Families(List.of(own)))).isEqualTo(p);
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
}
