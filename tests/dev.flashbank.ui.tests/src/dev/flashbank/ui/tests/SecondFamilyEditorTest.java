package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;


import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.eclipse.core.runtime.IProgressMonitor;

import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.options.OptionReviewDialog;
import dev.flashbank.ui.options.SectorMap;
import dev.flashbank.ui.options.OptionBytesEditor;
import dev.flashbank.ui.views.TargetsView;

/**
 * Issue 15: the Option Bytes editor on a simulated STM32H743 - a second family the UI has no code for. Its fields and
 * boxes come from the family's descriptor; a change typed with real key events goes through the review dialog and
 * lands in the board; SWAP_BANK_OPT set in the editor swaps the banks at the next reset.
 */
class SecondFamilyEditorTest {

    private static final String PART = "STM32H743ZI";

    Workbench w;

    private SimulatedTarget freshBoard() throws Exception {
        w = Workbench.open();
        return w.editNewBoard(PART);
    }

    @AfterEach
    void restoreTheLayout() {
        if (w != null) {
            w.restoreEditor();
        }
    }

    private static String box(OptionBytesEditor ob, String field) {
        return ob.sectionOf(field).getText();
    }

    private static OptionField field(OptionImage o, String name) {
        return o.fields(2048).stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }


    private static OptionReviewDialog applyAndReview(OptionBytesEditor ob) {
        Ui.join(ob.apply());
        Ui.pumpUntil("review dialog", () -> ob.reviewDialog() != null && ob.reviewDialog().getShell() != null
                && ob.reviewDialog().getShell().isVisible());
        return ob.reviewDialog();
    }

    @Test
    void newSimulatedBoardOffersThePartsOfEveryInstalledFamily() {
        assertThat(TargetsView.simulatedPartExamples()).contains("STM32F7").contains("STM32H7");
    }

    @Test
    void h743FieldsInTheFamilysBoxesAndATypedChangeLandsInTheBoard() throws Exception {
        SimulatedTarget board = freshBoard();
        OptionBytesEditor ob = w.options();
        OptionImage factory = ob.originalOptions();
        assertThat(factory.lineName()).contains("H7");
        assertThat(box(ob, "RDP")).isEqualTo("Read protection");
        assertThat(box(ob, "BOR_LEV")).isEqualTo("Brown-out reset");
        assertThat(box(ob, "SWAP_BANK_OPT")).isEqualTo("Bank swap");
        assertThat(box(ob, "BOOT_ADD1")).isEqualTo("Boot");
        assertThat(ob.sectorMapSection().getText()).as("the WPSN bits' box, drawn as the sector map")
                .startsWith("Write protection");
        assertThat(ob.editor("WRPSN2_7")).as("the WPSN bits are set on the map, not one row each").isNull();
        Text boot0 = (Text) ob.editor("BOOT_ADD0");
        assertThat(boot0.getText()).as("BOOT_ADD0 shown as the address").isEqualTo("0x08000000");
        assertThat(ob.meaningLabel("BOOT_ADD0").getText()).contains("boot at 0x08000000").contains("user flash");
        assertThat(ob.descriptionLabel("BOOT_ADD0").getText()).as("the Description column says how to enter it")
                .contains("Enter the ADDRESS");
        assertThat(box(ob, "PROT_AREA_START1")).contains("PCROP");
        assertThat(ob.editor("BOR_LEV")).isInstanceOf(Combo.class);
        assertThat(ob.editor("BOOT_ADD1")).isInstanceOf(Text.class);
        Text boot1 = (Text) ob.editor("BOOT_ADD1");
        assertThat(boot1.getText()).as("shown as the address users write").isEqualTo("0x1FF00000");
        Screenshots.save(w.window().getShell(), "h743-option-bytes-factory");

        // a boot address typed key by key: the refused half-typed text changes nothing, the whole one is the change
        Display d = boot1.getDisplay();
        RealInput.retype(boot1, "0x0801");
        assertThat(ob.refusal("BOOT_ADD1").getVisible()).isTrue();
        assertThat(ob.changes()).isEmpty();
        RealInput.type(d, "0000");
        RealInput.key(d, '\0', SWT.CR);
        assertThat(ob.refusal("BOOT_ADD1").getVisible()).isFalse();
        assertThat(boot1.getText()).isEqualTo("0x08010000");
        RealInput.choose((Combo) ob.editor("BOR_LEV"), "level 2");
        assertThat(ob.changes()).extracting(c -> c.option()).containsExactlyInAnyOrder("BOR_LEV", "BOOT_ADD1");
        assertThat(ob.cliCommand()).contains("BOOT_ADD1=0x08010000").contains("BOR_LEV=");
        Screenshots.save(w.window().getShell(), "h743-option-bytes-edited");

        OptionReviewDialog review = applyAndReview(ob);
        assertThat(review.changesTable().getItemCount()).isEqualTo(2);
        // the simulated twin (the H7 board shows its option image): BOOT0 low keeps BOOT_ADD0, high starts BOOT_ADD1
        assertThat(review.twinPreview()).anyMatch(l -> l.startsWith("Next reset:") && l.contains("(unchanged)"))
                .anyMatch(l -> l.startsWith("With BOOT0=1 instead:") && l.contains("BOOT_ADD1=0x0801 (0x08010000)"))
                .anyMatch(l -> l.startsWith("Twin: " + PART));
        assertThat(review.irreversible()).isFalse();
        assertThat(review.writeButton().isEnabled()).isTrue();
        Screenshots.save(review.getShell(), "h743-option-review");
        review.pressWrite();
        Ui.joinFamily(ob);

        assertThat(ob.lastProblem()).isNull();
        OptionImage read = ob.originalOptions();
        assertThat(read.get(field(read, "BOOT_ADD1"))).as("re-read from the board").isEqualTo(0x0801);
        assertThat(read.get(field(read, "BOR_LEV"))).isEqualTo(0b10);
        assertThat(ob.changes()).isEmpty();
        // the simulated board's option registers in force (its own summary, not the editor's reading)
        java.util.Map<String, Object> inForce = board.board().optionStateSummary();
        assertThat(inForce.get("boot")).as("BOOT_ADD1 (upper half) and BOOT_ADD0 in the board").isEqualTo("0x08010800");
        int optsr = Integer.parseUnsignedInt(inForce.get("optsr").toString().substring(2), 16);
        assertThat(field(read, "BOR_LEV").extract(optsr)).as("BOR_LEV in the board's OPTSR").isEqualTo(0b10);
    }

    @Test
    void h743WriteProtectionIsClickedOnTheSectorMapAndLandsInTheBoardsWpsn() throws Exception {
        SimulatedTarget board = freshBoard();
        OptionBytesEditor ob = w.options();
        SectorMap map = ob.sectorMap();
        assertThat(ob.sectorMapSection().getText()).startsWith("Write protection");
        assertThat(ob.editor("PROT_AREA_START1")).as("PRAR bounds stay typed fields").isInstanceOf(Text.class);
        // factory PRAR/SCAR: START 0x0FF > END 0x000, the area is disabled (RM0433 §4.5.4) - said, not a range
        assertThat(ob.meaningLabel("PROT_AREA_START1").getText()).startsWith("0x0FF = area disabled");
        assertThat(ob.meaningLabel("PROT_AREA_END2").getText()).startsWith("0x000 = area disabled");
        assertThat(ob.meaningLabel("SEC_AREA_START1").getText()).contains("area disabled");

        // a user clicks sector 3 of bank 2 (the mouse through the windowing system)
        Rectangle r = map.boundsOf(2, 3);
        RealInput.clickAt(map, r.x + r.width / 2, r.y + r.height / 2, 0);
        assertThat(ob.changes()).as("after a click in %s of the map (%s); tooltip: %s; status: %s", r, map.getSize(),
                map.getToolTipText(), ob.statusText()).extracting(c -> c.option()).containsExactly("WRPSN2_3");
        assertThat(ob.changes().get(0).newValue()).as("active low: 0 = protected").isZero();
        assertThat(map.getToolTipText()).as("tooltip of the sector under the pointer").startsWith("Sector 3 of bank 2")
                .contains("write-protected (WRPSN = 0)");
        assertThat(ob.statusText()).contains("1 pending change");
        Screenshots.save(w.window().getShell(), "h743-option-bytes-wpsn-sector-map-clicked");

        OptionReviewDialog review = applyAndReview(ob);
        assertThat(review.changesTable().getItemCount()).isEqualTo(1);
        assertThat(review.changesTable().getItem(0).getText(0)).isEqualTo("WRPSN2_3");
        Screenshots.save(review.getShell(), "h743-option-review-wpsn");
        review.pressWrite();
        Ui.joinFamily(ob);
        assertThat(ob.lastProblem()).isNull();
        assertThat(ob.changes()).isEmpty();

        // the board's FLASH_WPSN registers in force: bit 3 of bank 2 cleared (active low), bank 1 untouched
        java.util.Map<String, Object> inForce = board.board().optionStateSummary();
        assertThat(inForce.get("wpsn2")).as("FLASH_WPSN_CUR2R.WRPSN").isEqualTo("0xF7");
        assertThat(inForce.get("wpsn1")).as("FLASH_WPSN_CUR1R.WRPSN").isEqualTo("0xFF");
        Screenshots.save(w.window().getShell(), "h743-option-bytes-wpsn-written");

        // and a click again takes it off
        Rectangle again = ob.sectorMap().boundsOf(2, 3);
        RealInput.clickAt(ob.sectorMap(), again.x + again.width / 2, again.y + again.height / 2, 0);
        assertThat(ob.changes()).extracting(c -> c.option()).containsExactly("WRPSN2_3");
        assertThat(ob.changes().get(0).newValue()).isEqualTo(1);
    }

    /** A vector table (SP 0x2000_1000, reset handler 0x0800_0101) and a counting pattern: 256 bytes for bank 1. */
    private static byte[] smallImage() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        byte[] sp = { 0x00, 0x10, 0x00, 0x20, 0x01, 0x01, 0x00, 0x08 };
        System.arraycopy(sp, 0, b, 0, sp.length);
        return b;
    }

    private static BankSnapshot awaitSnapshot(BankBrowserView banks, SimulatedTarget t, BankSnapshot before) {
        Ui.pumpUntil("bank snapshot of " + t, () -> banks.snapshot() != null && banks.snapshot() != before
                && Ui.noJobs(t));
        return banks.snapshot();
    }

    private void screenshotBanks(BankBrowserView banks, String name) throws Exception {
        long p = banks.hexPaints();
        banks.repaint();
        Ui.pumpUntil("hex view painted", () -> banks.hexPaints() > p);
        Screenshots.save(w.window().getShell(), name);
    }

    @Test
    void swapBankOptSetInTheEditorSwapsTheBanksAtTheNextReset() throws Exception {
        SimulatedTarget board = freshBoard();
        OptionBytesEditor ob = w.options();
        w.page().setPartState(w.page().getReference(ob), IWorkbenchPage.STATE_RESTORED);
        w.targets().select(board);
        Ui.drain();
        assertThat(w.targets().detailsText()).contains("banks not swapped (physical bank 1 at 0x08000000)");

        byte[] image = smallImage();
        TargetJob program = new TargetJob("Program physical bank 1", board, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                board.connect().driver().programAndVerify(0x0800_0000L, image, FlashProgress.NONE);
                return "programmed";
            }
        };
        program.schedule();
        Ui.join(program);
        assertThat(program.failure()).isNull();

        BankBrowserView banks = (BankBrowserView) w.page().showView(BankBrowserView.ID);
        try {
            banks.setTarget(board);
            BankSnapshot before = awaitSnapshot(banks, board, null);
            assertThat(before.geometry().bankCount()).isEqualTo(2);
            assertThat(before.geometry().banks()).allSatisfy(b -> assertThat(b.sectors()).hasSize(8)
                    .allMatch(sec -> sec.size() == 128 * 1024));
            assertThat(before.swpFb()).isFalse();
            assertThat(before.mapped(1).start()).isEqualTo(0x0800_0000L);
            assertThat(before.mapped(2).start()).isEqualTo(0x0810_0000L);
            assertThat(banks.headlineText()).contains("SWAP_BANK = 0: physical bank 1 is at 0x08000000, physical "
                    + "bank 2 at 0x08100000");
            banks.showSource(BankBrowserView.Source.AXIM);
            screenshotBanks(banks, "h743-flash-banks-before-swap");
            assertThat(banks.hexRow(0)).startsWith("08000000  00 10 00 20 01 01 00 08");
            assertThat(banks.hexRow(0x10_0000)).startsWith("08100000  FF FF FF FF");

            // the swap through the Option Bytes editor (SWAP_BANK_OPT typed by the user; the A/B actions do the same)
            RealInput.choose((Combo) ob.editor("SWAP_BANK_OPT"), "1 = ");
            OptionReviewDialog review = applyAndReview(ob);
            assertThat(review.changesTable().getItemCount()).isEqualTo(1);
            Screenshots.save(review.getShell(), "h743-option-review-swap-bank");
            review.pressWrite();
            Ui.joinFamily(ob);
            assertThat(ob.lastProblem()).isNull();
            assertThat(ob.originalOptions().get(field(ob.originalOptions(), "SWAP_BANK_OPT"))).isEqualTo(1);

            Ui.join(w.targets().reset(board));
            Ui.drain();
            w.targets().select(board);
            Ui.pumpUntil("details after the reset", () -> w.targets().detailsText().contains("banks swapped"));
            assertThat(w.targets().detailsText()).contains("banks swapped (physical bank 2 at 0x08000000)");

            BankSnapshot seen = banks.snapshot();
            Ui.join(banks.refresh());
            BankSnapshot after = awaitSnapshot(banks, board, seen);
            assertThat(after.swpFb()).isTrue();
            assertThat(after.mapped(2).start()).isEqualTo(0x0800_0000L);
            assertThat(after.mapped(1).start()).isEqualTo(0x0810_0000L);
            assertThat(banks.headlineText()).contains("SWAP_BANK = 1: physical bank 2 is at 0x08000000, physical bank 1 "
                    + "at 0x08100000");
            banks.showSource(BankBrowserView.Source.AXIM);
            screenshotBanks(banks, "h743-flash-banks-after-swap");
            assertThat(banks.hexRow(0)).as("bank 2 (erased) at 0x08000000 now").startsWith("08000000  FF FF FF FF");
            assertThat(banks.hexRow(0x10_0000)).as("bank 1 intact, at 0x08100000 now")
                    .startsWith("08100000  00 10 00 20 01 01 00 08");
        } finally {
            w.page().hideView(banks);
            Ui.pumpUntil("bank browser jobs", () -> org.eclipse.core.runtime.jobs.Job.getJobManager()
                    .find(TargetJob.FAMILY).length == 0);
        }
    }
}
