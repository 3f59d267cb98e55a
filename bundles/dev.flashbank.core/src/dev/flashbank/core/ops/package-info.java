/**
 * Operations against a target as plain objects with {@code run(progress)} (EGit "op" style): they hold their inputs,
 * do the target I/O through the flash driver, report through {@link dev.flashbank.core.flash.FlashProgress} (the
 * driver's progress/cancel callback, adapted by the UI to an IProgressMonitor) and return a result record. The UI runs
 * them inside Eclipse Jobs, the CLI runs them directly. Also: option-byte profile/backup files and the "Copy as CLI
 * command" rendering of an option change.
 */
package dev.flashbank.core.ops;
