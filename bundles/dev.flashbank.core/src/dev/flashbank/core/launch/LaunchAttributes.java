package dev.flashbank.core.launch;

/**
 * Keys and values of the launch configuration attributes (what {@code ILaunchConfiguration.getAttributes()} returns
 * and what a {@code .launch} file stores). Defined once here; the Eclipse delegates, the launch tabs, the CLI and the
 * tests all use these constants, never the strings.
 */
public final class LaunchAttributes {

    private LaunchAttributes() {
    }

    private static final String P = "dev.flashbank.launch.";

    /** Prefix of every Flashbank attribute key (other plugins may add their own attributes to a configuration). */
    public static final String NAMESPACE = P;

    /** Launch configuration type ids (plugin.xml of dev.flashbank.launch declares the same ids). */
    public static final String TYPE_BANK_UPDATE = P + "bankUpdate";
    public static final String TYPE_SWAP_BANKS = P + "swapBanks";
    public static final String TYPE_OPTION_BYTES = P + "optionBytes";

    // ---- Target tab
    /**
     * Name of a target in the target registry ({@code core.registry}: the Targets view's list). When set, the IDE's
     * delegate opens what the registry defines under that name at launch time (a renamed or removed name is refused);
     * the kind, file, serial and address attributes below hold what it was when saved (read by older versions and by
     * {@code flashbank launch} without the registry). Absent in configurations made before the registry.
     */
    public static final String TARGET_NAME = P + "target.name";
    /** {@link LaunchSpec.TargetKind} name: SIMULATED, STLINK or GDB. */
    public static final String TARGET_KIND = P + "target.kind";
    /** Simulated board: its state file (created factory-fresh when missing). */
    public static final String SIM_STATE_FILE = P + "target.sim.stateFile";
    /**
     * Simulated board: order code of the part (as {@link dev.flashbank.core.device.PartNumber} reads it), used to
     * create a missing board and to validate.
     */
    public static final String SIM_PART = P + "target.sim.part";
    /** ST-Link probe serial number (or a unique part of it). */
    public static final String PROBE_SERIAL = P + "target.probe.serial";
    /** ST-Link: true = any connected probe (the only ST-Link on USB at launch time), the serial is not used. */
    public static final String PROBE_ANY = P + "target.probe.any";
    /** GDB server: host:port of a running gdbserver (OpenOCD, pyOCD, ST-LINK_gdbserver, J-Link, QEMU). */
    public static final String GDB_ADDRESS = P + "target.gdb.address";
    /** SWD clock in kHz; 0 = the probe's default. */
    public static final String SWD_FREQUENCY_KHZ = P + "target.swdKHz";
    public static final String CONNECT_UNDER_RESET = P + "target.connectUnderReset";

    // ---- Image tab
    /** Image file; may hold Eclipse variables (${workspace_loc:/proj/Debug/app.elf}). */
    public static final String IMAGE_PATH = P + "image.path";
    /** "auto" (by extension/content) or an {@code ImageFormat} name (elf, hex, srec, bin). */
    public static final String IMAGE_FORMAT = P + "image.format";
    /** Load address of a raw BIN image, as text ("0x08100000"). */
    public static final String IMAGE_BASE = P + "image.base";
    /** Project built before the launch (IDE only; the CLI ignores it). */
    public static final String PROJECT = P + "image.project";
    public static final String BUILD_BEFORE_LAUNCH = P + "image.buildBeforeLaunch";

    // ---- Update tab
    /** {@link LaunchSpec.Mode} name. */
    public static final String MODE = P + "update.mode";
    /**
     * Switching scheme id ("boot-add", "remap", "swap-bank"; "BOOT_ADD"/"REMAP" in older files); absent = the part's
     * default scheme.
     */
    public static final String SCHEME = P + "update.scheme";
    public static final String VERIFY = P + "update.verify";
    /** Bank update: switch the boot bank after a verified update. */
    public static final String SWAP = P + "update.swap";
    public static final String RESET_AND_RUN = P + "update.resetAndRun";
    /** Save the option bytes to a .fbopt backup before anything is written. */
    public static final String BACKUP_OPTIONS = P + "update.backupOptions";
    /** Folder of option-byte backups; empty = the runner's default. */
    public static final String BACKUP_DIR = P + "update.backupDir";

    // ---- Swap Banks type
    /** {@link LaunchSpec.SwapAction} name: SWITCH or ROLLBACK. */
    public static final String SWAP_ACTION = P + "swap.action";

    // ---- Option Bytes type
    /** A .fbopt profile (written by the Option Bytes editor's Backup or by {@code flashbank ob backup}). */
    public static final String OPTION_PROFILE = P + "options.profile";
    /**
     * Where earlier versions STORED the part name confirming an IRREVERSIBLE change. A confirmation is never taken
     * from a file ({@code core.ops.StoredConfirmation}): a configuration holding this (or any other "confirm"
     * attribute) is refused; the run asks instead (the IDE's review dialog, {@code flashbank launch --confirm}).
     */
    public static final String CONFIRM_PART = P + "options.confirmPart";

    /** Value of {@link #IMAGE_FORMAT} for "detect from the file". */
    public static final String FORMAT_AUTO = "auto";
}
