package dev.flashbank.family.pageflash.flash;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.family.BootState;
import dev.flashbank.core.family.DoctorCheck;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashGeometry;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashLine.Series;
import dev.flashbank.family.pageflash.PageFlashOptionImage;
import dev.flashbank.family.pageflash.PageFlashRegisters;

/**
 * The page-flash doctor checks, contributed by {@link PageFlashFamily} (RM0440/RM0351/RM0432/RM0444 §3): part and page
 * layout (with the G4 gap), the bank mapping (FB_MODE / nSWAP_BANK) and the trap it sets for erases by BKER (which
 * names the PHYSICAL bank, so with the banks swapped "bank 2" is the RUNNING image), the next boot (BFB2 through the
 * ROM bootloader's stack-pointer check, boot options, VTOR), RDP, WRP and PCROP areas, the securable area and boot
 * lock, OPTVERR (an option load that found mismatched options), ECC errors, stale SR flags and busy flags (G0 CFGBSY),
 * and - after the erase predictions - the UNCONFIRMED assumptions. Everything is read through the neutral driver and
 * the register model; nothing is written (status flags are reported, not cleared).
 */
public final class PageFlashDoctorChecks {

    private PageFlashDoctorChecks() {
    }

    /** The checks in reading order: the examination, then the assumptions (after the erase predictions). */
    public static List<DoctorCheck> all() {
        return List.of(subject -> DoctorCheck.Result.of(new Examination(subject).run()), new DoctorCheck() {
            @Override
            public Result examine(Subject subject) {
                return Result.of(List.of(assumptions((PageFlashDescriptor) subject.identity().descriptor())));
            }

            @Override
            public boolean afterEraseChecks() {
                return true;
            }
        });
    }

    static Finding assumptions(PageFlashDescriptor d) {
        String text = d.parameters().stream().map(ModelParameter::toString).collect(Collectors.joining("; "));
        return Finding.info(FindingCode.ASSUMPTIONS, "These answers rely on UNCONFIRMED model parameters: " + text
                + ".");
    }

    /** One examination run. */
    private static final class Examination {
        private final DoctorCheck.Subject subject;
        private final TargetIdentity id;
        private final PageFlashDescriptor d;
        private final PageFlashLine line;
        private final PageFlashRegisters regs;
        private final List<Finding> findings = new ArrayList<>();

        Examination(DoctorCheck.Subject subject) {
            this.subject = subject;
            this.id = subject.identity();
            this.d = (PageFlashDescriptor) id.descriptor(); // the page-flash provider examines its own lines only
            this.line = d.pageFlashLine();
            this.regs = d.registers();
        }

        private void add(Severity s, FindingCode c, String message, String fix, String consequence) {
            findings.add(Finding.of(s, c, message, fix, consequence));
        }

        List<Finding> run() {
            PageFlashOptionImage o;
            boolean swapped;
            try {
                o = (PageFlashOptionImage) subject.driver().readOptions();
                swapped = subject.driver().banksSwapped();
            } catch (TargetException e) {
                add(Severity.ERROR, FindingCode.CONNECTION_FAILED, "The FLASH option registers could not be read: "
                        + e.getMessage(), "check wiring and power, then run flashbank doctor again", null);
                return findings;
            }
            FlashGeometry g = d.geometry(id.flashSizeKiB(), o.bankMode());
            part(o, g);
            mapping(g, swapped);
            try {
                boot(o, g, swapped);
                rdp(o);
                protection(o);
                status(g, swapped, o);
            } catch (TargetException e) {
                add(Severity.WARNING, FindingCode.CONNECTION_FAILED, "Reading the flash interface failed part-way: "
                        + e.getMessage(), "run flashbank doctor again", null);
            }
            return findings;
        }

        private void part(PageFlashOptionImage o, FlashGeometry g) {
            add(Severity.INFO, FindingCode.PART, String.format("%s — %s, %s; 64-bit double words with 8 ECC bits"
                    + " (a programmed double word cannot be programmed again, only erased)", id.summary(), d.line(),
                    d.referenceManual()), null, null);
            String option = PageFlashGeometry.bankModeOption(line, id.flashSizeKiB())
                    .map(f -> f + " = " + (regs.optr().field(f).isSet(o.optr()) ? 1 : 0)).orElse("fixed bank mode");
            String banks = g.banks().stream().map(b -> String.format("bank %d: pages %d-%d (%d x %d KiB) at 0x%08X",
                    b.number(), b.sectors().get(0).number(), b.sectors().get(b.sectors().size() - 1).number(),
                    b.sectors().size(), b.sectors().get(0).sizeKiB(), g.bankRange(b.number(), false, g.linkWindow())
                            .start())).collect(Collectors.joining("; "));
            String gap = "";
            if (g.bankCount() == 2 && g.slot2Offset() > g.bank(1).size()) {
                gap = String.format(" The addresses 0x%08X-0x%08X between the banks are no flash (RM0440 Table 7):"
                        + " images and linker scripts must skip them.", g.linkWindow().base() + g.bank(1).size(),
                        g.linkWindow().base() + g.slot2Offset() - 1);
            }
            add(Severity.INFO, FindingCode.BANK_MODE, String.format("%d KiB in %d bank(s) (%s): %s.%s",
                    id.flashSizeKiB(), g.bankCount(), option, banks, gap), null, null);
        }

        private String bit() {
            return line.series().hasFbMode() ? "SYSCFG_MEMRMP.FB_MODE" : "FLASH_OPTR.nSWAP_BANK";
        }

        private int bitValue(boolean swapped) {
            return line.series().hasFbMode() == swapped ? 1 : 0;
        }

        private void mapping(FlashGeometry g, boolean swapped) {
            List<String> parts = new ArrayList<>();
            for (Bank b : g.banks()) {
                parts.add("physical bank " + b.number() + " at " + g.bankRange(b.number(), swapped, g.linkWindow()));
            }
            if (g.bankCount() < 2) {
                add(Severity.INFO, FindingCode.BANK_MAPPING, String.join("; ", parts) + ".", null, null);
                return;
            }
            add(Severity.INFO, FindingCode.BANK_MAPPING, bit() + " = " + bitValue(swapped) + ": " + String.join("; ",
                    parts) + ". Page erase (BKER) and bank erase (MER1/MER2) select PHYSICAL banks whatever the"
                    + " mapping; Flashbank names banks by their physical number.", null, null);
            if (swapped) {
                long upper = g.bankRange(1, true, g.linkWindow()).start();
                add(Severity.WARNING, FindingCode.SWAPPED_BANK_ERASE, String.format("The banks are swapped (%s = %d):"
                        + " the RUNNING image at 0x%08X is physical bank 2 (BKER = 1, MER2) and the bank at 0x%08X is"
                        + " physical bank 1 (BKER = 0, MER1). A tool that derives BKER from the address - BKER = 1 for"
                        + " the upper half, as OpenOCD and st-flash do - or that erases \"bank 2\" to update the upper"
                        + " half erases the RUNNING bank (wolfBoot PR #821 bricked a part this way); erasing bank 1 by"
                        + " BKER = 0 / MER1 erases the image at 0x%08X, not the one at 0x%08X.", bit(),
                        bitValue(swapped), g.linkWindow().base(), upper, upper, g.linkWindow().base()),
                        "update with flashbank bank-update (it erases the inactive PHYSICAL bank and programs it"
                                + " where it is mapped); erase by physical bank: flashbank erase --bank 1 erases the"
                                + " bank at 0x" + Long.toHexString(upper),
                        "none: this is how the controller works");
            }
        }

        private void boot(PageFlashOptionImage o, FlashGeometry g, boolean swapped) throws TargetException {
            if (g.bankCount() < 2 || d.switchSchemes(id.flashSizeKiB()).isEmpty()) {
                return;
            }
            MemoryAccess mem = subject.target().memory();
            // the debug port reaches the banks through the CPU's mapping unless the model says otherwise
            boolean bus = swapped && d.pageFlashParameters().debugSeesSwap();
            PageFlashBankSwap swap = new PageFlashBankSwap(d, id.flashSizeKiB(), new PageFlashBankSwap.Target() {
                @Override
                public PageFlashOptionImage options() {
                    return o;
                }

                @Override
                public boolean swapped() {
                    return swapped;
                }

                @Override
                public int initialStackPointer(int bank) throws TargetException {
                    return mem.read32(g.windowAddress(bank, 0, bus, g.linkWindow()));
                }
            });
            if (o.rdpLevel() != RdpLevel.LEVEL_0) {
                return; // the banks cannot be read: the next boot cannot be predicted from their vector tables
            }
            int[] sp = { mem.read32(g.windowAddress(1, 0, bus, g.linkWindow())),
                    mem.read32(g.windowAddress(2, 0, bus, g.linkWindow())) };
            BootState b = swap.readBootState(o, swapped, bank -> swap.bootloaderAccepts(sp[bank - 1]));
            add(Severity.INFO, FindingCode.BOOT_NEXT, "Next reset: " + b.bootReason() + ".", null, null);
            if (line.series().hasFbMode() && o.bfb2()) {
                if (!swap.bootloaderAccepts(sp[1])) {
                    add(Severity.WARNING, FindingCode.BOOT_NEXT, String.format("BFB2 = 1 but bank 2's initial stack"
                            + " pointer 0x%08X is not one the ROM bootloader accepts (0x20000000 < SP <= 0x%08X): it"
                            + " falls back to bank 1 (FB_MODE = 0) or stays in the bootloader.", sp[1],
                            line.bootloaderStackLimit()),
                            "link the bank-2 image with its stack in SRAM1/SRAM2 (not CCM SRAM), or flashbank ob set"
                                    + " BFB2=0",
                            "none until the next reset");
                }
                add(Severity.INFO, FindingCode.BOOT_NEXT, "BFB2 = 1: after a dual-bank boot address 0 stays system"
                        + " memory (the bootloader), so the image must set SCB->VTOR = 0x08000000 before enabling"
                        + " interrupts; and the running bank is the one FB_MODE shows, not the one BFB2 prefers.",
                        null, null);
            }
            if (b.mappingChangesAtReset()) {
                add(Severity.WARNING, FindingCode.BANK_SWAP_PENDING, "The mapping changes at the next reset: "
                        + b.mappingAtReset() + ".", "none needed; writes before that reset reach the banks where they"
                                + " are mapped now", "addresses name the other physical bank after the reset");
            }
        }

        private void rdp(PageFlashOptionImage o) {
            String text = "RDP " + RdpLevel.text(o.rdp()) + " (FLASH_OPTR.RDP)";
            switch (o.rdpLevel()) {
                case LEVEL_0 -> add(Severity.INFO, FindingCode.RDP, text + ".", null, null);
                case LEVEL_1 -> {
                    add(Severity.ERROR, FindingCode.RDP, text + ". While a debugger is connected the flash cannot be"
                            + " read, programmed or erased (bus errors); the option registers can still be changed.",
                            "flashbank rdp-regress --erase-all-flash (IDE: Option Bytes editor, RDP level 0)",
                            "RDP 1 -> 0 mass-erases the main flash (PCROP pages kept when PCROP_RDP = 0)");
                    add(Severity.ERROR, FindingCode.FLASH_READ_BLOCKED, "Flash reads through the debugger fault at RDP"
                            + " level 1: Flashbank still reports the option registers, but cannot read images or"
                            + " verify data.", "flashbank rdp-regress --erase-all-flash, as for RDP above",
                            "the firmware in flash is lost when leaving level 1");
                }
                case LEVEL_2 -> add(Severity.ERROR, FindingCode.RDP, text + ": debug, boot from RAM or system memory"
                        + " and every option change are disabled for good.", "none: level 2 cannot be undone",
                        "the part only runs the firmware it has");
            }
        }

        private void protection(PageFlashOptionImage o) {
            PageFlashProtection pm = new PageFlashProtection(line, id.flashSizeKiB(), o);
            FlashGeometry g = pm.geometry();
            List<PageFlashProtection.WrpArea> wrp = pm.wrpAreas().stream().filter(PageFlashProtection.WrpArea::enabled)
                    .toList();
            if (wrp.isEmpty()) {
                add(Severity.INFO, FindingCode.WRITE_PROTECTION, "No page is write-protected (every WRP area has its"
                        + " start above its end).", null, null);
            } else {
                add(Severity.WARNING, FindingCode.WRITE_PROTECTION, "Write protection: " + wrp.stream()
                        .map(a -> String.format("%s pages %d-%d of physical bank %d", a.name(), a.first(), a.last(),
                                a.physicalBank())).collect(Collectors.joining("; ")) + " ("
                        + PageFlashProtection.pages(pm.writeProtectedSectors(), g) + "): program and erase there raise"
                        + " WRPERR, and a bank or mass erase of the bank is refused as a whole.",
                        "flashbank ob set " + wrp.stream().map(a -> String.format("WRP%d%s_STRT=%d WRP%d%s_END=0",
                                a.registerBank(), a.area(), (1 << line.wrpBits()) - 1, a.registerBank(), a.area()))
                                .collect(Collectors.joining(" ")) + " (IDE: Option Bytes editor, write protection)",
                        "no erase; in force after the option load that ends the write (the part resets)");
            }
            List<PageFlashProtection.PcropArea> pcrop = pm.pcropAreas().stream()
                    .filter(a -> a.bankOffsets().isPresent()).toList();
            if (pcrop.isEmpty()) {
                add(Severity.INFO, FindingCode.PCROP, "No PCROP (execute-only) area (start above end).", null, null);
            } else {
                add(Severity.WARNING, FindingCode.PCROP, "PCROP (execute-only) area: " + pcrop.stream()
                        .map(a -> String.format("%s bank %d offsets 0x%06X-0x%06X", a.name(), a.physicalBank(),
                                a.bankOffsets().get().start(), a.bankOffsets().get().last()))
                        .collect(Collectors.joining("; ")) + " (" + PageFlashProtection.pages(pm.pcropSectors(), g)
                        + "). Its code runs but cannot be read (RDERR); programming or erasing it raises WRPERR, so"
                        + " Flashbank does not touch its pages and refuses a bank or mass erase. PCROP_RDP = "
                        + (pm.pcropRdp() ? 1 : 0) + ": an RDP 1 -> 0 regression " + (pm.pcropRdp()
                                ? "erases it too" : "keeps it") + ".",
                        "only an RDP level 1 -> 0 regression with PCROP_RDP = 1 removes a PCROP area",
                        "the whole flash is mass-erased");
            }
            secure(o);
        }

        private void secure(PageFlashOptionImage o) {
            List<String> areas = new ArrayList<>();
            boolean bootLock = false;
            for (String reg : List.of(SEC1R, SEC2R, SECR)) {
                Optional<Register> r = regs.flash().findRegister(reg);
                if (r.isEmpty()) {
                    continue;
                }
                int w = o.word(reg);
                for (var f : r.get().fields()) {
                    if (f.name().startsWith("SEC_SIZE") && f.extract(w) > 0) {
                        int bank = f.name().endsWith("2") ? 2 : 1;
                        areas.add(String.format("%s = %d: pages 0-%d of bank %d", f.name(), f.extract(w),
                                f.extract(w) - 1, bank));
                    }
                }
                bootLock |= r.get().findField(BOOT_LOCK).map(f -> f.isSet(w)).orElse(false);
            }
            if (!areas.isEmpty()) {
                add(Severity.INFO, FindingCode.SECURE_AREA, "Securable area: " + String.join("; ", areas)
                        + ". Once the firmware sets FLASH_CR.SEC_PROT these pages can be neither read, programmed nor"
                        + " erased until the next reset (a write there then fails).", null, null);
            }
            if (bootLock) {
                add(Severity.WARNING, FindingCode.BOOT_NEXT, "BOOT_LOCK = 1: the part always boots from the main flash"
                        + " (boot pins, nBOOT0 and the ROM bootloader - BFB2 dual-bank boot included - are ignored).",
                        "flashbank ob set BOOT_LOCK=0 (IDE: Option Bytes editor)", "the boot configuration decides"
                                + " again after the option load");
            }
        }

        private void status(FlashGeometry g, boolean swapped, PageFlashOptionImage o) throws TargetException {
            MemoryAccess mem = subject.target().memory();
            Register sr = regs.sr();
            int v = mem.read32(sr.address());
            Set<PageFlashStatusFlag> flags = PageFlashStatusFlag.decode(v, sr);
            boolean optverr = sr.field(OPTVERR).isSet(v);
            flags.removeIf(f -> f.fieldName().equals(OPTVERR));
            optionLoad(v, optverr, o);
            if (!flags.isEmpty()) {
                add(Severity.WARNING, FindingCode.STALE_ERROR_FLAGS, String.format("FLASH_SR = 0x%08X still holds %s"
                        + " from an earlier operation (%s).", v, PageFlashStatusFlag.list(flags), flags.stream()
                                .map(f -> f.fieldName() + ": " + f.meaning()).collect(Collectors.joining("; "))),
                        "none needed for flashbank program/erase (the driver clears them first)", "none");
            }
            List<String> busy = new ArrayList<>();
            for (String b : List.of(BSY, BSY1, BSY2, CFGBSY)) {
                sr.findField(b).filter(f -> f.isSet(v)).ifPresent(f -> busy.add(b));
            }
            if (!busy.isEmpty()) {
                add(Severity.WARNING, FindingCode.FLASH_BUSY, "FLASH_SR: " + String.join(", ", busy) + " = 1: a flash"
                        + " operation is running right now (firmware, or another tool)"
                        + (busy.contains(CFGBSY) ? "; a CFGBSY that stays set after a bank-2 erase blocks every"
                                + " program until reset (G0 erratum reported by users)" : "") + ".",
                        "wait for it to finish, then run flashbank program again (or connect under reset)", null);
            }
            for (int bank = 1; bank <= (line.series() == Series.G0 && g.bankCount() == 2 ? 2 : 1); bank++) {
                ecc(mem, bank);
            }
        }

        /**
         * OPTVERR and the options it leaves. An option write cut by a reset or power loss inside OPTSTRT stores
         * option bytes whose complements do not match; the next option load takes their mismatch values, which "force
         * a secure configuration" (RM0444 §3.4.2 caution; the option bytes programming sequence of RM0440 §3.4.2 and
         * RM0351 §3.4.2 is the same), and sets OPTVERR: cut before FLASH_OPTR was programmed, RDP level 1 (RM0440
         * §3.5.1: level 1 "even if the complement is not correct"); cut after it, RDP level 0 with later registers
         * (WRP, PCROP, SEC) at their mismatch values - every page write-protected, BOOT_LOCK set. Only an option write
         * whose OPTSTRT completes stores matching pairs again.
         */
        private void optionLoad(int sr, boolean optverr, PageFlashOptionImage o) {
            List<String> looking = o.mismatchLookingRegisters();
            if (optverr && o.rdpLevel() == RdpLevel.LEVEL_1) {
                add(Severity.ERROR, FindingCode.INTERRUPTED_OPTION_WRITE, String.format("FLASH_SR = 0x%08X has"
                        + " OPTVERR = 1 (option validity error) and RDP is level 1: the last option load found option"
                        + " bytes that do not match their complements - an option write cut by a reset or power loss"
                        + (o.interruptedWriteSignature().isPresent() ? " before it had programmed FLASH_OPTR (it reads"
                                + " 0xFFFFFFFF) - and forced level 1" : "")
                        + (looking.isEmpty() ? "" : "; " + o.describeLoaded(looking) + " hold mismatch values")
                        + " (RM0444 §3.4.2, RM0440 §3.5.1).",
                        sr), "flashbank recover --erase-all-flash (restores the options and both banks from the board"
                                + " journal), or flashbank rdp-regress --erase-all-flash",
                        "an RDP regression mass-erases the flash; recover programs the journal's banks back");
                return;
            }
            boolean erasedWord = looking.stream().anyMatch(r -> o.word(r) == 0xFFFF_FFFF);
            if (!looking.isEmpty() && (optverr || erasedWord)) {
                boolean wrp = looking.stream().anyMatch(r -> r.startsWith("WRP"));
                boolean bootLock = looking.stream().anyMatch(r -> regs.flash().register(r).findField(BOOT_LOCK)
                        .map(f -> f.isSet(o.word(r))).orElse(false));
                boolean secure = looking.stream().anyMatch(r -> regs.flash().register(r).fields().stream()
                        .anyMatch(f -> f.name().startsWith("SEC_SIZE") && f.extract(o.word(r)) > 0));
                String witness = optverr ? String.format("FLASH_SR = 0x%08X has OPTVERR = 1 (option validity error)"
                        + " and ", sr) : String.format("FLASH_SR = 0x%08X has OPTVERR = 0 (software cleared it since"
                                + " the last option load; the next power-on sets it again while the stored option"
                                + " bytes mismatch), but ", sr);
                add(optverr ? Severity.ERROR : Severity.WARNING, FindingCode.INTERRUPTED_OPTION_WRITE, witness
                        + o.describeLoaded(looking) + " hold the values an option load takes when a register's"
                        + " stored value and complement do not match: what an option write cut by a reset or power"
                        + " loss leaves once it had programmed FLASH_OPTR (RDP stayed level 0; RM0444 §3.4.2 caution:"
                        + " the mismatch values \"force a secure configuration\"; RM0440 §3.4.2, RM0351 §3.4.2)."
                        + (wrp ? " Those pages are write-protected: program and erase there raise WRPERR, and bank"
                                + " updates, erases and programming are refused." : "")
                        + (bootLock ? " BOOT_LOCK = 1: the boot pins, nBOOT0 and the ROM bootloader (BFB2 dual-bank"
                                + " boot) are ignored." : "")
                        + (secure ? " The securable area covers those pages: once the firmware sets FLASH_CR.SEC_PROT"
                                + " they can be neither read, programmed nor erased until the next reset." : ""),
                        "flashbank recover (writes the option bytes the cut write asked for again, from the board"
                                + " journal; nothing is erased at RDP level 0), or re-write the options yourself:"
                                + " flashbank ob restore YOUR-BACKUP.fbopt, or flashbank ob set with the values you"
                                + " want (IDE: Option Bytes editor)",
                        "no erase; the part resets when the options load");
            } else if (optverr) {
                add(Severity.INFO, FindingCode.INTERRUPTED_OPTION_WRITE, String.format("FLASH_SR = 0x%08X has"
                        + " OPTVERR = 1 (set on virgin parts and after an option load that found mismatched option"
                        + " bytes; no option register shows a mismatch value); Flashbank clears it before every option"
                        + " write.", sr), null, null);
            }
        }

        private void ecc(MemoryAccess mem, int bank) throws TargetException {
            Register eccr = regs.eccr(bank);
            int v = mem.read32(eccr.address());
            boolean detected = eccr.field(ECCD).isSet(v) || eccr.findField(ECCD2).map(f -> f.isSet(v)).orElse(false);
            boolean corrected = eccr.field(ECCC).isSet(v) || eccr.findField(ECCC2).map(f -> f.isSet(v)).orElse(false);
            if (!detected && !corrected) {
                return;
            }
            int eccBank = eccr.findField(BK_ECC).map(f -> f.extract(v) + 1).orElse(bank);
            boolean system = eccr.field(SYSF_ECC).isSet(v);
            add(detected ? Severity.ERROR : Severity.WARNING, FindingCode.ECC_ERROR, String.format("FLASH_%s = 0x%08X:"
                    + " %s at ADDR_ECC = 0x%X of %s (the address unit is UNCONFIRMED). %s", eccr.name(), v,
                    detected ? "an uncorrectable ECC error (ECCD)" : "a corrected single-bit ECC error (ECCC)",
                    eccr.field(ADDR_ECC).extract(v), system ? "system memory / OTP" : "physical bank " + eccBank,
                    detected ? "Reads of that double word fault (NMI): a double word programmed twice or torn by a"
                            + " reset or power loss during program/erase." : "The data was corrected on reading."),
                    detected ? "erase the page that holds it and program it again (only an erase repairs a double"
                            + " word)" : null,
                    detected ? "the page's data is erased" : null);
        }
    }
}
