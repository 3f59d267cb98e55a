package dev.flashbank.integration.tests.gdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.flashbank.integration.tests.jtag.ExternalTool;

/** Stock gdb-multiarch in batch mode against a GDB server, as the gdb acceptance tests run it. */
final class GdbMultiarch {

    private GdbMultiarch() {
    }

    /**
     * Runs gdb-multiarch in batch mode on {@code elf} connected to the server on 127.0.0.1:{@code port} (extended
     * remote), one -ex per command, and returns its output; gdb exits after the last command.
     */
    static String batch(int port, Path elf, String... commands) throws Exception {
        String gdbExe = ExternalTool.require("gdb-multiarch", "gdb-multiarch").toString();
        List<String> cmd = new ArrayList<>(List.of(gdbExe, "-nx", "-batch", "-ex", "set confirm off", "-ex",
                "set pagination off", "-ex", "target extended-remote 127.0.0.1:" + port));
        for (String c : commands) {
            cmd.add("-ex");
            cmd.add(c);
        }
        cmd.add(elf.toString());
        try (ExternalTool gdb = ExternalTool.start("gdb-multiarch", cmd)) {
            gdb.stop(Duration.ofSeconds(120));
            return gdb.output();
        }
    }
}
