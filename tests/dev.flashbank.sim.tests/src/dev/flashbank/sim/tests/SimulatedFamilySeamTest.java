package dev.flashbank.sim.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.SimulatedFamily;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.family.stm32f7.sim.Stm32F7SimulatedFamily;
import dev.flashbank.sim.state.BoardStateException;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.sim.state.LiveBoard;

/**
 * The simulator's family seam: state files record the family and load through the family they name; files written
 * before families were recorded still load (by part); a family nobody installed is refused with the file's name.
 */
class SimulatedFamilySeamTest {

    @TempDir
    Path dir;

    /** A stand-in second family: simulates one order code, records every call, builds its boards with the F7 model. */
    static final class RecordingFamily implements SimulatedFamily {
        final List<String> calls = new ArrayList<>();

        @Override
        public String id() {
            return "test.family";
        }

        @Override
        public boolean simulates(String orderCode) {
            return orderCode.equals("STM32F769NI");
        }

        @Override
        public BenchBoard create(String orderCode, BoardOptions options) throws BoardConfigurationException {
            calls.add("create " + orderCode);
            return SimulatedBoards.create(orderCode, options);
        }

        @Override
        public BenchBoard restore(BoardSnapshot state, BoardOptions options) throws BoardConfigurationException {
            calls.add("restore " + state.partName() + " of " + state.family());
            return SimulatedBoards.restore(state, options);
        }
    }

    @Test
    void theStateFileRecordsTheFamilyAndLoadsThroughIt() throws Exception {
        SimulatedBoard b = SimulatedBoards.create("STM32F767ZI");
        assertThat(b.family().id()).isEqualTo(Stm32F7SimulatedFamily.ID);
        Path f = dir.resolve("b.fbboard");
        BoardStateFile.save(b, f);
        String header = new String(Files.readAllBytes(f), 0, 300, StandardCharsets.US_ASCII);
        assertThat(header).contains("family: stm32f7\npart: STM32F767ZI\n");
        assertThat(BoardStateFile.read(f).family()).isEqualTo("stm32f7");

        RecordingFamily other = new RecordingFamily();
        // a file that names another family goes to that family even though an earlier one simulates its part
        BoardStateFile.write(b.snapshot().withFamily(other.id()), f);
        BenchBoard loaded = BoardStateFile.load(f, SimulatedFamilies.of(List.of(Stm32F7SimulatedFamily.INSTANCE, other)));
        assertThat(other.calls).containsExactly("restore STM32F767ZI of test.family");
        assertThat(loaded.snapshot().sameContent(b.snapshot())).isTrue();
    }

    @Test
    void aFileWrittenBeforeFamiliesWereRecordedLoadsByItsPart() throws Exception {
        SimulatedBoard b = SimulatedBoards.create("STM32F767ZI");
        Path f = dir.resolve("old.fbboard");
        BoardStateFile.write(b.snapshot().withFamily(""), f);
        assertThat(new String(Files.readAllBytes(f), 0, 300, StandardCharsets.US_ASCII)).doesNotContain("family:");
        LiveBoard live = LiveBoard.load(f, SimulatedBoards.FAMILY);
        assertThat(live.board()).isInstanceOf(SimulatedBoard.class);
        assertThat(live.board().snapshot().sameContent(b.snapshot())).isTrue();
        assertThat(live.saveIfChanged(false)).as("loading alone does not rewrite an old file").isSameAs(live);
    }

    @Test
    void aFamilyThatIsNotInstalledIsRefusedNamingTheFileAndTheFamily() throws Exception {
        Path f = dir.resolve("h.fbboard");
        BoardStateFile.write(SimulatedBoards.create("STM32F767ZI").snapshot().withFamily("stm32zz"), f);
        assertThatThrownBy(() -> BoardStateFile.load(f, SimulatedBoards.FAMILY)).isInstanceOf(BoardStateException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("family 'stm32zz'")
                .hasMessageContaining("installed family (stm32f7)");
    }

    @Test
    void partsGoToTheFirstFamilyThatSimulatesThem() throws Exception {
        RecordingFamily other = new RecordingFamily();
        SimulatedFamilies families = SimulatedFamilies.of(List.of(other, Stm32F7SimulatedFamily.INSTANCE));
        assertThat(families.forPart("stm32f769ni")).containsSame(other);
        assertThat(families.forPart("STM32F767ZI")).containsSame(Stm32F7SimulatedFamily.INSTANCE);
        BenchBoard b = families.create("STM32F769NI", BoardOptions.defaults());
        assertThat(other.calls).containsExactly("create STM32F769NI");
        assertThat(SimulatedProbe.connect(b).describe()).contains("STM32F769NI");
        // a part no family simulates keeps the message users know from the F7 simulator
        assertThatThrownBy(() -> families.create("STM32F999ZI", BoardOptions.defaults()))
                .isInstanceOf(BoardConfigurationException.class).hasMessageContaining("STM32F999ZI");
        assertThat(Stm32F7SimulatedFamily.INSTANCE.simulates("STM32H743ZI")).isFalse();
    }
}
