package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.Scope;
import dev.flashbank.core.target.TargetException;

/**
 * Checks made before the first write. They only read (the option registers and the bank mapping, through the driver)
 * and decide with the same {@link ProtectionModel} of the part's family that the doctor and the driver's error
 * explanations use, so a refusal names exactly the protected sectors / RDP level, the fix and its consequence.
 */
final class Preflight {

    private Preflight() {
    }

    /** Refuses when RDP blocks debugger reads of the flash (level 1) - reading back is part of every operation. */
    static void requireReadable(String op, OperationContext ctx) throws OperationRefusedException, TargetException {
        OptionImage o = ctx.driver().readOptions();
        if (o.rdpLevel() != RdpLevel.LEVEL_0) {
            throw new OperationRefusedException(op, "RDP " + RdpLevel.text(o.rdp())
                    + ": a connected debugger cannot read, program or erase the flash.",
                    List.of("flashbank rdp-regress --erase-all-flash (RDP = 0xAA; IDE: Option Bytes editor, RDP level "
                            + "0), then reset - "
                            + "this mass-erases ALL user flash"), null);
        }
    }

    /** Everything blocking {@code scope} now. */
    static List<EraseBlocker> blockers(OperationContext ctx, Scope scope) throws TargetException {
        return ctx.driver().protectionModel().blockers(scope);
    }

    /**
     * Refuses when anything blocks {@code scope}; {@code withDoctor}: the refusal carries a full doctor examination
     * of the target (with {@code ranges} checked), as the erase pre-flight promises.
     */
    static void requireUnprotected(String op, OperationContext ctx, Scope scope, boolean withDoctor,
            List<AddressRange> ranges) throws OperationRefusedException, TargetException {
        List<EraseBlocker> blockers = blockers(ctx, scope);
        if (blockers.isEmpty()) {
            return;
        }
        DoctorReport report = withDoctor ? new Doctor(new Families(List.of(ctx.driver().family())))
                .examine(ctx.debugTarget(), ranges) : null;
        throw refusal(op, scope.label(), blockers, report);
    }

    static OperationRefusedException refusal(String op, String what, List<EraseBlocker> blockers, DoctorReport report) {
        String why = blockers.stream().map(EraseBlocker::explanation).collect(Collectors.joining("; "));
        List<String> fixes = new ArrayList<>(new LinkedHashSet<>(blockers.stream()
                .map(b -> b.fix() + " (consequence: " + b.consequence() + ")").toList()));
        return new OperationRefusedException(op, "the " + what + " is blocked by protection: " + why + ".", fixes,
                report);
    }
}
