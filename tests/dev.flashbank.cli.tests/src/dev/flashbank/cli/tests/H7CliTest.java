package dev.flashbank.cli.tests;

import static dev.flashbank.cli.tests.InProcessCli.ok;
import static dev.flashbank.cli.tests.InProcessCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.tests.InProcessCli.Run;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.state.BoardStateFile;

/**
 * The CLI on a second family, through the family seams only: a simulated STM32H743ZI board file
 * ({@code sim:STM32H743ZI@file}), commands run in-process as a user types them, the board's PHYSICAL state (option
 * registers in force, cells of each physical bank) read back from the state file after each command. The CLI has no
 * family code: what it shows and accepts comes from the descriptor's option fields, the option image's named
 * registers and the geometry's banks and windows.
 */
class H7CliTest {

    private static final String PART = "STM32H743ZI";

    @TempDir
    Path tmp;

    Path boardFile;
    String target;
    InProcessCli.Home home;

    @AfterEach
    void restoreHome() {
        home.restore();
    }

    @BeforeEach
    void board() {
        // backups and journals of these commands stay under target/ (never ~/.flashbank)
        home = new InProcessCli.Home(tmp.resolve("home"));
        boardFile = tmp.resolve("h743.fbboard");
        ok("board", "create", "--part", PART, "--file", boardFile.toString());
        target = "sim:" + PART + "@" + boardFile;
    }

    /** The options in force on the board now (the simulator's summary: rdp, optsr, swapBankOpt, wpsn1, wpsn2 ...). */
    Map<String, Object> optionsInForce() throws Exception {
        return boardNow().optionStateSummary();
    }

    BenchBoard boardNow() throws Exception {
        return BoardStateFile.load(boardFile, InstalledFamilies.simulated());
    }

    @Test
    void infoNamesTheFamilyLineBanksAndWhereEachPhysicalBankIsMapped() {
        Run text = ok("info", "--target", target);
        assertThat(text.out()).contains("Family: STM32H7, line STM32H742/H743")
                .contains("Flash: 2048 KiB, dual bank, 16 sectors")
                .contains("physical bank 1: 1024 KiB, sectors 0-7, mapped at 0x08000000")
                .contains("physical bank 2: 1024 KiB, sectors 0-7, mapped at 0x08100000")
                .contains("Read protection: 0xAA = level 0")
                .doesNotContain("ITCM"); // the F7's second window is not the H7's

        Map<String, Object> json = JsonParser.object(ok("info", "--target", target, "--json").out());
        assertThat(json).containsEntry("family", "STM32H7").containsEntry("banksSwapped", false)
                .containsEntry("bankMode", "DUAL").containsEntry("rdpLevel", 0L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> banks = (List<Map<String, Object>>) json.get("banks");
        assertThat(banks).hasSize(2);
        assertThat(banks.get(1)).containsEntry("physicalBank", 2L).containsEntry("sizeKiB", 1024L);
        assertThat(banks.get(1).values()).contains("0x08100000");
    }

    @Test
    void obShowListsTheH7RegistersAndFieldsInTheirGroups() {
        Run text = ok("ob", "show", "--target", target);
        assertThat(text.out()).contains("OPTSR_PRG=0x").contains("WPSN_PRG1R=0x000000FF").contains("BOOT_PRGR=0x")
                .contains(" Bank swap:").contains("SWAP_BANK_OPT").contains(" Write protection")
                .contains("WRPSN2_7").doesNotContain("OPTCR");
        // a group's heading appears once: its fields are listed together
        assertThat(text.out().split(" Bank swap:", -1)).hasSize(2);

        Map<String, Object> json = JsonParser.object(ok("ob", "show", "--target", target, "--json").out());
        assertThat(json).containsEntry("family", "STM32H7");
        @SuppressWarnings("unchecked")
        Map<String, Object> registers = (Map<String, Object>) json.get("registers");
        assertThat(registers).containsKeys("OPTSR_PRG", "PRAR_PRG1", "SCAR_PRG1", "WPSN_PRG1R", "BOOT_PRGR",
                "WPSN_PRG2R").containsEntry("WPSN_PRG2R", "0x000000FF");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fields = (List<Map<String, Object>>) json.get("fields");
        assertThat(fields).anySatisfy(f -> assertThat(f).containsEntry("name", "SWAP_BANK_OPT")
                .containsEntry("group", "Bank swap").containsEntry("value", 0L));
        assertThat(fields).anySatisfy(f -> assertThat(f).containsEntry("name", "WRPSN1_3")
                .containsEntry("register", "WPSN_PRG1R").containsEntry("value", 1L));
    }

    @Test
    void obSetChangesBorLevelAndOneWpsnSectorOnTheBoardAfterABackup() throws Exception {
        Run set = ok("ob", "set", "--target", target, "BOR_LEV=LEVEL_2", "WRPSN1_3=0");
        assertThat(set.out()).contains("BOR_LEV").contains("WRPSN1_3").contains("verified")
                .contains("sector 3 of bank 1 write-protected");
        assertThat(optionsInForce()).containsEntry("wpsn1", "0xF7").containsEntry("wpsn2", "0xFF");

        Map<String, Object> json = JsonParser.object(ok("ob", "show", "--target", target, "--json").out());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fields = (List<Map<String, Object>>) json.get("fields");
        assertThat(fields).anySatisfy(f -> assertThat(f).containsEntry("name", "BOR_LEV").containsEntry("value", 2L));
        assertThat(fields).anySatisfy(f -> assertThat(f).containsEntry("name", "WRPSN1_3").containsEntry("value", 0L));
        try (var backups = Files.list(tmp.resolve("home").resolve("backups"))) {
            List<Path> files = backups.toList();
            assertThat(files).hasSize(1);
            assertThat(Files.readString(files.get(0))).contains("WPSN_PRG1R: 0x000000FF");
        }
    }

    @Test
    void anUnknownOptionNameIsAUsageErrorListingTheH7NamesAndNothingIsWritten() throws Exception {
        Map<String, Object> before = optionsInForce();
        Run r = run("ob", "set", "--target", target, "nWRP3=0");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("nWRP3").contains("no such option byte on this part").contains("WRPSN1_3");
        Run bad = run("ob", "set", "--target", target, "WRPSN1_3=2");
        assertThat(bad.rc()).isEqualTo(2);
        assertThat(bad.err()).contains("WRPSN1_3");
        assertThat(optionsInForce()).isEqualTo(before);
    }

    @Test
    void rdpLevel2IsRefusedWithoutTheTypedPartNameAndNothingIsWritten() throws Exception {
        Map<String, Object> before = optionsInForce();
        Run none = run("ob", "set", "--target", target, "RDP=level2");
        assertThat(none.rc()).isEqualTo(3);
        assertThat(none.err()).contains("IRREVERSIBLE").contains("--confirm " + PART).contains("Nothing was written");
        Run wrong = run("ob", "set", "--target", target, "--confirm", "stm32h743zi", "RDP=level2");
        assertThat(wrong.rc()).isEqualTo(3);
        assertThat(optionsInForce()).isEqualTo(before);
        assertThat(tmp.resolve("home").resolve("backups")).doesNotExist();
    }

    @Test
    void rdpLevel1ThenItsRegressionNeedsEraseAllFlash() throws Exception {
        ok("ob", "set", "--target", target, "RDP=level1");
        assertThat((String) optionsInForce().get("rdp")).contains("level 1");

        Run refused = run("rdp-regress", "--target", target);
        assertThat(refused.rc()).isEqualTo(3);
        assertThat(refused.err()).contains("--erase-all-flash").contains("Nothing was written");
        assertThat((String) optionsInForce().get("rdp")).contains("level 1");

        Run regress = ok("rdp-regress", "--target", target, "--erase-all-flash");
        assertThat(regress.out()).contains("mass-erased");
        assertThat((String) optionsInForce().get("rdp")).startsWith("0xAA").contains("level 0");
        Run again = ok("rdp-regress", "--target", target);
        assertThat(again.out()).contains("already level 0");
    }

    @Test
    void obBackupWritesTheNamedH7Registers() throws Exception {
        Path file = tmp.resolve("h743.fbopt");
        ok("ob", "backup", "--target", target, file.toString());
        assertThat(Files.readString(file)).contains("OPTSR_PRG: 0x").contains("WPSN_PRG2R: 0x000000FF")
                .contains("BOOT_PRGR: 0x");
        Run again = run("ob", "backup", "--target", target, file.toString());
        assertThat(again.rc()).isEqualTo(3);
        assertThat(again.err()).contains("exists");
    }

    @Test
    void obRestoreOfABackupAfterObSetBringsBackEveryOptionOnlyWithTheConfirmationTheRestoreNeeds() throws Exception {
        Path backup = tmp.resolve("before.fbopt");
        ok("ob", "backup", "--target", target, backup.toString());
        Map<String, Object> original = JsonParser.object(ok("ob", "show", "--target", target, "--json").out());
        Map<String, Object> inForce = optionsInForce();

        ok("ob", "set", "--target", target, "BOR_LEV=LEVEL_2", "WRPSN2_6=0", "RDP=level1");
        Map<String, Object> changed = optionsInForce();
        assertThat(changed).containsEntry("wpsn2", "0xBF");
        assertThat((String) changed.get("rdp")).contains("level 1");

        // back to RDP level 0 is the RDP 1 -> 0 regression: it mass-erases the flash, so it needs --erase-all-flash
        Run refused = run("ob", "restore", "--target", target, backup.toString());
        assertThat(refused.rc()).as(refused.err()).isEqualTo(3);
        assertThat(refused.err()).contains("--erase-all-flash").contains("Nothing was written");
        assertThat(optionsInForce()).isEqualTo(changed);

        Run restore = ok("ob", "restore", "--target", target, "--erase-all-flash", backup.toString());
        assertThat(restore.out()).contains("BOR_LEV").contains("WRPSN2_6").contains("RDP").contains("verified");
        assertThat(JsonParser.object(ok("ob", "show", "--target", target, "--json").out())).isEqualTo(original);
        assertThat(optionsInForce()).isEqualTo(inForce);
    }

    /**
     * An RDP 1 -> 0 regression cut by a power loss inside its OPTSTART, as the CLI would have run it: journaled
     * first (the guard the CLI puts around every option write, into the same journal folder), then the power goes.
     * The simulated H7 keeps the options in force when an option change is cut (the named assumption
     * sim.interruptedOptionChangeKeepsOptions), so the board is left at RDP level 1.
     */
    void cutAnRdpRegression() throws Exception {
        BenchBoard board = boardNow();
        dev.flashbank.sim.SimulatedProbe probe = dev.flashbank.sim.SimulatedProbe.connect(board);
        try {
            dev.flashbank.core.flash.PollClock clock = new dev.flashbank.core.flash.PollClock() {
                @Override
                public long nanoTime() {
                    return probe.bus().nanoTime();
                }

                @Override
                public void pause(long nanos) throws dev.flashbank.core.target.TargetException {
                    probe.elapse(java.time.Duration.ofNanos(nanos));
                }
            };
            var ctx = dev.flashbank.core.ops.OperationContext.open(InstalledFamilies.families(),
                    new dev.flashbank.core.ops.OperationTarget(target, "simulated " + PART), probe, clock,
                    dev.flashbank.core.flash.FlashDriverSettings.defaults());
            var journaled = dev.flashbank.core.ops.BoardJournal.guardOf(
                    dev.flashbank.core.io.FlashbankHome.journals(), probe, PART, line -> {
                    });
            var level0 = ctx.driver().readOptions().withRdp(dev.flashbank.core.device.RdpLevel.LEVEL0_BYTE);
            var write = new dev.flashbank.core.ops.OptionBytesWrite(ctx.driver(), PART, level0, tmp.resolve("bk"),
                    dev.flashbank.core.ops.Confirmation.of(true, null)).withGuard((driver, before, after) -> {
                        journaled.beforeOptionWrite(driver, before, after);
                        // 1 ms into the option change, whose OPTSTART the driver sets next
                        board.faults().powerLossAt(java.time.Duration.ofNanos(probe.bus().nanoTime() + 1_000_000));
                    });
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> write.run(dev.flashbank.core.flash.FlashProgress.NONE)).isNotNull();
        } finally {
            probe.close();
        }
        assertThat(board.faults().lastInterruption()).get()
                .extracting(dev.flashbank.sim.InterruptedOperation::kind)
                .isEqualTo(dev.flashbank.sim.InterruptedOperation.Kind.OPTION_PROGRAM);
        board.faults().clear();
        board.powerOn();
        BoardStateFile.save(board, boardFile);
    }

    @Test
    void recoverAfterARegressionCutByAPowerLossNeedsEraseAllFlashThenRestoresTheJournalsBanksAndOptions()
            throws Exception {
        byte[] app = application(5000, 7); // physical bank 1 holds a bootable image, bank 2 data
        byte[] data = pattern(3000, 11);
        Files.write(tmp.resolve("app.bin"), app);
        Files.write(tmp.resolve("data.bin"), data);
        ok("program", "--target", target, "--base", "0x08000000", tmp.resolve("app.bin").toString());
        ok("program", "--target", target, "--base", "0x08100000", tmp.resolve("data.bin").toString());
        ok("ob", "set", "--target", target, "BOR_LEV=LEVEL_1", "RDP=level1"); // journals both banks at level 0
        Map<String, Object> level1 = optionsInForce();
        cutAnRdpRegression();
        assertThat(optionsInForce()).as("a cut option change leaves the options in force").isEqualTo(level1);

        Run dry = ok("recover", "--target", target, "--dry-run");
        assertThat(dry.out()).contains("RDP 1 -> 0 regression journaled at").contains("did not complete")
                .contains("MASS-ERASES").contains("Dry run: nothing written");
        Run refused = run("recover", "--target", target);
        assertThat(refused.rc()).as(refused.err()).isEqualTo(3);
        assertThat(refused.err()).contains("MASS-ERASES").contains("flashbank recover --erase-all-flash");
        assertThat(optionsInForce()).as("nothing written").isEqualTo(level1);

        Run recover = ok("recover", "--target", target, "--erase-all-flash");
        assertThat(recover.out()).contains("RDP regressed to level 0 (flash mass-erased)")
                .contains("physical bank(s) [1, 2] reprogrammed from the journal and verified")
                .contains("option bytes restored from the journal's backup");
        assertThat(recover.err()).contains("do not remove power");
        // the journal's banks (taken at level 0) and the options of its backup, at the RDP level 0 the cut
        // regression asked for (restoring level 1 would leave the same evidence and ask for recover again)
        assertThat(boardNow().readCells(1, 0, app.length)).isEqualTo(app);
        assertThat(boardNow().readCells(2, 0, data.length)).isEqualTo(data);
        assertThat(boardNow().readCells(2, data.length, 4096)).as("erased by the regression").containsOnly((byte) 0xFF);
        Map<String, Object> after = optionsInForce();
        assertThat((String) after.get("rdp")).contains("level 0");
        Map<String, Object> json = JsonParser.object(ok("ob", "show", "--target", target, "--json").out());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fields = (List<Map<String, Object>>) json.get("fields");
        assertThat(fields).anySatisfy(f -> assertThat(f).containsEntry("name", "BOR_LEV").containsEntry("value", 1L));
        assertThat(recover.out()).contains("the board stays at level 0");
        assertThat(boardNow().lastBootReport().physicalBank()).isEqualTo(1);
        Run again = ok("recover", "--target", target);
        assertThat(again.out()).contains("Nothing to recover");
        assertThat(optionsInForce()).isEqualTo(after);
    }

    @Test
    void readAndVerifyGoThroughTheWindowOfEachPhysicalBank() throws Exception {
        Path out = tmp.resolve("bank2.bin");
        ok("read", "--target", target, "--range", "0x08100000+64", "--out", out.toString());
        byte[] read = Files.readAllBytes(out);
        assertThat(read).hasSize(64);
        assertThat(read).isEqualTo(boardNow().readCells(1, 0, 64)); // physical bank 2 = array 1

        ok("verify", "--target", target, "--base", "0x08100000", out.toString());
        Path other = tmp.resolve("other.bin");
        byte[] different = read.clone();
        different[5] ^= 0x5A;
        Files.write(other, different);
        Run v = run("verify", "--target", target, "--base", "0x08100000", other.toString());
        assertThat(v.rc()).isEqualTo(4);
        assertThat(v.out() + v.err()).contains("0x08100005");
    }

    // ------------------------------------------------------------------ program, erase, doctor (protection model)

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        return b;
    }

    @Test
    void programAndEraseReachEachPhysicalBankAndAWpsnProtectedSectorIsRefusedWithNothingWritten() throws Exception {
        Path app = tmp.resolve("app.bin");
        byte[] data = pattern(3000, 1);
        Files.write(app, data);
        Run program = ok("program", "--target", target, "--base", "0x08100000", app.toString());
        assertThat(program.out() + program.err()).contains("verif");
        assertThat(boardNow().readCells(2, 0, data.length)).isEqualTo(data); // physical bank 2, sector 0

        Run erase = ok("erase", "--target", target, "--range", "0x08100000+0x20000");
        assertThat(erase.out()).contains("sector 0 of bank 2");
        assertThat(boardNow().readCells(2, 0, data.length)).containsOnly((byte) 0xFF);
        Run ambiguous = run("erase", "--target", target, "--sectors", "3");
        assertThat(ambiguous.rc()).isEqualTo(3);
        assertThat(ambiguous.err()).contains("exists in bank 1 and bank 2")
                .contains("flashbank erase --sectors 1:3 or --sectors 2:3");

        ok("program", "--target", target, "--base", "0x08100000", app.toString());
        ok("ob", "set", "--target", target, "WRPSN2_0=0");
        Path other = tmp.resolve("other.bin");
        Files.write(other, pattern(3000, 9));
        Run refused = run("program", "--target", target, "--base", "0x08100000", other.toString());
        assertThat(refused.rc()).isEqualTo(3);
        assertThat(refused.err()).contains("sector 0 of bank 2").contains("WRPSN2_0 = 0")
                .contains("flashbank ob set WRPSN2_0=1");
        for (List<String> what : List.of(List.of("--bank", "2"), List.of("--mass"),
                List.of("--range", "0x08100000+0x20000"))) {
            List<String> args = new java.util.ArrayList<>(List.of("erase", "--target", target));
            args.addAll(what);
            Run r = run(args.toArray(String[]::new));
            assertThat(r.rc()).as(String.join(" ", what) + "\n" + r.err()).isEqualTo(3);
            assertThat(r.err()).contains("sector 0 of bank 2").contains("write-protected")
                    .contains("flashbank ob set WRPSN2_0=1").doesNotContain(" a erase");
            if (what.get(0).equals("--bank")) {
                assertThat(r.err()).contains("an erase of physical bank 2 is refused as a whole");
            }
        }
        assertThat(boardNow().readCells(2, 0, data.length)).as("nothing written").isEqualTo(data);
        ok("erase", "--target", target, "--bank", "1"); // the other bank is not protected
    }

    /** H743 sectors: 8 x 128 KiB in each bank, numbered 0-7 per bank (RM0433 §4.3.1). */
    static final int SECTOR = 128 * 1024;
    static final int MARK = 256;

    /** The first {@link #MARK} bytes of every sector of both banks programmed with a pattern of its own. */
    byte[][][] markEverySector() throws Exception {
        byte[][][] marks = new byte[3][8][];
        List<dev.flashbank.core.image.Segment> segments = new java.util.ArrayList<>();
        for (int bank = 1; bank <= 2; bank++) {
            for (int k = 0; k < 8; k++) {
                marks[bank][k] = pattern(MARK, bank * 16 + k);
                segments.add(new dev.flashbank.core.image.Segment(0x0800_0000L + (bank - 1) * 0x10_0000L
                        + (long) k * SECTOR, marks[bank][k], "sector " + k + " of bank " + bank));
            }
        }
        Path hex = tmp.resolve("marks.hex");
        Files.write(hex, dev.flashbank.core.image.IntelHexWriter.write(dev.flashbank.core.image.FirmwareImage.of(
                "marks", dev.flashbank.core.image.ImageFormat.INTEL_HEX, segments, java.util.OptionalLong.empty())));
        ok("program", "--target", target, hex.toString());
        for (int bank = 1; bank <= 2; bank++) {
            for (int k = 0; k < 8; k++) {
                assertThat(boardNow().readCells(bank, (long) k * SECTOR, MARK)).isEqualTo(marks[bank][k]);
            }
        }
        return marks;
    }

    /** Each sector of both banks either still holds its mark or is erased, whole, as {@code erased} says. */
    void assertSectors(byte[][][] marks, java.util.Set<String> erased) throws Exception {
        BenchBoard now = boardNow();
        for (int bank = 1; bank <= 2; bank++) {
            for (int k = 0; k < 8; k++) {
                String name = bank + ":" + k;
                if (erased.contains(name)) {
                    assertThat(now.readCells(bank, (long) k * SECTOR, SECTOR)).as(name).containsOnly((byte) 0xFF);
                } else {
                    assertThat(now.readCells(bank, (long) k * SECTOR, MARK)).as(name).isEqualTo(marks[bank][k]);
                }
            }
        }
    }

    @Test
    void eraseSectorsNamedByBankAndNumberErasesExactlyThoseSectorsOfThatPhysicalBank() throws Exception {
        byte[][][] marks = markEverySector();
        Run erase = ok("erase", "--target", target, "--sectors", "2:2-3");
        assertThat(erase.out()).contains("sectors 2 and 3 of bank 2 erased (0x08140000-0x0817FFFF)")
                .doesNotContain("bank 1");
        assertSectors(marks, java.util.Set.of("2:2", "2:3"));

        // items and runs mix, repeated numbers count once, the order given is kept
        ok("erase", "--target", target, "--sectors", "1:7,2:5", "--sectors", "2:5");
        assertSectors(marks, java.util.Set.of("2:2", "2:3", "1:7", "2:5"));
    }

    @Test
    void aWpsnProtectedSectorIsRefusedNamingTheOptionAndNoSectorOfTheRequestIsErased() throws Exception {
        byte[][][] marks = markEverySector();
        ok("ob", "set", "--target", target, "WRPSN2_1=0");
        Run refused = run("erase", "--target", target, "--sectors", "2:0-1");
        assertThat(refused.rc()).as(refused.err()).isEqualTo(3);
        assertThat(refused.err()).contains("sector 1 of bank 2").contains("WRPSN2_1")
                .contains("flashbank ob set WRPSN2_1=1").contains("Nothing was written");
        assertSectors(marks, java.util.Set.of()); // sector 0 of bank 2 is not protected, and is not erased either
        ok("erase", "--target", target, "--sectors", "1:1"); // the same number in the other bank is not protected
        assertSectors(marks, java.util.Set.of("1:1"));
    }

    @Test
    void sectorNumbersTheLayoutDoesNotHaveAreRefusedNamingEachBanksNumbersAndNothingIsWritten() throws Exception {
        byte[][][] marks = markEverySector();
        Run noSector = run("erase", "--target", target, "--sectors", "2:8");
        assertThat(noSector.rc()).isEqualTo(3);
        assertThat(noSector.err()).contains("physical bank 2 has no sector 8: its sectors are 0-7")
                .contains("flashbank erase --sectors 2:N with N in 0-7");
        Run noBank = run("erase", "--target", target, "--sectors", "3:0");
        assertThat(noBank.rc()).isEqualTo(3);
        assertThat(noBank.err()).contains("there is no physical bank 3");
        Run bare = run("erase", "--target", target, "--sectors", "12");
        assertThat(bare.rc()).isEqualTo(3);
        assertThat(bare.err()).contains("there is no sector 12 in the dual-bank layout (sectors 0-7 in bank 1, "
                + "0-7 in bank 2)");
        for (String bad : List.of("2:x", "5-3", "0:1", "2:", "-1")) {
            Run usage = run("erase", "--target", target, "--sectors", bad);
            assertThat(usage.rc()).as(bad + "\n" + usage.err()).isEqualTo(2);
            assertThat(usage.err()).as(bad).contains("--sectors");
        }
        assertThat(run("erase", "--target", target, "--sectors", "x").err()).contains("BANK:N-M");
        assertSectors(marks, java.util.Set.of());
    }

    @Test
    void doctorExaminesTheH7PartAndPredictsErasesInTextAndJson() throws Exception {
        Run healthy = ok("doctor", "--target", target);
        assertThat(healthy.out()).contains("STM32H7").contains("FLASH_OPTCR.SWAP_BANK = 0")
                .contains("Mass erase would succeed").contains("No sector is write-protected");

        ok("ob", "set", "--target", target, "WRPSN1_5=0", "SWAP_BANK_OPT=1"); // ob set resets: the swap is in force
        Run text = run("doctor", "--target", target);
        assertThat(text.rc()).isEqualTo(3);
        assertThat(text.out()).contains("sector 5 of bank 1").contains("WRPSN1_5").contains("[flag WRPERR]")
                .contains("FLASH_OPTCR.SWAP_BANK = 1").contains("physical bank 2 at 0x08000000");
        Map<String, Object> json = JsonParser.object(run("doctor", "--target", target, "--json").out());
        assertThat(json).containsEntry("ok", false);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) json.get("eraseChecks");
        assertThat(checks).anySatisfy(c -> assertThat(c).containsEntry("scope", "erase of physical bank 1")
                .containsEntry("wouldSucceed", false));
        assertThat(checks).anySatisfy(c -> assertThat(c).containsEntry("scope", "erase of physical bank 2")
                .containsEntry("wouldSucceed", true));
    }

    /** A small application linked for 0x08000000: SP at the top of DTCM, Thumb reset handler at +0x100. */
    private static byte[] application(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 13 + seed);
        }
        long[] vectors = { 0x2002_0000L, 0x0800_0101L };
        for (int v = 0; v < 2; v++) {
            for (int k = 0; k < 4; k++) {
                b[v * 4 + k] = (byte) (vectors[v] >>> (8 * k));
            }
        }
        return b;
    }

    @Test
    void bankUpdateSwapAndRollbackUseTheSwapBankSchemeAndTheBoardBootsTheChosenImage() throws Exception {
        byte[] a = application(5000, 3);
        byte[] b = application(7000, 5);
        Path fileA = tmp.resolve("a.bin");
        Path fileB = tmp.resolve("b.bin");
        Files.write(fileA, a);
        Files.write(fileB, b);

        Run wrong = run("bank-update", "--target", target, "--scheme", "boot-add", "--base", "0x08000000",
                fileA.toString());
        assertThat(wrong.rc()).isEqualTo(2);
        assertThat(wrong.err()).contains("boot-add is not a scheme of STM32H742/H743").contains(": swap-bank");
        assertThat(boardNow().readCells(2, 0, 64)).as("nothing written").containsOnly((byte) 0xFF);

        // from physical bank 1: A into physical bank 2 through window 2, SWAP_BANK_OPT = 1, reset
        Run u = ok("bank-update", "--target", target, "--base", "0x08000000", "--reset", fileA.toString());
        assertThat(u.out()).contains("scheme: swap-bank (chosen because")
                .contains("programmed into physical bank 2 at 0x08100000").contains("SWAP_BANK_OPT = 1");
        assertThat(boardNow().lastBootReport().physicalBank()).isEqualTo(2);
        assertThat(boardNow().readCells(2, 0, a.length)).isEqualTo(a);

        // from physical bank 2: B into physical bank 1, which window 2 shows now
        Run json = ok("bank-update", "--target", target, "--scheme", "SWAP_BANK", "--base", "0x08000000", "--reset",
                "--json", fileB.toString());
        Map<String, Object> result = JsonParser.object(json.out());
        assertThat(result.toString()).contains("inactiveBank=1").contains("programAddress=0x08100000")
                .contains("scheme=SWAP_BANK").contains("swapBankOpt=false");
        assertThat(boardNow().lastBootReport().physicalBank()).isEqualTo(1);
        assertThat(boardNow().readCells(1, 0, b.length)).isEqualTo(b);
        assertThat(boardNow().readCells(2, 0, a.length)).as("the old image is intact").isEqualTo(a);

        // rollback (the part has one scheme: --scheme may be left out) boots A again; swap toggles back
        Run back = ok("rollback", "--target", target, "--reset");
        assertThat(back.out()).contains("rollback to physical bank 2").contains("SWAP_BANK_OPT = 1");
        assertThat(boardNow().lastBootReport().physicalBank()).isEqualTo(2);
        ok("swap", "--target", target, "--scheme", "swap-bank", "--reset");
        assertThat(boardNow().lastBootReport().physicalBank()).isEqualTo(1);
        assertThat(ok("info", "--target", target).out()).contains("valid image");
    }
}
