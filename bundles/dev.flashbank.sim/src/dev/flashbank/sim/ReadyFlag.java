package dev.flashbank.sim;

import java.util.Objects;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;

/**
 * A read-only status field of a simulated RCC or PWR that follows a control field ({@link ClockRegisterFile} applies
 * it on every read): a ready flag shows its enable (RCC_CR HSERDY follows HSEON, PLLRDY follows PLLON), a status
 * field shows the selection it reports (PWR ACTVOS follows VOS), at once or {@link #after} a modelled delay counted
 * from the write that set the enable, and only {@link #when} its source exists on the board (no HSE: HSERDY never
 * rises); {@link #always} a flag that reads 1 (a domain clock that is always ready). The registers, fields and delays
 * are the family's facts, from its register model; this type only says how the flag follows.
 *
 * @param register   the register that shows the flag
 * @param ready      the flag (or status field) in {@code register}
 * @param enableFrom the register that holds the enable, {@code null} for {@link #always}
 * @param enable     the enable (or selection) it shows, {@code null} for {@link #always}
 * @param present    false: the flag reads 0 whatever the enable says (the source is missing on this board)
 * @param delayNanos board time from the write that set the enable until the flag reads it (0: at once)
 */
public record ReadyFlag(Register register, Field ready, Register enableFrom, Field enable, boolean present,
        long delayNanos) {

    public ReadyFlag {
        Objects.requireNonNull(register, "register");
        Objects.requireNonNull(ready, "ready");
        if ((enableFrom == null) != (enable == null)) {
            throw new IllegalArgumentException(ready.name() + ": an enable needs its register");
        }
        if (delayNanos < 0) {
            throw new IllegalArgumentException(ready.name() + ": negative delay " + delayNanos);
        }
        if (delayNanos > 0 && enable == null) {
            throw new IllegalArgumentException(ready.name() + ": a flag that is always set has no delay");
        }
    }

    /** {@code ready} in {@code register} follows {@code enable} of the same register at once. */
    public static ReadyFlag follows(Register register, String ready, String enable) {
        return follows(register, ready, register, enable);
    }

    /** {@code ready} in {@code register} follows {@code enable} of {@code enableFrom} at once. */
    public static ReadyFlag follows(Register register, String ready, Register enableFrom, String enable) {
        return new ReadyFlag(register, register.field(ready), enableFrom, enableFrom.field(enable), true, 0);
    }

    /** {@code ready} in {@code register} always reads 1. */
    public static ReadyFlag always(Register register, String ready) {
        return new ReadyFlag(register, register.field(ready), null, null, true, 0);
    }

    /** This flag, following its enable only {@code nanos} of board time after the write that set it. */
    public ReadyFlag after(long nanos) {
        return new ReadyFlag(register, ready, enableFrom, enable, present, nanos);
    }

    /** This flag where its source exists ({@code present}), else a flag that stays 0. */
    public ReadyFlag when(boolean present) {
        return new ReadyFlag(register, ready, enableFrom, enable, this.present && present, delayNanos);
    }
}
