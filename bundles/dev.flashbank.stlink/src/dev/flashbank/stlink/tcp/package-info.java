/**
 * The stlink-server TCP protocol (the "shared ST-LINK" of STM32CubeIDE, OpenOCD's {@code st-link backend tcp}): its
 * framing defined once ({@link dev.flashbank.stlink.tcp.StlinkServerProtocol}), a server that lists any ST-Link
 * transports as probes ({@link dev.flashbank.stlink.tcp.StlinkServer}) and Flashbank's client transport
 * ({@link dev.flashbank.stlink.tcp.StlinkServerTransport}).
 */
package dev.flashbank.stlink.tcp;
