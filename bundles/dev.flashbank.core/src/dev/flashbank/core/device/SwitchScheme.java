package dev.flashbank.core.device;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One way a dual-bank part switches between an A and a B image, as users name it ({@code --scheme boot-add}). A value:
 * the family defines its schemes once (F7: BOOT_ADD and REMAP, RM0410 §3.3.2/§2.4.4; H7: SWAP_BANK, RM0433 §4.3.13;
 * next BFB2 on L4/G4 and nSWAP_BANK on G0 - an option bit that the next reset or OBL_LAUNCH applies) and lists them
 * per part ({@link DeviceDescriptor#switchSchemes(int)}); what a scheme DOES on a target is the family's
 * {@code core.family.BankSwapStrategy}.
 *
 * @param id the name users type and launch files store: "boot-add", "remap", "swap-bank"
 * @param name as the reference manual, the JSON output and older launch files spell it: "BOOT_ADD", "REMAP", "SWAP_BANK"
 * @param aliases other accepted spellings (lower case, '-' for '_')
 * @param linkRule the address an image must be linked for under this scheme
 * @param mappingBit the bit that maps the chosen bank at the first slot ("SWP_FB", "SWAP_BANK"), or the option that
 *        starts a bank at its own address ("BOOT_ADDx"), for messages
 * @param summary one line for help texts and the UI: what the user's images look like and what selects the bank
 */
public record SwitchScheme(String id, String name, List<String> aliases, LinkRule linkRule, String mappingBit,
        String summary) {

    /** Where images must be linked to run under a scheme (the geometry's slots, {@link FlashGeometry}). */
    public enum LinkRule {
        /** Each image is linked for its physical bank's own address (slot 1 for bank 1, slot 2 for bank 2). */
        OWN_BANK_ADDRESS,
        /** Every image is linked for slot 1 (0x0800_0000) and runs there through the swapped mapping. */
        FIRST_SLOT;

        /** The slot an image for physical bank {@code physicalBank} is linked for. */
        public int slotFor(int physicalBank) {
            return this == OWN_BANK_ADDRESS ? physicalBank : 1;
        }
    }

    /**
     * A scheme chosen for the user, with the reason in plain words.
     *
     * @param scheme the scheme that can run the image from the inactive bank
     * @param reason why, naming the link address and the banks
     */
    public record Choice(SwitchScheme scheme, String reason) {
    }

    public SwitchScheme {
        aliases = List.copyOf(aliases);
    }

    @Override
    public String toString() {
        return id;
    }

    /** {@code typed} as a scheme id: lower case, '_' as '-' (so "BOOT_ADD", "boot-add" and "Boot_Add" are one). */
    public static String normalize(String typed) {
        return typed.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The scheme of {@code schemes} that {@code typed} names (its id, its name or an alias), if any. */
    public static Optional<SwitchScheme> find(List<SwitchScheme> schemes, String typed) {
        String t = normalize(typed);
        return schemes.stream().filter(s -> s.id().equals(t) || normalize(s.name()).equals(t) || s.aliases().contains(t))
                .findFirst();
    }

    /** The ids of {@code schemes} as a list for messages: "boot-add, remap". */
    public static String ids(List<SwitchScheme> schemes) {
        return schemes.isEmpty() ? "none" : schemes.stream().map(SwitchScheme::id).collect(Collectors.joining(", "));
    }
}
