package dev.flashbank.core.ops;

import java.util.Optional;

import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.OptionWriteResult;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;

/** The common part of {@link SwapOperation} and {@link RollbackOperation}: check the target bank, switch, reset. */
final class BankSwitching {

    private BankSwitching() {
    }

    /** Decides the bank to start from the survey; returns 0 to refuse with the caller's message. */
    interface TargetChoice {
        int choose(BankSurvey survey) throws OperationRefusedException;
    }

    static BankSwitchResult run(String op, OperationContext ctx, SwitchScheme scheme, boolean reset,
            TargetChoice choice, FlashProgress progress) throws OperationException, TargetException {
        progress.begin(op, 10);
        BankUpdateOperation.requireDualBank(op, ctx);
        Preflight.requireReadable(op, ctx);
        BankSurvey survey = BankSurvey.examine(ctx);
        int target = choice.choose(survey);
        BankSurvey.BankInfo info = survey.bank(target);
        FlashGeometry g = ctx.geometry();
        if (!info.isValid()) {
            throw new OperationRefusedException(op, "physical bank " + target + " holds no bootable image: "
                    + info.explanation() + ".", "flashbank bank-update IMAGE first (IDE: Flash Banks view, Program inactive bank)");
        }
        int expectedLink = scheme == SwitchScheme.BOOT_ADD ? target : 1;
        if (info.linkedFor() != expectedLink) {
            throw new OperationRefusedException(op, String.format("link address mismatch: the image in physical bank "
                    + "%d is linked for 0x%08X, but the %s scheme starts it %s.", target,
                    g.windowAddress(info.linkedFor(), 0, false, g.linkWindow()), scheme,
                    scheme == SwitchScheme.BOOT_ADD
                            ? String.format("at its own address 0x%08X", g.windowAddress(target, 0, false, g.linkWindow()))
                            : "at 0x08000000 (SWP_FB remap)"), "flashbank swap --scheme boot-add or --scheme remap: the scheme the images were built for");
        }
        // the reset handler must land on programmed flash (a vector table without a body is not an image)
        long handler = info.resetHandler() & ~1L;
        long offset = g.physicalBankAt(handler, false).orElseThrow().offset();
        byte[] code = ctx.driver().readFlash(g.windowAddress(target, offset & ~1L, survey.swpFb(), g.linkWindow()), 4);
        if (ProgramOperation.allErased(code)) {
            throw new OperationRefusedException(op, String.format("the image in physical bank %d is incomplete: its "
                    + "reset handler at bank offset 0x%X is erased flash.", target, offset),
                    "program the complete image again (bank update)");
        }
        if (scheme == SwitchScheme.BOOT_ADD && survey.swpFb()) {
            throw new OperationRefusedException(op, "SWP_FB = 1: the running firmware swaps banks itself (REMAP "
                    + "scheme), BOOT_ADD switching does not apply.", "flashbank swap --scheme remap (IDE: Swap Banks launch, scheme REMAP)");
        }
        FlashWindow linkWindow = g.windowOf(handler).orElse(g.linkWindow());
        BankSwitch sw = BankSwitch.plan(op, ctx, survey, scheme, target, linkWindow);
        if (sw.mechanism() == BankSwitch.Mechanism.FIRMWARE) {
            throw new OperationRefusedException(op, sw.explanation() + ".", "switch banks through your firmware, or flashbank ob set nDBANK=0 (IDE: Option Bytes editor) for BOOT_ADD switching");
        }
        progress.worked(2);
        Optional<OptionWriteResult> written = sw.apply(op, ctx, Progress.uncancelable(progress.split(6)));
        if (reset) {
            ctx.debugTarget().core().reset(ResetKind.SYSTEM);
        }
        progress.worked(2);
        return new BankSwitchResult(op, survey, sw, written, reset, BankSurvey.examine(ctx));
    }
}
