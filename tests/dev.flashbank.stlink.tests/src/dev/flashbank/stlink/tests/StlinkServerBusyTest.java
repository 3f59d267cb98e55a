package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.Cdb;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.StlinkTransportException;
import dev.flashbank.stlink.tcp.StlinkServerProtocol;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.DeviceInfo;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.ServerVersion;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.Status;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.UsbCommandHeader;
import dev.flashbank.stlink.tcp.StlinkServerTransport;

/**
 * A server whose probe is busy with another client answers TCP_BUSY (OpenOCD: ERROR_WAIT, retried): Flashbank's
 * client sends the command again, and gives up with a clear message when the probe stays busy. The server here is a
 * scripted one: Flashbank's own never answers busy.
 */
class StlinkServerBusyTest {

    ServerSocket listener;
    Thread thread;
    final AtomicInteger usbCommands = new AtomicInteger();

    /** Serves one client: the open sequence normally, then {@code busyAnswers} TCP_BUSY before each OK. */
    void serve(int busyAnswers) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket s = listener.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                int busyLeft = busyAnswers;
                for (int command = in.read(); command >= 0; command = in.read()) {
                    byte[] r = new byte[StlinkServerProtocol.requestLength(command)];
                    in.readFully(r, 1, r.length - 1);
                    byte[] reply = switch (command) {
                        case StlinkServerProtocol.CMD_GET_SERVER_VERSION -> new ServerVersion(2, 1, 0, 0).encode();
                        case StlinkServerProtocol.CMD_GET_NB_DEV -> StlinkServerProtocol.word(1);
                        case StlinkServerProtocol.CMD_GET_DEV_INFO -> new DeviceInfo(1, "BUSY1", StlinkProduct.VENDOR_ID,
                                StlinkProduct.V2_1.productId(), false).encodeReply();
                        case StlinkServerProtocol.CMD_OPEN_DEV -> StlinkServerProtocol.statusAndWord(Status.OK, 5);
                        case StlinkServerProtocol.CMD_SEND_USB_CMD -> {
                            usbCommands.incrementAndGet();
                            UsbCommandHeader h = UsbCommandHeader.decode(r).header();
                            byte[] answer = new byte[4 + h.size()];
                            boolean busy = busyLeft-- > 0;
                            Bytes.putLe32(answer, 0, (busy ? Status.TCP_BUSY : Status.OK).code());
                            if (!busy) {
                                answer[4] = 0x26; // GET_VERSION: V2
                                busyLeft = busyAnswers;
                            }
                            yield answer;
                        }
                        default -> StlinkServerProtocol.status(Status.OK);
                    };
                    out.write(reply);
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            }
        }, "scripted stlink-server");
        thread.start();
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        thread.join(5_000);
    }

    @Test
    void aBusyProbeIsAskedAgain() throws Exception {
        serve(2);
        try (StlinkServerTransport t = StlinkServerTransport.open("127.0.0.1", listener.getLocalPort(), "", 1000)) {
            byte[] v = t.exchange(Cdb.of(StlinkCommands.GET_VERSION).bytes(), null, StlinkCommands.GET_VERSION_REPLY,
                    1000);
            assertThat(v[0]).isEqualTo((byte) 0x26);
            assertThat(usbCommands.get()).as("two busy answers, then the command ran").isEqualTo(3);
        }
    }

    @Test
    void aProbeThatStaysBusyIsReported() throws Exception {
        serve(Integer.MAX_VALUE);
        try (StlinkServerTransport t = StlinkServerTransport.open("127.0.0.1", listener.getLocalPort(), "", 1000)) {
            assertThatThrownBy(() -> t.exchange(Cdb.of(StlinkCommands.GET_VERSION).bytes(), null,
                    StlinkCommands.GET_VERSION_REPLY, 1000)).isInstanceOf(StlinkTransportException.class)
                    .hasMessageContaining("stayed busy with another client");
            assertThat(usbCommands.get()).as("the command and its retries").isEqualTo(9);
        }
    }
}
