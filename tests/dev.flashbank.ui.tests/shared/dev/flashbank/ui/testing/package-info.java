/**
 * Test support shared by the two UI test fragments (dev.flashbank.ui.tests and dev.flashbank.launch.ui.tests): the
 * light/dark theme switch, the screenshot checks (nothing clipped, nothing invisible) and the clean-workspace-log
 * check. A fragment cannot see another host's fragment, so both compile this one source folder
 * (tests/dev.flashbank.ui.tests/shared, named in each build.properties) into their own classes.
 */
package dev.flashbank.ui.testing;
