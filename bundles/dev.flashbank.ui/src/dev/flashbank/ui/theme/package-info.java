/**
 * Theme-aware colours of the Flashbank widgets: keys of the workbench colour registry (defined with light values in
 * plugin.xml through org.eclipse.ui.themes, dark values in css/e4-dark_flashbank.css for the e4 dark theme), the
 * text/background pairs that must stay readable in both, and the lookup the widgets paint with.
 */
package dev.flashbank.ui.theme;
