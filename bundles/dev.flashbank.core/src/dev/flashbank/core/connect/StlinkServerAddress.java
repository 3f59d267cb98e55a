package dev.flashbank.core.connect;

import java.util.Locale;
import java.util.Objects;

/**
 * An ST-Link probe shared through an stlink-server (ST's ST-LINK server, which STM32CubeIDE uses for its "shared
 * ST-LINK", or {@code flashbank sim serve --stlink-port}): written {@code tcp:<host>:<port>[/<serial>]} wherever an
 * ST-Link serial is accepted ({@code --probe}, a registry's {@code stlink:} line, a launch's probe serial), and opened
 * by the ST-Link provider over TCP instead of USB.
 *
 * @param serial the probe's serial number or a unique part of it; empty = the only probe the server lists
 */
public record StlinkServerAddress(String host, int port, String serial) {

    /** How a probe serial names a server instead of a USB probe. */
    public static final String PREFIX = "tcp:";

    /** stlink-server's port when none is configured (OpenOCD 0.12 doc, {@code st-link backend tcp [port]}). */
    public static final int DEFAULT_PORT = 7184;

    public StlinkServerAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(serial, "serial");
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad stlink-server address " + host + ":" + port);
        }
    }

    /** Whether {@code probe} (a serial as typed) names an stlink-server rather than a USB probe. */
    public static boolean isServerForm(String probe) {
        return probe != null && probe.strip().toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /**
     * Parses {@code tcp:<host>:<port>[/<serial>]}.
     *
     * @throws IllegalArgumentException with the reason and the expected form
     */
    public static StlinkServerAddress parse(String text) {
        String s = text == null ? "" : text.strip();
        if (!isServerForm(s)) {
            throw new IllegalArgumentException(problem(s, "it does not start with " + PREFIX));
        }
        String rest = s.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String serial = slash < 0 ? "" : rest.substring(slash + 1).strip();
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || hostPort.substring(0, colon).isBlank()) {
            throw new IllegalArgumentException(problem(s, "the host or the port is missing"));
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(problem(s, "the port is a number"));
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(problem(s, "the port is 1-65535"));
        }
        return new StlinkServerAddress(hostPort.substring(0, colon).strip(), port, serial);
    }

    private static String problem(String text, String reason) {
        return "'" + text + "' is not an stlink-server address (" + reason + "): write " + PREFIX
                + "<host>:<port>[/<serial>], e.g. " + PREFIX + "127.0.0.1:" + DEFAULT_PORT;
    }

    /** The address as typed: {@code tcp:host:port[/serial]}. */
    public String text() {
        return PREFIX + host + ":" + port + (serial.isEmpty() ? "" : "/" + serial);
    }

    /** "ST-Link probe 0669FF… via stlink-server 127.0.0.1:7184". */
    public String describe() {
        return (serial.isEmpty() ? "the ST-Link probe" : "ST-Link probe " + serial) + " via stlink-server " + host
                + ":" + port;
    }
}
