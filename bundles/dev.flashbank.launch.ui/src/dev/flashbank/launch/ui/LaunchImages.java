package dev.flashbank.launch.ui;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.swt.graphics.Image;

/**
 * The 16x16 icons of the launch tabs (the launch types' icons are declared in plugin.xml). Kept in JFace's shared
 * registry: a tab returns the same image each time the dialog asks, and the display disposes it at exit - a tab must
 * not dispose what its getImage() returned.
 */
final class LaunchImages {

    static final String TARGET = "icons/target.png";
    static final String IMAGE = "icons/image.png";
    static final String BANK_UPDATE = "icons/bank-update.png";
    static final String SWAP_BANKS = "icons/swap-banks.png";
    static final String OPTION_BYTES = "icons/option-bytes.png";

    private LaunchImages() {
    }

    /** The icon at {@code path} in this bundle, or null (no icon) if the bundle lacks it. */
    static Image get(String path) {
        ImageRegistry registry = JFaceResources.getImageRegistry();
        String key = LaunchUi.PLUGIN_ID + "/" + path;
        if (registry.getDescriptor(key) == null) {
            ImageDescriptor d = ResourceLocator.imageDescriptorFromBundle(LaunchUi.PLUGIN_ID, path).orElse(null);
            if (d == null) {
                return null;
            }
            registry.put(key, d);
        }
        return registry.get(key);
    }
}
