package dev.flashbank.sim;

import java.util.List;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.bus.DebugBus;

/**
 * A simulated board as everything around the silicon sees it: the simulated probe, the debug servers (remote_bitbang
 * JTAG, the ST-Link emulator), the board state files, the twin and the bench controls of the CLI and the IDE. A family
 * supplies the silicon behind it (each family's board lives in its family bundle); nothing outside the family's own
 * package needs to know which one it is. Boards are made and loaded through a {@link SimulatedFamily}
 * ({@link SimulatedFamilies} finds it by part name or by the family a state file records).
 * <p>
 * Thread safety: every method and every access of {@link #debugBus()} is synchronized on the board object itself, so
 * a front end that needs several accesses to be atomic (the JTAG server) holds the board's monitor.
 */
public interface BenchBoard {

    /** The family that simulates this board (recorded in its state file). */
    SimulatedFamily family();

    /** Part name as created: the order code, upper case. */
    String partName();

    /** The core device model of the part: what identification and the tools see. */
    DeviceDescriptor descriptor();

    /** Value of the flash-size register (KiB). */
    int flashSizeKiB();

    /** Sector layout and bank mapping in effect (latched at the last reset). */
    FlashGeometry geometry();

    /** The simulated probe's serial number. */
    String serial();

    /** The 96-bit unique device ID, 12 bytes in address order. */
    byte[] uniqueId();

    /** Every named assumption a simulated answer depends on (model parameters and the simulator's own). */
    List<ModelParameter<?>> assumptions();

    /** The board's bus as debug transports see it (simulated probe, ST-Link emulator, JTAG front end). */
    DebugBus debugBus();

    /** Virtual time of the board: flash operations and polls advance it, never the wall clock. */
    VirtualClock clock();

    /** Power loss and link drops at a chosen access or time. */
    FaultInjector faults();

    boolean isPowered();

    /** Cuts the power now (an operation in progress is interrupted as by {@link FaultInjector}). */
    void powerOff();

    /** Restores power: power-on reset. No-op when powered. */
    void powerOn();

    /** Power cycle. */
    default void powerCycle() {
        powerOff();
        powerOn();
    }

    /** Bench reset: {@link ResetKind#SYSTEM} as SYSRESETREQ, {@link ResetKind#HARDWARE} as an NRST pulse. */
    void reset(ResetKind kind);

    /** Level of the BOOT0 pin. */
    boolean boot0();

    /** Sets the BOOT0 pin; it is sampled at the next reset. */
    void setBoot0(boolean level);

    int voltageMillivolts();

    void setVoltageMillivolts(int mv);

    /** What caused the last reset. */
    ResetCause lastResetCause();

    /** The boot decision of the last reset. */
    BootReport lastBootReport();

    /** What would start at the next reset with the options now stored and the current BOOT0 pin. */
    BootReport predictBoot();

    /** True while the core is halted in debug state. */
    boolean coreHalted();

    /** A core register as the debugger would read it (REGSEL numbering), for bench views. */
    int coreRegister(int regsel);

    /**
     * Runs the board's firmware in virtual time for {@code duration}, or until the core is about to execute the
     * instruction at {@code stopAt} (it halts there, as at a breakpoint), or until the core stops by itself (a halt,
     * lockup): what {@code flashbank board run} does.
     */
    FirmwareRun runFirmware(java.time.Duration duration, java.util.OptionalLong stopAt);

    /**
     * What the firmware wrote to the board's console - the family's USART that the board's debugger bridges to a
     * virtual COM port (e.g. USART3 on a NUCLEO-F767ZI) - since power-on, one char per byte: what the board's state
     * file kept of it ({@link BoardSnapshot#console()}) and what the firmware wrote since it was loaded; at most its
     * last {@link BoardSnapshot#CONSOLE_KEEP_BYTES}.
     */
    default String consoleOutput() {
        return "";
    }

    /**
     * Puts back the console a state file kept (the board was loaded): the terminal still shows it, and what the
     * firmware writes next follows it. A power-on clears the console.
     */
    default void restoreConsole(String text) {
    }

    /**
     * What {@code flashbank board show} reports about the options latched now, in the family's own words and in display
     * order (e.g. the bank mode, RDP, the option registers, the bank-swap state); values are strings or numbers.
     */
    java.util.Map<String, Object> optionStateSummary();

    /**
     * The option bytes in force (latched at the last reset) as the family's option image - a bench view, readable at
     * any RDP level (the twin reports them); empty when the family's board does not show them this way.
     */
    default java.util.Optional<OptionImage> optionImageInForce() {
        return java.util.Optional.empty();
    }

    /**
     * The option bytes stored now (in force after the next reset) as the family's option image, bench view; empty
     * when the family's board does not show them this way.
     */
    default java.util.Optional<OptionImage> storedOptionImage() {
        return java.util.Optional.empty();
    }

    /** Number of physical flash arrays (the flash sections of the state file). */
    int physicalArrays();

    /** Bench view of physical cells (no bus access, not counted, ignores protection). */
    byte[] readCells(int physicalArray, long offset, int length);

    /**
     * The non-volatile state (for the board state file): cells, option area, pins, identity - an operation still
     * running is not part of it, as if the board were unplugged before it completed.
     */
    BoardSnapshot snapshot();
}
