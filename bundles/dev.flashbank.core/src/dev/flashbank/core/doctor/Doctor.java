package dev.flashbank.core.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.family.BootPath;
import dev.flashbank.core.family.DoctorCheck;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FamilyProvider;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.ProtectionModel.BlockerKind;
import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.Scope;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;

/**
 * Diagnostics ("doctor", issue 4 item 5): explains a connected part in plain words and predicts whether a mass
 * erase / bank erase / range erase would succeed, each refusal with its fix and the fix's consequence. The part is
 * identified among the installed {@link Families}; what its registers say (bank mode and mapping, boot paths, RDP,
 * protected sectors, status flags, pending option changes) comes from its family's {@link DoctorCheck}s, the erase
 * predictions from its family's {@link ProtectionModel}. It only reads and never throws for target problems: they
 * become findings.
 */
public final class Doctor {

    private final Families families;

    /** A doctor for the parts of {@code families} (the CLI, launches and the IDE pass the installed ones). */
    public Doctor(Families families) {
        this.families = Objects.requireNonNull(families, "families");
    }

    /** Examines the target; {@code ranges} are address ranges (any flash window) whose erase should be checked. */
    public DoctorReport examine(DebugTarget target, List<AddressRange> ranges) {
        return examine(target, ranges, FlashDriverSettings.defaults());
    }

    /** As {@link #examine(DebugTarget, List)}, with the driver settings of the run (e.g. --psize). */
    public DoctorReport examine(DebugTarget target, List<AddressRange> ranges, FlashDriverSettings settings) {
        String name = target.describe();
        TargetIdentity id;
        FamilyProvider provider;
        FlashDriver driver;
        try {
            id = new TargetSession(target, families).identify();
            provider = families.provider(id.descriptor());
            driver = provider.openDriver(target, id.device(), PollClock.system(), settings);
        } catch (TargetException e) {
            return connectionFailed(name, e);
        }
        List<Finding> findings = new ArrayList<>();
        List<BootPath> bootPaths = new ArrayList<>();
        DoctorCheck.Subject subject = new DoctorCheck.Subject(target, id, driver, settings);
        List<DoctorCheck> checks = provider.doctorChecks();
        run(checks.stream().filter(c -> !c.afterEraseChecks()).toList(), subject, findings, bootPaths);
        List<EraseCheck> eraseChecks = new ArrayList<>();
        try {
            new Erases(driver.protectionModel(id.options()), id, findings, eraseChecks).run(ranges);
        } catch (TargetException e) {
            findings.add(Finding.of(Severity.WARNING, FindingCode.MASS_ERASE, "The erase predictions could not be "
                    + "made: " + e.getMessage(), null, null));
        }
        run(checks.stream().filter(DoctorCheck::afterEraseChecks).toList(), subject, findings, bootPaths);
        return new DoctorReport(name, Optional.of(id), findings, eraseChecks, bootPaths);
    }

    private static void run(List<DoctorCheck> checks, DoctorCheck.Subject subject, List<Finding> findings,
            List<BootPath> bootPaths) {
        for (DoctorCheck c : checks) {
            DoctorCheck.Result r = c.examine(subject);
            findings.addAll(r.findings());
            bootPaths.addAll(r.bootPaths());
        }
    }

    /**
     * The report for a target that could not be examined: used when connecting already failed (a probe that cannot
     * attach under RDP level 2 throws {@link DebugPortLockedException} before there is a {@link DebugTarget}) and when
     * identification fails.
     */
    public static DoctorReport connectionFailed(String name, TargetException failure) {
        Finding f;
        if (failure instanceof DebugPortLockedException e) {
            f = Finding.of(Severity.ERROR, FindingCode.DEBUG_PORT_LOCKED,
                    "The debug port does not answer (" + e.getMessage() + "). On an STM32 this is what read "
                            + "protection level 2 (RDP = 0xCC) looks like: SWD/JTAG are disabled for good, booting from "
                            + "RAM or the system bootloader is disabled and the option bytes are frozen. Nothing about "
                            + "the flash can be read or changed through a debugger.",
                    "none if the part is at level 2 — it cannot be undone by any means. If it was never set to level "
                            + "2: check power and the SWDIO/SWCLK/GND/NRST wiring, then flashbank doctor "
                            + "--connect-under-reset (IDE: Targets view, connect under reset; firmware may disable the "
                            + "debug pins or enter a low-power mode)",
                    "level 2 is permanent: the chip keeps running its firmware but can never be reprogrammed by a "
                            + "debugger");
        } else if (failure instanceof UnknownDeviceException e) {
            f = Finding.of(Severity.ERROR, FindingCode.UNKNOWN_DEVICE, e.getMessage(),
                    "none in Flashbank: the part is not one of the lines of the installed families (the message names what was read)", null);
        } else if (failure instanceof ProbeDisconnectedException e) {
            f = Finding.of(Severity.ERROR, FindingCode.CONNECTION_FAILED, "The target does not respond: " + e.getMessage(),
                    "check the target's power and the probe's USB connection, then flashbank probes and run the command again", null);
        } else {
            f = Finding.of(Severity.ERROR, FindingCode.CONNECTION_FAILED,
                    "Identifying the part failed: " + failure.getMessage(),
                    "check wiring and power; run the command again with --connect-under-reset (IDE: Targets view, connect under reset)", null);
        }
        return new DoctorReport(name, Optional.empty(), List.of(f), List.of(), List.of());
    }

    /** The erase predictions: mass, every bank of a multi-bank layout, and the ranges asked about. */
    private static final class Erases {
        private final ProtectionModel a;
        private final FlashGeometry g;
        private final boolean swpFb;
        private final List<Finding> findings;
        private final List<EraseCheck> checks;

        Erases(ProtectionModel a, TargetIdentity id, List<Finding> findings, List<EraseCheck> checks) {
            this.a = a;
            this.g = a.geometry();
            this.swpFb = id.swpFb();
            this.findings = findings;
            this.checks = checks;
        }

        void run(List<AddressRange> ranges) {
            erases(ranges);
        }

        private void add(Severity s, FindingCode c, String message, String fix, String consequence) {
            findings.add(Finding.of(s, c, message, fix, consequence));
        }

        private void erases(List<AddressRange> ranges) {
            check(a, Scope.mass(g), FindingCode.MASS_ERASE);
            if (g.bankCount() > 1) {
                for (Bank b : g.banks()) {
                    check(a, Scope.bank(g, b.number()), FindingCode.BANK_ERASE);
                }
            }
            for (AddressRange r : ranges) {
                List<Sector> sectors = new ArrayList<>();
                long x = r.start();
                boolean outside = false;
                while (x < r.end()) {
                    Optional<BankOffset> bo = g.physicalBankAt(x, swpFb);
                    if (bo.isEmpty()) {
                        outside = true;
                        break;
                    }
                    Sector s = g.bank(bo.get().bank()).sectorAtOffset(bo.get().offset());
                    if (!sectors.contains(s)) {
                        sectors.add(s);
                    }
                    x += s.end() - bo.get().offset();
                }
                if (outside || r.size() == 0) {
                    add(Severity.ERROR, FindingCode.RANGE_ERASE, "Erase of " + r + ": the range is not inside the flash "
                            + "(" + g.windowsText(", ") + ").",
                            null, null);
                    continue;
                }
                String label = "erase of " + r + " = physical " + ProtectionModel.names(sectors, g)
                        + (g.bankCount() > 1 ? " (bank " + sectors.stream().map(s -> String.valueOf(s.bank()))
                                .distinct().collect(Collectors.joining(", ")) + ")" : "");
                check(a, Scope.sectors(sectors, label), FindingCode.RANGE_ERASE);
            }
        }

        private void check(ProtectionModel a, Scope scope, FindingCode code) {
            List<EraseBlocker> blockers = a.blockers(scope);
            checks.add(new EraseCheck(scope, blockers));
            String label = Character.toUpperCase(scope.label().charAt(0)) + scope.label().substring(1);
            if (blockers.isEmpty()) {
                add(Severity.INFO, code, label + " would succeed: nothing in it is protected.", null, null);
                return;
            }
            String why = blockers.stream().map(b -> b.explanation() + b.expectedFlag()
                    .map(f -> " [flag " + f + "]").orElse("")).collect(Collectors.joining("; "));
            String fix = blockers.stream().map(EraseBlocker::fix).collect(Collectors.joining("; then "));
            String consequence = blockers.stream().map(EraseBlocker::consequence).collect(Collectors.joining("; "));
            // with only sector protections in the way, the other sectors remain erasable (the WRP text says so)
            boolean sectorOnly = blockers.stream().allMatch(b -> b.kind() == BlockerKind.PCROP
                    || b.kind() == BlockerKind.WRITE_PROTECTION);
            boolean saidByWrp = blockers.stream().anyMatch(b -> b.kind() == BlockerKind
                    .WRITE_PROTECTION);
            String alt = scope.isBulk() && sectorOnly && !saidByWrp
                    ? " Without changing options, the unprotected sectors can still be erased one by one."
                    : "";
            add(Severity.ERROR, code, label + " would FAIL: " + why + "." + alt, fix, consequence);
        }

    }
}
