package dev.flashbank.core.tests.launch;

import static dev.flashbank.core.launch.LaunchAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.launch.LaunchSpecException;
import dev.flashbank.core.launch.LaunchVariables;
import dev.flashbank.core.tests.TestFamilies;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;

/** Every wrong combination of a launch configuration is named, in words, before anything runs. */
class LaunchSpecTest {

    @TempDir
    Path tmp;

    Path images;
    LaunchVariables vars;

    @BeforeEach
    void setUp() {
        images = dev.flashbank.core.tests.SourceTree.samples();
        vars = LaunchVariables.plain(tmp, Map.of("IMAGES", images.toString()), Optional.of(images.getParent()));
    }

    Map<String, Object> bankUpdate(String image) {
        Map<String, Object> a = new HashMap<>();
        a.put(TARGET_KIND, "SIMULATED");
        a.put(SIM_STATE_FILE, "board.fbboard");
        a.put(SIM_PART, "STM32F767ZI");
        a.put(IMAGE_PATH, image);
        a.put(MODE, LaunchSpec.Mode.BANK_UPDATE.name());
        a.put(SCHEME, Stm32F7SwitchSchemes.BOOT_ADD.name());
        return a;
    }

    List<String> problems(Map<String, Object> a) {
        return LaunchSpec.problems(TYPE_BANK_UPDATE, a, vars, TestFamilies.f7());
    }

    @Test
    void aCompleteBankUpdateIsValidWithItsDefaults() throws Exception {
        LaunchSpec s = LaunchSpec.from(TYPE_BANK_UPDATE, bankUpdate("${env_var:IMAGES}/app-bank2.elf"), vars, TestFamilies.f7());
        assertThat(s.target().kind()).isEqualTo(LaunchSpec.TargetKind.SIMULATED);
        assertThat(s.target().stateFile()).isEqualTo(tmp.resolve("board.fbboard")); // relative to the launch file
        assertThat(s.image().orElseThrow().file()).isEqualTo(images.resolve("app-bank2.elf"));
        assertThat(s.mode()).isEqualTo(LaunchSpec.Mode.BANK_UPDATE);
        assertThat(s.verify()).isTrue();
        assertThat(s.swap()).isTrue();
        assertThat(s.resetAndRun()).isTrue();
        assertThat(s.backupOptions()).isTrue();
    }

    @Test
    void workspaceVariablesNeedAWorkspaceOutsideEclipse() throws Exception {
        Map<String, Object> a = bankUpdate("${workspace_loc:/" + images.getFileName() + "/app-bank1.hex}");
        assertThat(LaunchSpec.from(TYPE_BANK_UPDATE, a, vars, TestFamilies.f7()).image().orElseThrow().file())
                .isEqualTo(images.resolve("app-bank1.hex"));
        LaunchVariables noWorkspace = LaunchVariables.plain(tmp, Map.of(), Optional.empty());
        assertThat(LaunchSpec.problems(TYPE_BANK_UPDATE, a, noWorkspace, TestFamilies.f7())).singleElement().asString()
                .contains("cannot be expanded outside Eclipse without a workspace folder");
        assertThat(LaunchSpec.problems(TYPE_BANK_UPDATE, bankUpdate("${project_loc}/x.elf"), vars, TestFamilies.f7())).singleElement()
                .asString().contains("${project_loc}").contains("use a plain path");
    }

    @Test
    void missingImageBoardAndProbeAreNamed() {
        Map<String, Object> a = bankUpdate("");
        a.put(SIM_STATE_FILE, "");
        assertThat(problems(a)).containsExactly(
                "No simulated board file given: choose the board state file (.fbboard) on the Target tab.",
                "No image file given: choose an ELF, HEX or BIN file on the Image tab.");
        Map<String, Object> p = bankUpdate(images.resolve("app-bank2.elf").toString());
        p.put(TARGET_KIND, "STLINK");
        assertThat(problems(p)).singleElement().asString().startsWith("No ST-Link probe given");
        p.put(PROBE_SERIAL, "0038FF");
        assertThat(problems(p)).isEmpty();
        Map<String, Object> m = bankUpdate(tmp.resolve("nope.elf").toString());
        m.put(BUILD_BEFORE_LAUNCH, true);
        assertThat(problems(m)).singleElement().asString().contains("nope.elf does not exist (yet: build the project");
    }

    /** What the IDE's image field holds while a path is typed (issue 16: "/" threw a NullPointerException). */
    @Test
    void aHalfTypedImagePathIsAProblemNotAnException() {
        assertThat(problems(bankUpdate("/"))).singleElement().asString()
                .isEqualTo("The image path / is a folder: choose an ELF, HEX, S-record or BIN file in it.");
        assertThat(problems(bankUpdate(tmp + "/"))).singleElement().asString()
                .isEqualTo("The image path " + tmp + " is a folder: choose an ELF, HEX, S-record or BIN file in it.");
        for (String partial : List.of(".", "..", "/t", "$", "${", "${env_var", "${env_var:", "${env_var:IMAGES}",
                "${env_var:IMAGES}/", "${env_var:IMAGES}/app-bank2.")) {
            assertThat(LaunchSpec.problemsByAttribute(TYPE_BANK_UPDATE, bankUpdate(partial), vars, TestFamilies.f7()))
                    .as("'%s'", partial).isNotEmpty().extracting(LaunchSpec.Problem::attribute).contains(IMAGE_PATH);
        }
    }

    @Test
    void baseAddressRulesForBinAndOtherFormats() {
        Map<String, Object> bin = bankUpdate(images.resolve("app-bank2.bin").toString());
        assertThat(problems(bin)).singleElement().asString().startsWith("A BIN image has no addresses");
        bin.put(IMAGE_BASE, "0x0810zz00");
        assertThat(problems(bin)).singleElement().asString().startsWith("Bad base address '0x0810zz00'");
        bin.put(IMAGE_BASE, "0x20000000");
        assertThat(problems(bin)).singleElement().asString().contains("0x20000000 is not a flash address");
        bin.put(IMAGE_BASE, "0x08100000");
        assertThat(problems(bin)).isEmpty();
        Map<String, Object> elf = bankUpdate(images.resolve("app-bank2.elf").toString());
        elf.put(IMAGE_BASE, "0x08100000");
        assertThat(problems(elf)).singleElement().asString().startsWith("A base address applies only to raw BIN");
        elf.remove(IMAGE_BASE);
        elf.put(IMAGE_FORMAT, "coff");
        assertThat(problems(elf)).singleElement().asString().startsWith("Unknown image format 'coff'");
    }

    @Test
    void eachProblemNamesTheAttributeItIsAbout() {
        Map<String, Object> a = bankUpdate(images.resolve("app-bank2.bin").toString());
        a.put(IMAGE_BASE, "zz");
        a.put(VERIFY, false);
        a.put(TARGET_KIND, "STLINK");
        assertThat(LaunchSpec.problemsByAttribute(TYPE_BANK_UPDATE, a, vars, TestFamilies.f7())).extracting(LaunchSpec.Problem::attribute)
                .containsExactly(PROBE_SERIAL, IMAGE_BASE, VERIFY);
    }

    @Test
    void singleBankPartWithBankUpdate() {
        Map<String, Object> a = bankUpdate(images.resolve("app-bank1.elf").toString());
        a.put(SIM_PART, "STM32F746ZG");
        assertThat(problems(a)).singleElement().asString().startsWith("STM32F746ZG (STM32F745/F746/F756 (1 MiB)) has a single flash bank")
                .contains("'Program active region'");
        a.put(MODE, LaunchSpec.Mode.PROGRAM_ACTIVE.name());
        a.put(SWAP, false);
        assertThat(problems(a)).isEmpty();
    }

    @Test
    void imageTooLargeForABank() throws Exception {
        Path big = tmp.resolve("big.bin");
        byte[] data = new byte[1536 * 1024];
        // a plausible vector table, so only the size is wrong
        data[3] = 0x20;
        data[4] = 0x01;
        data[7] = 0x08;
        Files.write(big, data);
        Map<String, Object> a = bankUpdate(big.toString());
        a.put(IMAGE_BASE, "0x08000000");
        assertThat(problems(a)).contains("Image too large: it spans 1536 KiB but a bank holds 1024 KiB.");
    }

    @Test
    void linkAddressMustMatchTheScheme() {
        Map<String, Object> remap = bankUpdate(images.resolve("app-bank2.elf").toString());
        remap.put(SCHEME, "REMAP");
        assertThat(problems(remap)).singleElement().asString().startsWith("Link address mismatch: the REMAP scheme")
                .contains("image starts at 0x08100000");
        remap.put(IMAGE_PATH, images.resolve("app-bank1.elf").toString());
        assertThat(problems(remap)).isEmpty();
        Map<String, Object> bootAdd = bankUpdate(images.resolve("app-bank2.bin").toString());
        bootAdd.put(IMAGE_BASE, "0x08040000");
        assertThat(problems(bootAdd)).singleElement().asString().startsWith("Link address mismatch: with BOOT_ADD")
                .contains("0x08000000 or 0x08100000");
    }

    @Test
    void updateOptionsThatContradictEachOther() {
        Map<String, Object> a = bankUpdate(images.resolve("app-bank2.elf").toString());
        a.put(VERIFY, false);
        assertThat(problems(a)).singleElement().asString().startsWith("A bank update always verifies");
        a.put(VERIFY, true);
        a.put(MODE, "PROGRAM_WHOLE");
        assertThat(problems(a)).singleElement().asString().startsWith("Swap applies only to a bank update");
        a.put(MODE, "SIDEWAYS");
        assertThat(problems(a)).singleElement().asString().startsWith("Unknown update mode 'SIDEWAYS'");
        a.put(MODE, "BANK_UPDATE");
        a.put(SWD_FREQUENCY_KHZ, -5);
        assertThat(problems(a)).singleElement().asString().startsWith("SWD frequency must be");
    }

    @Test
    void fromThrowsEveryProblemAtOnce() {
        Map<String, Object> a = bankUpdate("");
        a.put(SIM_PART, "STM32F999ZZ");
        assertThatThrownBy(() -> LaunchSpec.from(TYPE_BANK_UPDATE, a, vars, TestFamilies.f7())).isInstanceOf(LaunchSpecException.class)
                .satisfies(e -> assertThat(((LaunchSpecException) e).problems()).hasSize(2))
                .hasMessageContaining("Unknown simulated part").hasMessageContaining("No image file given");
        assertThat(LaunchSpec.problems("org.eclipse.cdt.launch.applicationLaunchType", a, vars, TestFamilies.f7())).singleElement()
                .asString().contains("is not a Flashbank launch type");
    }

    @Test
    void swapAndOptionByteTypes() throws Exception {
        Map<String, Object> s = new HashMap<>(Map.of(SIM_STATE_FILE, "b.fbboard", SWAP_ACTION, "ROLLBACK", SCHEME,
                "REMAP"));
        LaunchSpec swap = LaunchSpec.from(TYPE_SWAP_BANKS, s, vars, TestFamilies.f7());
        assertThat(swap.swapAction()).isEqualTo(LaunchSpec.SwapAction.ROLLBACK);
        assertThat(swap.scheme()).isEqualTo(Stm32F7SwitchSchemes.REMAP.id()); // "REMAP" in the file
        assertThat(swap.image()).isEmpty();

        Map<String, Object> o = new HashMap<>(Map.of(SIM_STATE_FILE, "b.fbboard"));
        assertThat(LaunchSpec.problems(TYPE_OPTION_BYTES, o, vars, TestFamilies.f7())).singleElement().asString()
                .startsWith("No option-byte profile given");
        o.put(OPTION_PROFILE, "missing.fbopt");
        assertThat(LaunchSpec.problems(TYPE_OPTION_BYTES, o, vars, TestFamilies.f7())).singleElement().asString()
                .endsWith("missing.fbopt does not exist.");
        Files.writeString(tmp.resolve("junk.fbopt"), "hello\n");
        o.put(OPTION_PROFILE, "junk.fbopt");
        assertThat(LaunchSpec.problems(TYPE_OPTION_BYTES, o, vars, TestFamilies.f7())).hasSize(1);
    }
}
