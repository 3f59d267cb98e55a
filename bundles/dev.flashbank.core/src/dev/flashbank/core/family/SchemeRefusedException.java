package dev.flashbank.core.family;

import java.util.List;

import dev.flashbank.core.device.SwitchScheme;

/**
 * A bank-swap strategy refuses: the scheme cannot update or switch this target as it is (link address, mapping,
 * boot options). Thrown before anything is written; the operation reports it with its name.
 */
public final class SchemeRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<String> fixes;

    /**
     * @param reason what is wrong, in plain words, ending with a full stop
     * @param fixes the commands that do what the user most likely wanted
     */
    public SchemeRefusedException(String reason, List<String> fixes) {
        super(reason);
        this.fixes = List.copyOf(fixes);
    }

    /**
     * Refuses {@code scheme} unless it is one of {@code schemes}, the schemes of {@code line} (what every
     * {@link BankSwapping#strategy} checks first): "remap is not a scheme of &lt;line&gt;: swap-bank.".
     */
    public static void requireOneOf(SwitchScheme scheme, List<SwitchScheme> schemes, String line)
            throws SchemeRefusedException {
        if (!schemes.contains(scheme)) {
            throw new SchemeRefusedException(scheme.id() + " is not a scheme of " + line + ": "
                    + SwitchScheme.ids(schemes) + ".", List.of());
        }
    }

    public String reason() {
        return getMessage();
    }

    public List<String> fixes() {
        return fixes;
    }
}
