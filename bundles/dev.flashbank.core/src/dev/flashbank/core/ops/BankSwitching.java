package dev.flashbank.core.ops;

import java.util.Optional;
import java.util.stream.Collectors;

import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.device.SwitchScheme.LinkRule;
import dev.flashbank.core.family.BankSwapStrategy;
import dev.flashbank.core.family.SchemeRefusedException;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.family.OptionWriteResult;
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
        Planned p = plan(op, ctx, scheme, choice);
        progress.worked(2);
        Optional<OptionWriteResult> written = p.sw().apply(op, ctx, Progress.uncancelable(progress.split(6)));
        if (reset) {
            ctx.debugTarget().core().reset(ResetKind.SYSTEM);
        }
        progress.worked(2);
        return new BankSwitchResult(op, p.survey(), p.sw(), written, reset, BankSurvey.examine(ctx));
    }

    /** The survey the switch was planned on, and the plan. */
    record Planned(BankSurvey survey, BankSwitch sw) {
    }

    /** Every check of {@link #run} and the family's plan, nothing written. */
    static Planned plan(String op, OperationContext ctx, SwitchScheme scheme, TargetChoice choice)
            throws OperationException, TargetException {
        BankUpdateOperation.requireDualBank(op, ctx);
        Preflight.requireReadable(op, ctx);
        BankSwapStrategy strategy = BankSwitch.strategy(op, ctx, scheme);
        BankSurvey survey = BankSurvey.examine(ctx);
        int target = choice.choose(survey);
        BankSurvey.BankInfo info = survey.bank(target);
        FlashGeometry g = ctx.geometry();
        if (!info.isValid()) {
            throw new OperationRefusedException(op, "physical bank " + target + " holds no bootable image: "
                    + info.explanation() + ".", "flashbank bank-update IMAGE first (IDE: Flash Banks view, Program inactive bank)");
        }
        int expectedLink = scheme.linkRule().slotFor(target);
        if (info.linkedFor() != expectedLink) {
            String schemes = ctx.driver().bankSwapping().orElseThrow().schemes().stream()
                    .map(s -> "--scheme " + s.id()).collect(Collectors.joining(" or "));
            throw new OperationRefusedException(op, String.format("link address mismatch: the image in physical bank "
                    + "%d is linked for 0x%08X, but the %s scheme starts it %s.", target,
                    g.windowAddress(info.linkedFor(), 0, false, g.linkWindow()), scheme.name(),
                    scheme.linkRule() == LinkRule.OWN_BANK_ADDRESS
                            ? String.format("at its own address 0x%08X", g.windowAddress(target, 0, false, g.linkWindow()))
                            : String.format("at 0x%08X (%s remap)", g.windowAddress(1, 0, false, g.linkWindow()),
                                    scheme.mappingBit())),
                    "flashbank swap " + schemes + ": the scheme the images were built for");
        }
        // the reset handler must land on programmed flash (a vector table without a body is not an image)
        long handler = info.resetHandler() & ~1L;
        long offset = g.physicalBankAt(handler, false).orElseThrow().offset();
        byte[] code = ctx.driver().readFlash(g.windowAddress(target, offset & ~1L, survey.banksSwapped(),
                g.linkWindow()), 4);
        if (ProgramOperation.allErased(code)) {
            throw new OperationRefusedException(op, String.format("the image in physical bank %d is incomplete: its "
                    + "reset handler at bank offset 0x%X is erased flash.", target, offset),
                    "program the complete image again (bank update)");
        }
        try {
            strategy.checkSwitch(survey.boot());
        } catch (SchemeRefusedException e) {
            throw BankSwitch.refusal(op, e);
        }
        FlashWindow linkWindow = g.windowOf(handler).orElse(g.linkWindow());
        BankSwitch sw = BankSwitch.plan(op, ctx, survey, strategy, target, linkWindow);
        if (sw.firmwareSwitches()) {
            throw new OperationRefusedException(op, sw.explanation() + ".", sw.how().switchFixes(), null);
        }
        return new Planned(survey, sw);
    }
}
