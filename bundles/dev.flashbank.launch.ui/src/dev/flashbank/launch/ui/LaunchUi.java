package dev.flashbank.launch.ui;

/** Identifiers of the launch UI contributions. */
public final class LaunchUi {

    public static final String PLUGIN_ID = "dev.flashbank.launch.ui";

    private LaunchUi() {
    }
}
