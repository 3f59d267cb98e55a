package dev.flashbank.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;

/**
 * Headless installation check ({@code -application dev.flashbank.launch.selfcheck}): every Flashbank bundle of the
 * installation must be resolved and must activate. This is what proves that an install from the update site into
 * a bare platform (how users install into STM32CubeIDE) works. Exit code 0 when all is well, 1 otherwise; one line
 * per bundle on standard output.
 */
public final class SelfCheckApplication implements IApplication {

    /** Bundles (symbolic names) an installation of the Flashbank feature must contain. */
    public static final Set<String> EXPECTED = Set.of("dev.flashbank.core", "dev.flashbank.sim", "dev.flashbank.stlink",
            "dev.flashbank.families", "dev.flashbank.cli", "dev.flashbank.ui", "dev.flashbank.launch",
            "dev.flashbank.launch.ui");

    /**
     * Family bundles are not listed by name (a family is named only in its own bundle and its one registration line):
     * {@code dev.flashbank.families} requires every installed family bundle, so it resolves and starts only when they
     * are all installed, and every installed {@code dev.flashbank.family.*} bundle is checked as it is found.
     */
    public static final String FAMILY_PREFIX = "dev.flashbank.family.";

    @Override
    public Object start(IApplicationContext appContext) {
        BundleContext ctx = FrameworkUtil.getBundle(SelfCheckApplication.class).getBundleContext();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Bundle b : ctx.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn == null || !bsn.startsWith("dev.flashbank.")) {
                continue;
            }
            seen.add(bsn);
            try {
                if (b.getHeaders().get("Fragment-Host") == null) {
                    b.start(Bundle.START_TRANSIENT);
                }
            } catch (BundleException e) {
                problems.add(bsn + ": " + e.getMessage());
            }
            System.out.println("flashbank-selfcheck: " + bsn + " " + b.getVersion() + " " + stateName(b));
            boolean ok = b.getHeaders().get("Fragment-Host") == null ? b.getState() == Bundle.ACTIVE
                    : b.getState() == Bundle.RESOLVED;
            if (!ok) {
                problems.add(bsn + " is " + stateName(b));
            }
        }
        for (String e : EXPECTED) {
            if (!seen.contains(e)) {
                problems.add(e + " is not installed");
            }
        }
        problems.forEach(p -> System.out.println("flashbank-selfcheck: PROBLEM " + p));
        System.out.println("flashbank-selfcheck: " + (problems.isEmpty() ? "OK" : "FAILED") + " (" + seen.size()
                + " Flashbank bundles)");
        return problems.isEmpty() ? IApplication.EXIT_OK : Integer.valueOf(1);
    }

    @Override
    public void stop() {
        // nothing to stop: the check runs to completion in start()
    }

    static String stateName(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.INSTALLED -> "INSTALLED (unresolved)";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
