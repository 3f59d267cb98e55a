package dev.flashbank.launch.ui;

import org.eclipse.debug.ui.AbstractLaunchConfigurationTabGroup;
import org.eclipse.debug.ui.CommonTab;
import org.eclipse.debug.ui.ILaunchConfigurationDialog;
import org.eclipse.debug.ui.ILaunchConfigurationTab;

/** The tab groups of the three Flashbank launch types (plugin.xml names these classes). */
public final class TabGroups {

    private TabGroups() {
    }

    /** Flashbank Bank Update: Target, Image, Update, Common. */
    public static final class BankUpdate extends AbstractLaunchConfigurationTabGroup {
        @Override
        public void createTabs(ILaunchConfigurationDialog dialog, String mode) {
            setTabs(new ILaunchConfigurationTab[] { new TargetTab(), new ImageTab(),
                    new UpdateTab(UpdateTab.Kind.BANK_UPDATE), new CommonTab() });
        }
    }

    /** Flashbank Swap Banks: Target, Swap, Common. */
    public static final class SwapBanks extends AbstractLaunchConfigurationTabGroup {
        @Override
        public void createTabs(ILaunchConfigurationDialog dialog, String mode) {
            setTabs(new ILaunchConfigurationTab[] { new TargetTab(), new UpdateTab(UpdateTab.Kind.SWAP),
                    new CommonTab() });
        }
    }

    /** Flashbank Option Bytes: Target, Option Bytes, Common. */
    public static final class OptionBytes extends AbstractLaunchConfigurationTabGroup {
        @Override
        public void createTabs(ILaunchConfigurationDialog dialog, String mode) {
            setTabs(new ILaunchConfigurationTab[] { new TargetTab(), new UpdateTab(UpdateTab.Kind.OPTIONS),
                    new CommonTab() });
        }
    }
}
