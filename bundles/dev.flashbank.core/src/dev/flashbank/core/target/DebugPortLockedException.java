package dev.flashbank.core.target;

/** The debug port does not answer at all; on STM32 this is what RDP level 2 looks like (RM0410 §3.7.3). */
public class DebugPortLockedException extends TargetException {
    private static final long serialVersionUID = 1L;

    public DebugPortLockedException(String message) {
        super(message);
    }
}
