package dev.flashbank.launch.ui.tests;

import static dev.flashbank.core.launch.LaunchAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.help.HelpSystem;
import org.eclipse.help.IContext;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.ui.help.HelpContexts;

/**
 * Issue 16 finding 7: every Flashbank launch tab, as the Run Configurations dialog shows it, carries its context
 * (F1 on the tab opens its help), and each context resolves to a description and topics.
 */
class LaunchTabHelpTest {

    static final String HELP_KEY = "org.eclipse.ui.help";

    @AfterEach
    void tearDown() throws CoreException {
        for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations()) {
            c.delete();
        }
    }

    @Test
    void everyTabOfTheThreeLaunchTypesCarriesItsContext() throws Exception {
        Map<String, Map<String, String>> tabsByType = Map.of(
                TYPE_BANK_UPDATE, Map.of("Target", HelpContexts.LAUNCH_TARGET_TAB, "Image", HelpContexts.LAUNCH_IMAGE_TAB,
                        "Update", HelpContexts.LAUNCH_UPDATE_TAB),
                TYPE_SWAP_BANKS, Map.of("Target", HelpContexts.LAUNCH_TARGET_TAB, "Swap", HelpContexts.LAUNCH_SWAP_TAB),
                TYPE_OPTION_BYTES, Map.of("Target", HelpContexts.LAUNCH_TARGET_TAB, "Option Bytes",
                        HelpContexts.LAUNCH_OPTIONS_TAB));
        for (var type : tabsByType.entrySet()) {
            ILaunchConfiguration c = DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationType(type.getKey())
                    .newInstance(null, "help " + type.getKey().substring(type.getKey().lastIndexOf('.') + 1)).doSave();
            for (var tab : type.getValue().entrySet()) {
                List<String> seen = new ArrayList<>();
                List<Throwable> thrown = InDialog.run(c, tab.getKey(), dialog -> seen.addAll(contextsIn(dialog)));
                assertThat(thrown).isEmpty();
                assertThat(seen).as("%s tab of %s", tab.getKey(), type.getKey()).contains(tab.getValue());
                IContext ctx = HelpSystem.getContext(tab.getValue());
                assertThat(ctx).as(tab.getValue()).isNotNull();
                assertThat(ctx.getText()).isNotBlank();
                assertThat(ctx.getRelatedTopics()).isNotEmpty();
            }
        }
    }

    static List<String> contextsIn(Control c) {
        List<String> out = new ArrayList<>();
        if (c.getData(HELP_KEY) instanceof String id) {
            out.add(id);
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                out.addAll(contextsIn(child));
            }
        }
        return out;
    }
}
