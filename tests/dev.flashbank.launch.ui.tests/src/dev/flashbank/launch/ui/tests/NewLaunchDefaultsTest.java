package dev.flashbank.launch.ui.tests;

import static dev.flashbank.core.launch.LaunchAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.ILaunchConfigurationTabGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.io.FlashbankSettings;
import dev.flashbank.launch.ui.TabGroups;
import dev.flashbank.ui.preferences.FlashbankPreferences;

/**
 * Issue 16 finding 7: a new Flashbank launch configuration (what Run Configurations &gt; New sets through the tabs'
 * defaults) takes the SWD clock and the switching scheme of Window &gt; Preferences &gt; Flashbank.
 */
class NewLaunchDefaultsTest {

    @AfterEach
    void restore() throws Exception {
        IEclipsePreferences n = FlashbankPreferences.node();
        n.remove(FlashbankSettings.SWD_KHZ);
        n.remove(FlashbankSettings.DEFAULT_SCHEME);
        n.flush();
    }

    static ILaunchConfigurationWorkingCopy newConfiguration(String type, ILaunchConfigurationTabGroup group)
            throws Exception {
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(type).newInstance(null, "defaults");
        group.createTabs(null, "run");
        group.setDefaults(wc);
        group.dispose();
        return wc;
    }

    @Test
    void aNewConfigurationTakesTheClockAndSchemeOfThePreferences() throws Exception {
        ILaunchConfigurationWorkingCopy before = newConfiguration(TYPE_BANK_UPDATE, new TabGroups.BankUpdate());
        assertThat(before.getAttribute(SWD_FREQUENCY_KHZ, -1)).as("no preference: the probe's default").isZero();
        assertThat(before.getAttribute(SCHEME, "")).as("no preference: none stored, the part's own default decides "
                + "(the first installed scheme, boot-add, was wrong for every part but F7)").isEmpty();

        IEclipsePreferences n = FlashbankPreferences.node();
        n.putInt(FlashbankSettings.SWD_KHZ, 4000);
        n.put(FlashbankSettings.DEFAULT_SCHEME, "remap");
        n.flush();
        ILaunchConfigurationWorkingCopy update = newConfiguration(TYPE_BANK_UPDATE, new TabGroups.BankUpdate());
        assertThat(update.getAttribute(SWD_FREQUENCY_KHZ, -1)).isEqualTo(4000);
        assertThat(update.getAttribute(SCHEME, "")).isEqualTo("remap");
        ILaunchConfigurationWorkingCopy swap = newConfiguration(TYPE_SWAP_BANKS, new TabGroups.SwapBanks());
        assertThat(swap.getAttribute(SCHEME, "")).isEqualTo("remap");

        n.putInt(FlashbankSettings.SWD_KHZ, 99_000); // out of range (not through the page): the probe's default
        n.put(FlashbankSettings.DEFAULT_SCHEME, "no-such-scheme");
        n.flush();
        ILaunchConfigurationWorkingCopy odd = newConfiguration(TYPE_BANK_UPDATE, new TabGroups.BankUpdate());
        assertThat(odd.getAttribute(SWD_FREQUENCY_KHZ, -1)).isZero();
        assertThat(odd.getAttribute(SCHEME, "")).as("an unknown preference: the part's own default").isEmpty();
    }
}
