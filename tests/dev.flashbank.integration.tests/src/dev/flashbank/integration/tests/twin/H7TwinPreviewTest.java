package dev.flashbank.integration.tests.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;
import dev.flashbank.sim.twin.TwinPreview;
import dev.flashbank.sim.twin.TwinReport;
import dev.flashbank.sim.twin.TwinSource;

/**
 * The simulated twin of a second family (a simulated STM32H743ZI, reached only through the installed families): the
 * board shows its option image, so an option change is previewed on a copy - here SWAP_BANK_OPT, which starts the
 * image of physical bank 2 at the next reset (RM0433 §4.3.13) - and the source board is not touched.
 */
class H7TwinPreviewTest {

    private static final String PART = "STM32H743ZI";

    /** A vector table (SP in DTCM, Thumb reset handler in the image) linked for 0x0800_0000, marked by {@code tag}. */
    private static byte[] image(int tag) {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x2002_0000);
        b.putInt(0x0800_0201);
        b.putInt(tag);
        return b.array();
    }

    private static OptionField field(OptionImage o, String name) {
        return o.fields(2048).stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void swapBankOptIsPreviewedOnTheTwinAndStartsBank2WithoutTouchingTheSource() throws Exception {
        BenchBoard board = InstalledFamilies.simulated().create(PART, BoardOptions.defaults());
        try (SimulatedProbe p = SimulatedProbe.connect(board)) {
            FlashDriver d = InstalledFamilies.families().openDriver(p,
                    new IdentifiedDevice(board.descriptor(), board.flashSizeKiB()), new SimulatorPollClock(p),
                    FlashDriverSettings.defaults());
            d.programAndVerify(0x0800_0000L, image(1), FlashProgress.NONE); // physical bank 1
            d.programAndVerify(0x0810_0000L, image(2), FlashProgress.NONE); // physical bank 2
        }
        OptionImage stored = board.storedOptionImage().orElseThrow();
        assertThat(board.optionImageInForce()).as("an H7 option change is in force once OPTSTART completes")
                .contains(stored);
        assertThat(stored.get(field(stored, "SWAP_BANK_OPT"))).isZero();

        OptionImage wanted = stored.with(field(stored, "SWAP_BANK_OPT"), 1);
        TwinReport r = TwinPreview.preview(TwinSource.of(board), wanted, InstalledFamilies.families());

        assertThat(r.writeProblem()).isEmpty();
        assertThat(r.contentsKnown()).isTrue();
        assertThat(r.after().get(field(r.after(), "SWAP_BANK_OPT"))).isEqualTo(1);
        assertThat(r.bootBefore().physicalBank()).isEqualTo(1);
        assertThat(r.bootAfter().source()).isEqualTo(BootReport.Source.FLASH);
        assertThat(r.bootAfter().physicalBank()).as("the banks swapped at the twin's reset").isEqualTo(2);
        assertThat(r.bootAfter().imageAddress()).isEqualTo(0x0800_0000L);
        assertThat(r.bootChanged()).isTrue();
        assertThat(r.erasedSectors()).isEmpty();
        assertThat(r.debuggerCanReadFlash()).isTrue();
        assertThat(r.lines()).anyMatch(l -> l.startsWith("Next reset:") && l.contains("physical bank 2"))
                .anyMatch(l -> l.equals("Erased: nothing"))
                .anyMatch(l -> l.startsWith("Twin: " + PART));

        assertThat(board.storedOptionImage()).as("the source board is never written").contains(stored);
        assertThat(board.optionStateSummary().get("swapBank")).isEqualTo(0);
    }
}
