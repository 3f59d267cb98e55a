/**
 * The one definition of a Flashbank launch, readable without Eclipse (issue 9): attribute keys, the validated
 * {@link dev.flashbank.core.launch.LaunchSpec} built from a launch configuration's attribute map, the reader of
 * Eclipse {@code .launch} files, and the {@link dev.flashbank.core.launch.LaunchRunner} that executes a spec through
 * the core operations. The IDE's launch delegates and {@code flashbank launch FILE.launch} both go through here, so a
 * CI job and the IDE run exactly the same file the same way.
 */
package dev.flashbank.core.launch;
