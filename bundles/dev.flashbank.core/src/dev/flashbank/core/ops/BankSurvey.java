package dev.flashbank.core.ops;

import java.util.ArrayList;
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
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.device.stm32f7.BootAddress;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.device.stm32f7.Stm32F7Parameters.DualBootPolicy;
import dev.flashbank.core.device.stm32f7.Stm32F7Registers;
import dev.flashbank.core.flash.Stm32F7FlashDriver;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.TargetException;

/**
 * Where each image is, which bank runs and which bank the next reset starts - read from the target, never written:
 * SYSCFG_MEMRMP.SWP_FB and MEM_BOOT (§1.7), BOOT_ADD0/1 and nDBOOT (§1.6, §6.1), the vector table at the start of
 * each PHYSICAL bank (read through the window where that bank is mapped now) and, when the core is halted, the
 * program counter. Also explains a half-written bank: Flashbank's bank update writes a bank's vector table LAST, so a
 * bank whose vector table is erased but which holds data is an interrupted update (or erase).
 *
 * @param dualBank nDBANK = 0 on a dual-bank capable part
 * @param swpFb SYSCFG_MEMRMP.SWP_FB now
 * @param memBoot SYSCFG_MEMRMP.MEM_BOOT: the last reset used BOOT_ADD1 (BOOT0 = 1)
 * @param options the option bytes now (FLASH_OPTCR/OPTCR1: the STORED values, i.e. what the next reset latches)
 * @param banks one entry per physical bank
 * @param programCounter the PC when the core was halted, else empty
 * @param runningBank the physical bank the firmware runs from (0: none, the part runs RAM or system memory)
 * @param runningEvidence why {@code runningBank} is believed
 * @param bootBank the physical bank the next reset starts by the option bytes (0: not a flash bank), assuming the
 *        BOOT0 pin stays as at the last reset
 * @param bootReason why
 */
public record BankSurvey(boolean dualBank, boolean swpFb, boolean memBoot, OptionBytes options, List<BankInfo> banks,
        OptionalLong programCounter, int runningBank, String runningEvidence, int bootBank, String bootReason)
        implements OperationResult {

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
     * @param visibleAt where it is mapped now (AXIM)
     * @param initialSp word 0 of its vector table
     * @param resetHandler word 1
     * @param state what it holds
     * @param linkedFor the physical bank (at SWP_FB = 0, i.e. the address slot 0x08000000 = 1 / 0x08100000 = 2 on a
     *        2 MiB part) the reset handler points into; 0 when unknown
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

    /** The option bytes say another bank than the running one starts at the next reset. */
    public boolean switchPending() {
        return runningBank != 0 && bootBank != 0 && runningBank != bootBank;
    }

    /** Banks holding an interrupted update or erase, or something that is not a bootable image. */
    public List<BankInfo> incompleteBanks() {
        return banks.stream().filter(b -> b.state() == BankState.INCOMPLETE || b.state() == BankState.INVALID)
                .toList();
    }

    @Override
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s, SWP_FB=%d, MEM_BOOT=%d (BOOT_ADD%d)", dualBank ? "dual bank" : "single bank",
                swpFb ? 1 : 0, memBoot ? 1 : 0, memBoot ? 1 : 0));
        for (BankInfo i : banks) {
            b.append(String.format("%n  physical bank %d at %s: %s", i.bank(), i.visibleAt(), i.explanation()));
        }
        b.append(String.format("%n  running: %s", runningBank == 0 ? "no flash bank" : "physical bank " + runningBank))
                .append(" (").append(runningEvidence).append(')');
        b.append(String.format("%n  next reset starts: %s", bootBank == 0 ? "no flash bank" : "physical bank "
                + bootBank)).append(" (").append(bootReason).append(')');
        if (switchPending()) {
            b.append(String.format("%n  a switch to physical bank %d is PENDING: it takes effect at the next reset",
                    bootBank));
        }
        return b.toString();
    }

    @Override
    public Map<String, Object> data() {
        return Data.of("dualBank", dualBank, "swpFb", swpFb, "memBoot", memBoot, "runningBank", runningBank,
                "runningEvidence", runningEvidence, "bootBank", bootBank, "bootReason", bootReason, "switchPending",
                switchPending(), "programCounter", programCounter.isPresent() ? Data.hex(programCounter.getAsLong())
                        : null,
                "banks", banks.stream().map(i -> Data.of("bank", i.bank(), "visibleAt", i.visibleAt().toString(),
                        "state", i.state().name(), "initialSp", Data.hex(i.initialSp()), "resetHandler",
                        Data.hex(i.resetHandler()), "linkedFor", i.linkedFor(), "explanation", i.explanation()))
                        .toList());
    }

    // ================================================================================================= examination

    /** Reads the target (never writes; reads the PC only if the core is halted already). */
    public static BankSurvey examine(OperationContext ctx) throws TargetException {
        return new Examiner(ctx).run();
    }

    private static final class Examiner {
        private final OperationContext ctx;
        private final FlashGeometry g;
        private final List<MemoryRegion> ram;

        Examiner(OperationContext ctx) {
            this.ctx = ctx;
            this.g = ctx.geometry();
            this.ram = ctx.driver().descriptor().memoryRegions(ctx.driver().flashSizeKiB()).stream()
                    .filter(r -> r.kind() == MemoryRegion.Kind.RAM).toList();
        }

        BankSurvey run() throws TargetException {
            Stm32F7FlashDriver f7 = Stm32F7FlashDriver.of(ctx.driver());
            Stm32F7Parameters p = f7.descriptor().stm32F7Parameters();
            OptionBytes o = f7.readOptions();
            boolean swpFb = f7.banksSwapped();
            Stm32F7Registers regs = f7.descriptor().registers();
            boolean memBoot = regs.memrmp().field(Stm32F7Registers.MEM_BOOT)
                    .isSet(TargetSession.readMemrmp(ctx.debugTarget().memory(), regs));
            boolean dual = g.mode() == BankMode.DUAL;
            boolean readable = o.rdpLevel() == RdpLevel.LEVEL_0;
            List<BankInfo> banks = new ArrayList<>();
            for (Bank b : g.banks()) {
                banks.add(bank(b, swpFb, readable));
            }
            OptionalLong pc = OptionalLong.empty();
            if (ctx.debugTarget().core().isHalted()) {
                pc = OptionalLong.of(ctx.debugTarget().core().readCoreRegister(CortexM.REGSEL_PC) & 0xFFFF_FFFFL);
            }
            // which bank the option bytes start (SWP_FB = 0 at reset, §1.7)
            int raw = memBoot ? o.bootAdd1() : o.bootAdd0();
            long address = BootAddress.toAddress(raw);
            int boot;
            String bootReason;
            String opt = String.format("BOOT_ADD%d = 0x%04X (0x%08X)", memBoot ? 1 : 0, raw, address);
            Optional<BankOffset> at = g.physicalBankAt(address, false);
            if (at.isEmpty()) {
                boot = 0;
                bootReason = opt + " is not in flash: " + BootAddress.describe(raw, f7.descriptor()
                        .stm32F7Line(), ctx.driver().flashSizeKiB(), Optional.of(g.mode()));
            } else if (dual && !o.nDBoot()) {
                int first = p.dualBootPolicy() == DualBootPolicy.BOOT_ADDRESS_BANK_FIRST ? at.get().bank() : 1;
                int second = 3 - first;
                boolean v1 = validSp(find(banks, first).initialSp());
                boot = v1 ? first : validSp(find(banks, second).initialSp()) ? second : 0;
                bootReason = opt + " with nDBOOT = 0: the ROM bootloader picks the bank (model parameter "
                        + "dualBootPolicy = " + p.dualBootPolicy() + ", UNCONFIRMED) - "
                        + (boot == 0 ? "neither bank has a valid stack pointer, the bootloader stays"
                                : "physical bank " + boot + (p.romBootloaderSetsSwpFb() && boot == 2
                                        ? ", started with SWP_FB = 1 (model parameter romBootloaderSetsSwpFb)" : ""));
            } else {
                boot = at.get().bank();
                bootReason = opt + " is physical bank " + boot + " at reset (SWP_FB = 0)"
                        + (dual ? ", nDBOOT = 1: direct boot" : "");
            }
            int running;
            String evidence;
            Optional<BankOffset> pcBank = pc.isPresent() ? g.physicalBankAt(pc.getAsLong() & ~1L, swpFb)
                    : Optional.empty();
            if (pcBank.isPresent()) {
                running = pcBank.get().bank();
                evidence = String.format("the halted core's PC 0x%08X is in physical bank %d (SWP_FB=%d)",
                        pc.getAsLong(), running, swpFb ? 1 : 0);
            } else if (dual && swpFb) {
                running = 2;
                evidence = "SWP_FB = 1: physical bank 2 is mapped at 0x08000000, where firmware linked for 0x08000000 "
                        + "runs (SWP_FB is volatile: startup code or the ROM bootloader set it)";
            } else if (boot != 0) {
                running = boot;
                evidence = "booted by " + bootReason;
            } else {
                running = 0;
                evidence = "the part does not start from flash: " + bootReason;
            }
            return new BankSurvey(dual, swpFb, memBoot, o, banks, pc, running, evidence, boot, bootReason);
        }

        private static BankInfo find(List<BankInfo> banks, int n) {
            return banks.stream().filter(b -> b.bank() == n).findFirst().orElseThrow();
        }

        private BankInfo bank(Bank b, boolean swpFb, boolean readable) throws TargetException {
            AddressRange at = g.bankRange(b.number(), swpFb, g.linkWindow());
            if (!readable) {
                return new BankInfo(b.number(), at, 0, 0, BankState.UNREADABLE, 0,
                        "cannot be read: RDP level 1 blocks debugger reads of the flash");
            }
            long sp;
            long reset;
            try {
                byte[] v = ctx.driver().readFlash(at.start(), 8);
                sp = word(v, 0);
                reset = word(v, 4);
            } catch (BusFaultException e) {
                return new BankInfo(b.number(), at, 0, 0, BankState.UNREADABLE, 0, "reading it faulted: "
                        + e.getMessage());
            }
            int linked = g.physicalBankAt(reset & ~1L, false).map(BankOffset::bank).orElse(0);
            if (sp == 0xFFFF_FFFFL && reset == 0xFFFF_FFFFL) {
                AddressRange first = g.sectorRange(b.sectors().get(0), swpFb, g.linkWindow());
                byte[] data = ctx.driver().readFlash(first.start(), (int) first.size());
                if (ProgramOperation.allErased(data)) {
                    return new BankInfo(b.number(), at, sp, reset, BankState.EMPTY, 0,
                            "erased (no image; its first sector is blank)");
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
                    : linked == 1 ? ", i.e. to run where it is mapped at 0x08000000 (SWP_FB remap)"
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
