package dev.flashbank.stlink.usb;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Tells listeners when ST-Links arrive, leave or change state (e.g. udev rules installed, another program let go).
 * Uses libusb hot-plug events where the platform has them (Linux, macOS) and polls otherwise (Windows). The diffing is
 * {@link #refresh()}, which tests call directly.
 */
public final class ProbeWatcher implements AutoCloseable {

    /** Default polling period where hot-plug is unavailable (Flashbank parameter: fast enough for a UI). */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    /** What changed since the previous refresh; a state change appears as left (old state) + arrived (new state). */
    public record Change(List<DiscoveredProbe> arrived, List<DiscoveredProbe> left) {
        public boolean isEmpty() {
            return arrived.isEmpty() && left.isEmpty();
        }
    }

    private final ProbeDiscovery discovery;
    private final Duration pollInterval;
    private Map<String, DiscoveredProbe> known = new LinkedHashMap<>();
    private AutoCloseable hotplug;
    private ScheduledExecutorService poller;
    private boolean usesHotplug;

    public ProbeWatcher(ProbeDiscovery discovery, Duration pollInterval) {
        this.discovery = discovery;
        this.pollInterval = pollInterval;
    }

    private static String key(DiscoveredProbe p) {
        return p.location() + "|" + p.product() + "|" + p.serial() + "|" + p.state();
    }

    /** Discovers once and returns the difference to the previous call. */
    public synchronized Change refresh() {
        Map<String, DiscoveredProbe> now = new LinkedHashMap<>();
        for (DiscoveredProbe p : discovery.discover().probes()) {
            now.put(key(p), p);
        }
        List<DiscoveredProbe> arrived = now.entrySet().stream().filter(e -> !known.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        List<DiscoveredProbe> left = known.entrySet().stream().filter(e -> !now.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        known = now;
        return new Change(arrived, left);
    }

    /**
     * Starts watching; {@code listener} gets every non-empty change (first: the probes already present, as arrivals),
     * from a background thread or, for that first change with hot-plug, from the caller.
     */
    public synchronized void start(Consumer<Change> listener) {
        if (hotplug != null || poller != null) {
            throw new IllegalStateException("already started");
        }
        Runnable tick = () -> {
            Change c = refresh();
            if (!c.isEmpty()) {
                listener.accept(c);
            }
        };
        Optional<UsbDeviceEnumerator> usb = discovery.usb();
        if (usb.isPresent() && usb.get().supportsHotplug()) {
            try {
                hotplug = usb.get().watch(tick);
                usesHotplug = true;
                tick.run(); // the probes present now arrive first, as with polling
                return;
            } catch (UsbIoException e) {
                // fall back to polling
            }
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flashbank-probe-poll");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(tick, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized boolean usesHotplug() {
        return usesHotplug;
    }

    /** Stops events or polling and waits for the background thread to end. */
    @Override
    public void close() {
        AutoCloseable h;
        ScheduledExecutorService p;
        synchronized (this) {
            h = hotplug;
            p = poller;
            hotplug = null;
            poller = null;
        }
        if (h != null) {
            try {
                h.close();
            } catch (Exception e) {
                // stopping the event thread is best effort
            }
        }
        if (p != null) {
            p.shutdownNow();
            try {
                p.awaitTermination(pollInterval.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
