package dev.flashbank.sim.gdb;

import static dev.flashbank.core.device.cortexm.CortexM.DFSR_BKPT;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR_DWTTRAP;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_HALT;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_LOCKUP;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_PC;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.gdb.RspChannel;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * One GDB connection to a simulated board (GDB manual appendix E, all-stop mode, one thread): the packets a
 * {@code target extended-remote} session sends, answered through a {@link SimulatedProbe} on the board - memory by bus
 * accesses, registers by DCRSR, run control by DHCSR, breakpoints in the FPB or as BKPT in RAM, watchpoints in the
 * DWT, {@code load} through the part's flash driver. While the core runs the session lets board time pass in slices
 * and polls DHCSR.S_HALT, answering the interrupt (Ctrl-C) between slices.
 */
final class GdbSession {

    /** PacketSize announced in qSupported (hex in the protocol): large vFlashWrite and X packets. */
    static final int PACKET_SIZE = 0x4000;
    static final int SIGINT = 2, SIGTRAP = 5, SIGSEGV = 11;
    /** The only thread: the core. */
    static final String THREAD = "1";

    private final RspChannel rsp;
    private final BenchBoard board;
    private final Families families;
    private final Duration runSlice;
    private final Consumer<String> log;
    private final java.util.function.BooleanSupplier serverClosing;
    /** Whether the debugger closed the connection: looked at while the core runs, where nothing else reads. */
    private final java.util.function.BooleanSupplier peerClosed;

    private SimulatedProbe probe;
    private HaltingDebug debug;
    private GdbRegisters registers;
    private Breakpoints breakpoints;
    private Watchpoints watchpoints;
    private FlashDriver driver;
    private FlashLoad flashLoad;
    private boolean swbreak;
    private boolean hwbreak;
    private String lastStop = "S05";
    private boolean ended;

    GdbSession(RspChannel rsp, BenchBoard board, Families families, Duration runSlice, Consumer<String> log,
            java.util.function.BooleanSupplier serverClosing, java.util.function.BooleanSupplier peerClosed) {
        this.rsp = rsp;
        this.board = board;
        this.families = families;
        this.runSlice = runSlice;
        this.log = log;
        this.serverClosing = serverClosing;
        this.peerClosed = peerClosed;
    }

    /** Attaches (halts the core), then answers packets until GDB detaches, kills or disconnects. */
    void serve() throws TargetException {
        try {
            attach();
            while (!ended) {
                RspChannel.Request r = rsp.receiveRequest();
                if (r.interrupt()) {
                    continue; // the core is already halted
                }
                Optional<String> reply = answer(r);
                if (reply.isPresent()) {
                    rsp.send(reply.get());
                }
            }
        } finally {
            leave();
        }
    }

    private void attach() throws TargetException {
        probe = SimulatedProbe.connect(board);
        debug = new HaltingDebug(probe);
        debug.halt();
        lastStop = stopReply(SIGTRAP); // what OpenOCD answers the first '?' with
        registers = GdbRegisters.of(debug.profile());
        try {
            var identity = new TargetSession(probe, families).identify();
            driver = families.openDriver(probe, identity.device(), new SimulatorPollClock(probe),
                    FlashDriverSettings.defaults());
        } catch (TargetException e) {
            log.accept("gdb: no flash driver for this board (" + e.getMessage() + "): 'load' into flash is not offered");
        }
        breakpoints = new Breakpoints(debug.memory(), flashWindows());
        watchpoints = new Watchpoints(debug.memory());
    }

    /** Addresses in a flash window: a software breakpoint there goes into the FPB, never written over the cells. */
    private LongPredicate flashWindows() {
        return a -> (driver != null ? driver.geometry() : board.geometry()).windowOf(a).isPresent();
    }

    /** Breakpoints and watchpoints out, the probe closed; the core stays as GDB left it. */
    private void leave() {
        if (debug != null) {
            try {
                breakpoints.removeAll();
                watchpoints.removeAll();
            } catch (TargetException | RuntimeException e) {
                log.accept("gdb: could not remove the breakpoints on leaving: " + e.getMessage());
            }
        }
        if (probe != null) {
            probe.close();
        }
    }

    /** The reply to one packet; empty when the packet is answered by nothing (k). */
    Optional<String> answer(RspChannel.Request request) throws TargetException {
        String p = request.text();
        try {
            return Optional.ofNullable(dispatch(p, request.payload()));
        } catch (TargetException | RuntimeException e) {
            log.accept("gdb: '" + shorten(p) + "' failed: " + e.getMessage());
            return Optional.of("E01");
        }
    }

    private String dispatch(String p, byte[] raw) throws TargetException {
        if (p.isEmpty()) {
            return "";
        }
        char c = p.charAt(0);
        switch (c) {
            case '?':
                return lastStop;
            case 'g':
                return readAllRegisters();
            case 'G':
                return writeAllRegisters(p.substring(1));
            case 'p':
                return readRegister(Integer.parseInt(p.substring(1), 16));
            case 'P':
                return writeRegister(p.substring(1));
            case 'm':
                return readMemory(p.substring(1));
            case 'M':
                return writeMemoryHex(p.substring(1));
            case 'X':
                return writeMemoryBinary(p, raw);
            case 'c':
            case 'C':
                return resume(false);
            case 's':
            case 'S':
                return resume(true);
            case 'Z':
            case 'z':
                return breakOrWatch(c == 'Z', p.substring(1));
            case 'H':
            case 'T':
                return "OK"; // one thread: every thread selection and liveness check names it
            case '!':
                return "OK";
            case 'D':
                detach();
                return "OK";
            case 'k':
                ended = true;
                return null;
            default:
                break;
        }
        if (p.startsWith("qSupported")) {
            return supported(p);
        }
        if (p.startsWith("qXfer:features:read:target.xml:")) {
            return xfer(registers.targetXml(), p.substring("qXfer:features:read:target.xml:".length()));
        }
        if (p.startsWith("qXfer:memory-map:read::") && driver != null) {
            return xfer(MemoryMap.xml(MemoryMap.regions(driver.geometry(), driver.banksSwapped())),
                    p.substring("qXfer:memory-map:read::".length()));
        }
        if (p.equals("qAttached") || p.startsWith("qAttached:")) {
            return "1"; // attached to a running program: GDB detaches on quit, it does not kill
        }
        if (p.equals("qC")) {
            return "QC" + THREAD;
        }
        if (p.equals("qfThreadInfo")) {
            return "m" + THREAD;
        }
        if (p.equals("qsThreadInfo")) {
            return "l";
        }
        if (p.startsWith("qSymbol")) {
            return "OK";
        }
        if (p.startsWith("qRcmd,")) {
            return monitor(new String(HexFormat.of().parseHex(p.substring(6)), StandardCharsets.UTF_8).trim());
        }
        if (p.equals("vCont?")) {
            return "vCont;c;C;s;S;t";
        }
        if (p.startsWith("vCont;")) {
            return vCont(p.substring(6));
        }
        if (p.startsWith("vFlashErase:") && driver != null) {
            String[] a = p.substring(12).split(",");
            flashLoad().erase(Long.parseLong(a[0], 16), Long.parseLong(a[1], 16));
            return "OK";
        }
        if (p.startsWith("vFlashWrite:") && driver != null) {
            int colon = p.indexOf(':', 12);
            byte[] data = java.util.Arrays.copyOfRange(raw, colon + 1, raw.length);
            flashLoad().write(Long.parseLong(p.substring(12, colon), 16), data);
            return "OK";
        }
        if (p.equals("vFlashDone") && driver != null) {
            long n = flashLoad().done();
            log.accept("gdb: load programmed and verified " + n + " bytes of flash");
            return "OK";
        }
        if (p.startsWith("vKill")) {
            return "OK"; // the board cannot be killed; the core stays halted
        }
        if (p.startsWith("vRun")) {
            debug.core().resetAndHalt(ResetKind.SYSTEM);
            return lastStop = stopReply(SIGTRAP);
        }
        return ""; // not supported: GDB falls back or reports it
    }

    // ------------------------------------------------------------------------------------ handshake and documents

    private String supported(String p) {
        List<String> features = p.contains(":") ? List.of(p.substring(p.indexOf(':') + 1).split(";")) : List.of();
        swbreak = features.contains("swbreak+");
        hwbreak = features.contains("hwbreak+");
        StringBuilder s = new StringBuilder("PacketSize=").append(Integer.toHexString(PACKET_SIZE))
                .append(";qXfer:features:read+;swbreak+;hwbreak+;vContSupported+");
        if (driver != null) {
            s.append(";qXfer:memory-map:read+");
        }
        return s.toString();
    }

    /** A qXfer read of {@code document} at "offset,length": 'm' and a chunk while more follows, 'l' at the end. */
    private String xfer(String document, String range) {
        String[] a = range.split(",");
        int offset = Integer.parseInt(a[0], 16);
        int length = Integer.parseInt(a[1], 16);
        byte[] all = document.getBytes(StandardCharsets.UTF_8);
        int from = Math.min(offset, all.length);
        int n = Math.min(length, all.length - from);
        byte[] chunk = RspChannel.escapeBinary(all, from, n);
        return (from + n < all.length ? "m" : "l") + new String(chunk, StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------------------------ registers

    private String readAllRegisters() throws TargetException {
        StringBuilder s = new StringBuilder();
        for (GdbRegisters.Register r : registers.all()) {
            s.append(HexFormat.of().formatHex(debug.read(r)));
        }
        return s.toString();
    }

    private String writeAllRegisters(String hex) throws TargetException {
        byte[] b = HexFormat.of().parseHex(hex);
        int at = 0;
        for (GdbRegisters.Register r : registers.all()) {
            if (at + r.bytes() > b.length) {
                break;
            }
            debug.write(r, b, at);
            at += r.bytes();
        }
        return "OK";
    }

    private String readRegister(int number) throws TargetException {
        Optional<GdbRegisters.Register> r = registers.byNumber(number);
        return r.isPresent() ? HexFormat.of().formatHex(debug.read(r.get())) : "E01";
    }

    private String writeRegister(String args) throws TargetException {
        int eq = args.indexOf('=');
        Optional<GdbRegisters.Register> r = registers.byNumber(Integer.parseInt(args.substring(0, eq), 16));
        byte[] b = HexFormat.of().parseHex(args.substring(eq + 1));
        if (r.isEmpty() || b.length < r.get().bytes()) {
            return "E01";
        }
        debug.write(r.get(), b, 0);
        return "OK";
    }

    // ------------------------------------------------------------------------------------ memory

    private String readMemory(String args) throws TargetException {
        String[] a = args.split(",");
        long address = Long.parseLong(a[0], 16);
        int length = Integer.parseInt(a[1], 16);
        byte[] b = new byte[length];
        debug.memory().read(address, b, 0, length, widthFor(address, length));
        return HexFormat.of().formatHex(b);
    }

    private String writeMemoryHex(String args) throws TargetException {
        int colon = args.indexOf(':');
        long address = Long.parseLong(args.substring(0, args.indexOf(',')), 16);
        byte[] data = HexFormat.of().parseHex(args.substring(colon + 1));
        debug.memory().write(address, data, 0, data.length, widthFor(address, data.length));
        return "OK";
    }

    private String writeMemoryBinary(String p, byte[] raw) throws TargetException {
        int colon = p.indexOf(':');
        long address = Long.parseLong(p.substring(1, p.indexOf(',')), 16);
        byte[] data = java.util.Arrays.copyOfRange(raw, colon + 1, raw.length);
        if (data.length > 0) {
            debug.memory().write(address, data, 0, data.length, widthFor(address, data.length));
        }
        return "OK";
    }

    /** The widest access that fits address and length (as OpenOCD, pyOCD and QEMU perform RSP requests). */
    static AccessWidth widthFor(long address, int length) {
        if (address % 4 == 0 && length % 4 == 0) {
            return AccessWidth.WORD;
        }
        if (address % 2 == 0 && length % 2 == 0) {
            return AccessWidth.HALFWORD;
        }
        return AccessWidth.BYTE;
    }

    // ------------------------------------------------------------------------------------ run control

    private String vCont(String actions) throws TargetException {
        for (String action : actions.split(";")) {
            int colon = action.indexOf(':');
            String thread = colon < 0 ? null : action.substring(colon + 1);
            if (thread != null && !thread.equals(THREAD) && !thread.equals("-1") && !thread.equals("p1." + THREAD)) {
                continue;
            }
            switch (action.charAt(0)) {
                case 's', 'S' -> {
                    return resume(true);
                }
                case 'c', 'C' -> {
                    return resume(false);
                }
                case 't' -> {
                    debug.halt();
                    return lastStop = stopReply(0);
                }
                default -> {
                    return "E01";
                }
            }
        }
        return "E01";
    }

    /**
     * Single step, or run until the core halts by itself (breakpoint, watchpoint, BKPT in the code) or GDB interrupts;
     * the stop reply says why. Board time passes in {@code runSlice}s; between them the connection is checked for the
     * interrupt byte.
     */
    private String resume(boolean step) throws TargetException {
        if (step) {
            debug.step();
            return lastStop = stopReply(SIGTRAP);
        }
        debug.resume();
        while (true) {
            int status = debug.status();
            if (DHCSR_S_HALT.isSet(status)) {
                return lastStop = stopReply(SIGTRAP);
            }
            if (DHCSR_S_LOCKUP.isSet(status)) {
                // a fault the core could not take (ARMv7-M ARM B1.5.15): it will not halt by itself; halting takes it
                // out of lockup into debug state, where GDB shows where it went wrong
                debug.halt();
                return lastStop = stopReply(SIGSEGV);
            }
            if (rsp.hasInput()) {
                RspChannel.Request r = rsp.receiveRequest();
                if (r.interrupt()) {
                    debug.halt();
                    return lastStop = stopReply(SIGINT);
                }
                log.accept("gdb: ignored '" + shorten(r.text()) + "' while the core runs (all-stop mode)");
            }
            if (serverClosing.getAsBoolean()) {
                debug.halt();
                return lastStop = stopReply(SIGINT);
            }
            if (peerClosed.getAsBoolean()) {
                // GDB killed while the core ran: nobody will interrupt, so halt it here (the core stays halted, as
                // after any other lost connection) and end the session, so the server accepts the next debugger
                debug.halt();
                ended = true;
                throw new ProbeDisconnectedException("the debugger closed the connection while the core ran; "
                        + "core halted");
            }
            debug.elapse(runSlice);
        }
    }

    /**
     * The stop reply (GDB manual E.3): T with the signal, the thread, and why - {@code watch/rwatch/awatch:ADDR} from
     * DFSR.DWTTRAP and the matched DWT comparator, {@code swbreak}/{@code hwbreak} from DFSR.BKPT at a breakpoint
     * GDB set (when GDB announced it understands them). A halt the debugger asked for keeps {@code signal}.
     */
    private String stopReply(int signal) throws TargetException {
        int dfsr = debug.debugEvents();
        String reason = "";
        if (DFSR_DWTTRAP.isSet(dfsr) && watchpoints != null) {
            Optional<Watchpoints.Watch> w = watchpoints.matched();
            if (w.isPresent()) {
                reason = w.get().kind().stopReason + ":" + Long.toHexString(w.get().address()) + ";";
            }
        } else if (DFSR_BKPT.isSet(dfsr) && breakpoints != null) {
            long pc = Integer.toUnsignedLong(debug.core().readCoreRegister(REGSEL_PC));
            if (breakpoints.isSoftware(pc) && swbreak) {
                reason = "swbreak:;";
            } else if (breakpoints.isSet(pc) && hwbreak) {
                reason = "hwbreak:;";
            }
        }
        if (DFSR_DWTTRAP.isSet(dfsr) || DFSR_BKPT.isSet(dfsr)) {
            signal = SIGTRAP;
        }
        debug.clearDebugEvents();
        return String.format("T%02xthread:%s;%s", signal, THREAD, reason);
    }

    private void detach() throws TargetException {
        breakpoints.removeAll();
        watchpoints.removeAll();
        debug.resume(); // as OpenOCD: the program continues without the debugger
        ended = true;
    }

    // ------------------------------------------------------------------------------------ breakpoints

    /** Z/z type,address,kind: 0 software and 1 hardware breakpoints, 2 write, 3 read, 4 access watchpoints. */
    private String breakOrWatch(boolean insert, String args) throws TargetException {
        String[] a = args.split("[,;]");
        int type = Integer.parseInt(a[0]);
        long address = Long.parseLong(a[1], 16);
        int kind = Integer.parseInt(a[2], 16);
        boolean done;
        switch (type) {
            case 0, 1 -> done = insert ? breakpoints.insert(address, type == 1) : breakpoints.remove(address, type == 1);
            case 2, 3, 4 -> {
                Watchpoints.Kind k = Watchpoints.Kind.ofPacketType(type);
                done = insert ? watchpoints.insert(address, kind, k) : watchpoints.remove(address, kind, k);
            }
            default -> {
                return "";
            }
        }
        return done || !insert ? "OK" : "E01";
    }

    // ------------------------------------------------------------------------------------ monitor and flash

    private String monitor(String command) throws TargetException {
        String out;
        switch (command) {
            case "reset halt", "reset init" -> {
                debug.core().resetAndHalt(ResetKind.SYSTEM);
                reprobe();
                lastStop = stopReply(SIGTRAP);
                out = String.format("system reset, core halted at the reset vector: pc 0x%08x%n",
                        debug.core().readCoreRegister(REGSEL_PC));
            }
            case "reset", "reset run" -> {
                debug.core().reset(ResetKind.SYSTEM);
                reprobe();
                out = "system reset, the core runs (interrupt or 'monitor halt' to stop it)\n";
            }
            case "halt" -> {
                debug.halt();
                lastStop = stopReply(SIGINT);
                out = String.format("core halted: pc 0x%08x%n", debug.core().readCoreRegister(REGSEL_PC));
            }
            case "help" -> out = "monitor commands: reset [halt|init|run], halt, help\n";
            default -> {
                console("unknown monitor command '" + command + "' (monitor help lists them)\n");
                return "E01";
            }
        }
        console(out);
        return "OK";
    }

    /** A reset latches the options again: the bank mode and mapping the memory map shows may have changed. */
    private void reprobe() throws TargetException {
        if (driver != null && debug.isHalted()) {
            driver.reprobe();
        }
    }

    private void console(String text) throws TargetException {
        rsp.send("O" + HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)));
    }

    private FlashLoad flashLoad() {
        if (flashLoad == null) {
            flashLoad = new FlashLoad(driver);
        }
        return flashLoad;
    }

    private static String shorten(String p) {
        String s = p.length() > 40 ? p.substring(0, 40) + "..." : p;
        return s.replaceAll("[^\\x20-\\x7e]", ".");
    }
}
