/**
 * Window &gt; Preferences &gt; Flashbank and the project property page: the settings of {@code core.io.FlashbankSettings}
 * in the workspace (instance) and project scopes, validated as they are typed; the IDE's readers of them.
 */
package dev.flashbank.ui.preferences;
