package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.family.BankSwapping;
import dev.flashbank.core.family.BootMapping;
import dev.flashbank.core.family.BootState;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.flash.FlashOperationException;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.TargetException;

/**
 * Where each image is, which bank runs and which bank the next reset starts - read from the target, never written:
 * the family's boot state ({@link BootState}: the mapping now and after the next reset, the boot options - F7
 * SYSCFG_MEMRMP.SWP_FB/MEM_BOOT, BOOT_ADD0/1 and nDBOOT; H7 FLASH_OPTCR.SWAP_BANK, OPTSR.SWAP_BANK_OPT and BOOT_ADD0),
 * the vector table at the start of each PHYSICAL bank (read through the window where that bank is mapped now) and,
 * when the core is halted, the program counter. Also explains a half-written bank: Flashbank's bank update writes a
 * bank's vector table LAST, so a bank whose vector table is erased but which holds data is an interrupted update (or
 * erase).
 *
 * @param dualBank the flash is in dual-bank mode
 * @param boot the mapping and boot options as the family reads them (what the next reset latches)
 * @param banks one entry per physical bank
 * @param programCounter the PC when the core was halted, else empty
 * @param runningBank the physical bank the firmware runs from (0: none, the part runs RAM or system memory)
 * @param runningEvidence why {@code runningBank} is believed
 */
public record BankSurvey(boolean dualBank, BootState boot, List<BankInfo> banks, OptionalLong programCounter,
        int runningBank, String runningEvidence) implements OperationResult {

    /** What a bank holds. */
    public enum BankState {
        /** Vector table and first sector erased. */
        EMPTY,
        /** A plausible vector table (SP in RAM, Thumb reset handler in flash). */
        VALID_IMAGE,
        /** Vector table erased but data in the bank: an interrupted update or erase. */
        INCOMPLETE,
        /** Something that is not a bootable vector table. */
        INVALID,
        /** Cannot be read (RDP level 1, bus fault). */
        UNREADABLE
    }

    /**
     * One physical bank.
     *
     * @param bank physical bank number
     * @param visibleAt where it is mapped now (in the link window)
     * @param initialSp word 0 of its vector table
     * @param resetHandler word 1
     * @param state what it holds
     * @param linkedFor the address slot the reset handler points into (slot 1 = 0x08000000, slot 2 = 0x08100000 on a
     *        2 MiB part: the physical bank mapped there when the banks are not swapped); 0 when unknown
     * @param explanation plain words
     */
    public record BankInfo(int bank, AddressRange visibleAt, long initialSp, long resetHandler, BankState state,
            int linkedFor, String explanation) {

        /** True for a plausible vector table ({@link BankState#VALID_IMAGE}). */
        public boolean isValid() {
            return state == BankState.VALID_IMAGE;
        }
    }

    public BankSurvey {
        banks = List.copyOf(banks);
    }

    public BankInfo bank(int physical) {
        return banks.stream().filter(b -> b.bank() == physical).findFirst().orElseThrow();
    }

    /** The banks are swapped now: slot 1 shows physical bank 2 ({@link BootState#swapped()}). */
    public boolean banksSwapped() {
        return boot.swapped();
    }

    /** The option image now (what the next reset latches). */
    public OptionImage options() {
        return boot.options();
    }

    /** The physical bank the next reset starts (0: not a flash bank), assuming the boot pin stays as it was. */
    public int bootBank() {
        return boot.bootBank();
    }

    /** Why {@link #bootBank()}. */
    public String bootReason() {
        return boot.bootReason();
    }

    /** The option bytes say another bank than the running one starts at the next reset. */
    public boolean switchPending() {
        return runningBank != 0 && bootBank() != 0 && runningBank != bootBank();
    }

    /** Banks holding an interrupted update or erase, or something that is not a bootable image. */
    public List<BankInfo> incompleteBanks() {
        return banks.stream().filter(b -> b.state() == BankState.INCOMPLETE || b.state() == BankState.INVALID)
                .toList();
    }

    @Override
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s, %s", dualBank ? "dual bank" : "single bank", boot.label()));
        for (BankInfo i : banks) {
            b.append(String.format("%n  physical bank %d at %s: %s", i.bank(), i.visibleAt(), i.explanation()));
        }
        b.append(String.format("%n  running: %s", runningBank == 0 ? "no flash bank" : "physical bank " + runningBank))
                .append(" (").append(runningEvidence).append(')');
        b.append(String.format("%n  next reset starts: %s", bootBank() == 0 ? "no flash bank" : "physical bank "
                + bootBank())).append(" (").append(bootReason()).append(')');
        if (switchPending()) {
            b.append(String.format("%n  a switch to physical bank %d is PENDING: it takes effect at the next reset",
                    bootBank()));
        }
        return b.toString();
    }

    /**
     * The family's mapping values come right after {@code dualBank} under the family's own names (F7: swpFb, memBoot;
     * H7: swapBank, swapBankOpt), then the neutral {@code banksSwapped}.
     */
    @Override
    public Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dualBank", dualBank);
        m.putAll(boot.mapping());
        m.put("banksSwapped", boot.swapped());
        m.putAll(Data.of("runningBank", runningBank, "runningEvidence", runningEvidence, "bootBank", bootBank(),
                "bootReason", bootReason(), "switchPending", switchPending(), "programCounter",
                programCounter.isPresent() ? Data.hex(programCounter.getAsLong()) : null,
                "banks", banks.stream().map(i -> Data.of("bank", i.bank(), "visibleAt", i.visibleAt().toString(),
                        "state", i.state().name(), "initialSp", Data.hex(i.initialSp()), "resetHandler",
                        Data.hex(i.resetHandler()), "linkedFor", i.linkedFor(), "explanation", i.explanation()))
                        .toList()));
        return Collections.unmodifiableMap(m);
    }

    // ================================================================================================= examination

    /** Reads the target (never writes; reads the PC only if the core is halted already). */
    public static BankSurvey examine(OperationContext ctx) throws TargetException {
        return new Examiner(ctx).run();
    }

    private static final class Examiner {
        private final OperationContext ctx;
        private final FlashDriver driver;
        private final FlashGeometry g;
        private final List<MemoryRegion> ram;

        Examiner(OperationContext ctx) {
            this.ctx = ctx;
            this.driver = ctx.driver();
            this.g = ctx.geometry();
            this.ram = driver.descriptor().memoryRegions(driver.flashSizeKiB()).stream()
                    .filter(r -> r.kind() == MemoryRegion.Kind.RAM).toList();
        }

        BankSurvey run() throws TargetException {
            OptionImage o = driver.readOptions();
            boolean swapped = driver.banksSwapped();
            boolean dual = g.mode() == BankMode.DUAL;
            boolean readable = o.rdpLevel() == RdpLevel.LEVEL_0;
            List<BankInfo> banks = new ArrayList<>();
            for (Bank b : g.banks()) {
                banks.add(bank(b, swapped, readable));
            }
            OptionalLong pc = OptionalLong.empty();
            if (ctx.debugTarget().core().isHalted()) {
                pc = OptionalLong.of(ctx.debugTarget().core().readCoreRegister(CortexM.REGSEL_PC) & 0xFFFF_FFFFL);
            }
            Optional<BankSwapping> swapping = driver.bankSwapping();
            BootState boot = swapping.isPresent()
                    ? swapping.get().readBootState(o, swapped, n -> validSp(find(banks, n).initialSp()))
                    : noBootModel(o, swapped);
            int running;
            String evidence;
            Optional<BankOffset> pcBank = pc.isPresent() ? g.physicalBankAt(pc.getAsLong() & ~1L, swapped)
                    : Optional.empty();
            if (pcBank.isPresent()) {
                running = pcBank.get().bank();
                evidence = String.format("the halted core's PC 0x%08X is in physical bank %d (%s)", pc.getAsLong(),
                        running, boot.mappingLabel());
            } else if (dual && boot.mappedRunningBank() != 0) {
                running = boot.mappedRunningBank();
                evidence = boot.mappedRunningEvidence();
            } else if (boot.bootBank() != 0) {
                running = boot.bootBank();
                evidence = "booted by " + boot.bootReason();
            } else {
                running = 0;
                evidence = "the part does not start from flash: " + boot.bootReason();
            }
            return new BankSurvey(dual, boot, banks, pc, running, evidence);
        }

        /** A part whose family models no boot path: the mapping only, no bank the next reset is known to start. */
        private BootState noBootModel(OptionImage o, boolean swapped) {
            String label = BootMapping.label(driver.bankMappingLabel(), swapped);
            return new BootState(o, swapped, swapped, driver.bankMappingLabel(), label, label,
                    Map.of("banksSwapped", swapped), "", 0, "Flashbank has no boot model of "
                            + driver.descriptor().line(), 0, "", label + " maps the banks", "a reset keeps it", List.of());
        }

        private static BankInfo find(List<BankInfo> banks, int n) {
            return banks.stream().filter(b -> b.bank() == n).findFirst().orElseThrow();
        }

        private BankInfo bank(Bank b, boolean swapped, boolean readable) throws TargetException {
            AddressRange at = g.bankRange(b.number(), swapped, g.linkWindow());
            if (!readable) {
                return new BankInfo(b.number(), at, 0, 0, BankState.UNREADABLE, 0,
                        "cannot be read: RDP level 1 blocks debugger reads of the flash");
            }
            long sp;
            long reset;
            try {
                byte[] v = driver.readFlash(at.start(), 8);
                sp = word(v, 0);
                reset = word(v, 4);
            } catch (BusFaultException | FlashOperationException e) {
                // a bus fault, or a read error the controller reports (H7: an ECC double error in a flash word a
                // power loss tore) - the vector table is not readable, so nothing boots this bank
                return new BankInfo(b.number(), at, 0, 0, BankState.UNREADABLE, 0, "reading it faulted: "
                        + e.getMessage());
            }
            int linked = g.physicalBankAt(reset & ~1L, false).map(BankOffset::bank).orElse(0);
            if (sp == 0xFFFF_FFFFL && reset == 0xFFFF_FFFFL) {
                AddressRange first = g.sectorRange(b.sectors().get(0), swapped, g.linkWindow());
                byte[] data;
                try {
                    data = driver.readFlash(first.start(), (int) first.size());
                } catch (BusFaultException | FlashOperationException e) {
                    data = null; // a word that cannot be read (torn by a power loss) is not erased: data
                }
                if (data != null && ProgramOperation.allErased(data)) {
                    return new BankInfo(b.number(), at, sp, reset, BankState.EMPTY, 0,
                            "erased (no image; its first " + g.eraseUnit().singular() + " is blank)");
                }
                return new BankInfo(b.number(), at, sp, reset, BankState.INCOMPLETE, 0,
                        "HALF-WRITTEN: its vector table is erased but the bank holds data. Flashbank's bank update "
                                + "writes the vector table last, so this is an update (or erase) that was "
                                + "interrupted, e.g. by a power loss. It cannot boot and nothing boots it; the other "
                                + "bank was not touched. Run the bank update again to complete it");
            }
            boolean spOk = validSp(sp);
            boolean thumb = (reset & 1) == 1;
            boolean inFlash = g.windowOf(reset & ~1L).isPresent();
            if (!spOk || !thumb || !inFlash) {
                return new BankInfo(b.number(), at, sp, reset, BankState.INVALID, linked, String.format(
                        "NOT a bootable image: initial SP 0x%08X%s, reset handler 0x%08X%s. If an update was "
                                + "interrupted while writing the vector table this is what remains; run the bank "
                                + "update again", sp, spOk ? "" : " is not in RAM", reset,
                        !thumb ? " is not a Thumb address" : !inFlash ? " is not in flash" : ""));
            }
            return new BankInfo(b.number(), at, sp, reset, BankState.VALID_IMAGE, linked, String.format(
                    "valid image (SP 0x%08X, reset handler 0x%08X: linked for %s)", sp, reset,
                    linkText(linked, b.number())));
        }

        private String linkText(int linked, int bank) {
            if (linked == 0) {
                return "an address outside the flash";
            }
            long base = g.windowAddress(linked, 0, false, g.linkWindow());
            return String.format("0x%08X%s", base, linked == bank ? ", this bank's own address"
                    : linked == 1 ? String.format(", i.e. to run where it is mapped at 0x%08X (%s remap)", base,
                            driver.bankMappingLabel())
                            : ", which is the other bank's address");
        }

        boolean validSp(long sp) {
            return (sp & 3) == 0 && ram.stream().anyMatch(r -> sp > r.range().start() && sp <= r.range().end());
        }

        private static long word(byte[] b, int o) {
            return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
        }
    }
}
