package dev.flashbank.stlink.usb;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.flashbank.stlink.StlinkProduct;

/**
 * Linux udev rules that give the logged-in user (uaccess) and the plugdev group access to every ST-Link PID in
 * {@link StlinkProduct}. The rules must sort before systemd's 73-seat-late.rules for TAG+="uaccess" to take effect,
 * hence the 60- prefix (the same slot OpenOCD's 60-openocd.rules uses).
 */
public final class UdevRules {

    private UdevRules() {
    }

    public static final String FILE_NAME = "60-flashbank-stlink.rules";
    public static final String INSTALL_DIRECTORY = "/etc/udev/rules.d";

    public static String content() {
        String rules = Arrays.stream(StlinkProduct.values())
                .map(p -> String.format("# %s%nSUBSYSTEMS==\"usb\", ATTRS{idVendor}==\"%04x\", ATTRS{idProduct}==\"%04x\", "
                        + "MODE=\"0660\", GROUP=\"plugdev\", TAG+=\"uaccess\"%n", p.displayName(),
                        StlinkProduct.VENDOR_ID, p.productId()))
                .collect(Collectors.joining());
        return "# Flashbank: ST-Link debug probes for the logged-in user (uaccess) and the plugdev group\n"
                + "# install: sudo cp " + FILE_NAME + " " + INSTALL_DIRECTORY + "/ && " + reloadCommand()
                + ", then replug the probe\n" + rules;
    }

    public static String reloadCommand() {
        return "sudo udevadm control --reload-rules && sudo udevadm trigger";
    }

    /** One paragraph telling the user what to do about LIBUSB_ERROR_ACCESS. */
    public static String installHint() {
        return "On Linux, install the udev rules file " + FILE_NAME + " into " + INSTALL_DIRECTORY
                + " (content in the Flashbank README, section \"Linux: USB permissions\"), run '" + reloadCommand()
                + "', then unplug and replug the probe. Without them only root can open USB devices.";
    }
}
