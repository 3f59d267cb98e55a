package dev.flashbank.core.family;

import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.SwitchScheme;

/**
 * What one A/B switching scheme ({@link SwitchScheme}) means on a family's part: the checks it adds before a bank update
 * or a switch writes anything, and how it makes a physical bank start at the next reset. The neutral A/B operations
 * (bank update, swap, rollback) do everything else - survey, erase and program the inactive physical bank through the
 * window where it is mapped now, commit the vector table last, verify, write the plan's options last, reset - and call
 * the strategy only for these decisions. Reads nothing: decisions come from the {@link BootState} the family read.
 */
public interface BankSwapStrategy {

    /** The scheme this strategy carries out. */
    SwitchScheme scheme();

    /**
     * Refuses a bank update the scheme cannot carry out as the target is now (the image linked for the wrong slot,
     * the mapping another scheme set up).
     *
     * @param slot the slot the image is linked for (1 or 2, {@code FlashGeometry} slots)
     * @param running the physical bank that runs
     * @param inactive the physical bank that would be written
     */
    void checkUpdate(BootState boot, int slot, int running, int inactive) throws SchemeRefusedException;

    /** Refuses a switch (swap, rollback) the scheme cannot make as the target is now. */
    void checkSwitch(BootState boot) throws SchemeRefusedException;

    /**
     * How physical bank {@code targetBank} is made to start at the next reset.
     *
     * @param linkWindow the flash window the image in {@code targetBank} is linked in
     */
    SwitchPlan plan(BootState boot, int targetBank, FlashWindow linkWindow) throws SchemeRefusedException;
}
