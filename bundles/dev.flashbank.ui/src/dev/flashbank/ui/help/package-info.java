/**
 * Context help (F1, the dialogs' "?"): the ids of {@code help/contexts.xml}, bound to the controls of every Flashbank
 * view, editor, dialog, preference page and launch tab.
 */
package dev.flashbank.ui.help;
