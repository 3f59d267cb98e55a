package dev.flashbank.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

import dev.flashbank.core.device.Access;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;

/**
 * What every family's simulated RCC and PWR share, as start-up code sees them: the registers of the family's blocks
 * as a register file (the model's reset values after every system reset; a write changes only the bits software may
 * write - a READ_ONLY register ignores it, READ_ONLY fields keep their bits, WRITE_ONLY fields read 0; any other
 * address is plain storage), the {@link ReadyFlag}s that follow their enables on every read, and the system clock
 * switch: RCC_CFGR.SWS follows SW once the selected source runs, else keeps the source running now (the family says
 * which sources run). The registers, fields, encodings and delays are the family's, passed in from its model; the
 * family's clock tree (which source, which PLL, SYSCLK and HCLK) stays in the family, with
 * {@link #ahbPrescaled} for the 4-bit AHB-style prescalers the RCCs share.
 */
public final class ClockRegisterFile {

    /** The dividers of a 4-bit AHB prescaler's codes 1000..1111 (0xxx: not divided; /32 does not exist). */
    private static final int[] AHB_DIVIDERS = { 2, 4, 8, 16, 64, 128, 256, 512 };

    private final Map<Long, Integer> resetValues;
    /** Per register address: the bits a write changes, and the WRITE_ONLY bits (stored as 0). */
    private final Map<Long, int[]> writeMasks;
    private final Map<Long, ReadyFlag[]> flagsAt;
    private final ReadyFlag[] delayed;
    /** Board time at which each {@link #delayed} flag's enable was last set. */
    private final long[] enabledAt;
    private final LongSupplier nanos;
    private final Register cfgr;
    private final Field sw;
    private final Field sws;
    private final IntPredicate sourceRunning;
    private final Map<Long, Integer> values = new HashMap<>();

    private ClockRegisterFile(Builder b) {
        Map<Long, Integer> reset = new LinkedHashMap<>();
        Map<Long, int[]> masks = new HashMap<>();
        for (RegisterBlock block : b.blocks) {
            for (Register r : block.registers()) {
                reset.put(r.address(), r.resetValue());
                masks.put(r.address(), writeMask(r));
            }
        }
        this.resetValues = reset;
        this.writeMasks = masks;
        Map<Long, List<ReadyFlag>> by = new HashMap<>();
        List<ReadyFlag> late = new ArrayList<>();
        for (ReadyFlag f : b.flags) {
            by.computeIfAbsent(f.register().address(), a -> new ArrayList<>()).add(f);
            if (f.delayNanos() > 0) {
                late.add(f);
            }
        }
        this.flagsAt = new HashMap<>();
        by.forEach((a, l) -> flagsAt.put(a, l.toArray(ReadyFlag[]::new)));
        this.delayed = late.toArray(ReadyFlag[]::new);
        this.enabledAt = new long[delayed.length];
        if (delayed.length > 0 && b.nanos == null) {
            throw new IllegalArgumentException(delayed[0].ready().name() + " has a delay: the file needs a clock");
        }
        this.nanos = b.nanos == null ? () -> 0L : b.nanos;
        this.cfgr = b.cfgr;
        this.sw = b.sw;
        this.sws = b.sws;
        this.sourceRunning = b.sourceRunning;
        reset();
    }

    private static int[] writeMask(Register r) {
        if (r.access() == Access.READ_ONLY) {
            return new int[] { 0, 0 };
        }
        int keep = 0;
        int writeOnly = 0;
        for (Field f : r.fields()) {
            switch (f.access()) {
                case READ_ONLY -> keep |= f.mask();
                case WRITE_ONLY -> writeOnly |= f.mask();
                case READ_WRITE -> { }
                case READ_WRITE_1_TO_CLEAR -> throw new IllegalArgumentException(
                        r.name() + "." + f.name() + ": write-1-to-clear is not modelled by a clock register file");
            }
        }
        return new int[] { ~keep, writeOnly };
    }

    /** A register file of {@code blocks}' registers. */
    public static Builder of(RegisterBlock... blocks) {
        return new Builder(List.of(blocks));
    }

    /** Every system reset: the model's reset values; other addresses forget what was written. */
    public void reset() {
        values.clear();
        values.putAll(resetValues);
        long now = nanos.getAsLong();
        for (int i = 0; i < delayed.length; i++) {
            if (delayed[i].enable().isSet(values.get(delayed[i].enableFrom().address()))) {
                enabledAt[i] = now;
            }
        }
    }

    /** True when {@code address} is one of the blocks' registers (not merely storage written before). */
    public boolean holds(long address) {
        return resetValues.containsKey(address);
    }

    /** What software reads at {@code address}: the stored value with the ready flags shown there. */
    public int read(long address) {
        int v = values.getOrDefault(address, 0);
        ReadyFlag[] flags = flagsAt.get(address);
        if (flags != null) {
            for (ReadyFlag f : flags) {
                v = f.ready().insert(v, flagValue(f));
            }
        }
        return v;
    }

    private int flagValue(ReadyFlag f) {
        if (f.enable() == null) {
            return 1;
        }
        if (!f.present()) {
            return 0;
        }
        int shown = f.enable().extract(values.getOrDefault(f.enableFrom().address(), 0));
        if (f.delayNanos() > 0 && shown != 0) {
            for (int i = 0; i < delayed.length; i++) {
                if (delayed[i] == f) { // identity: no record equals on a register read
                    return nanos.getAsLong() - enabledAt[i] >= f.delayNanos() ? shown : 0;
                }
            }
        }
        return shown;
    }

    /**
     * A write by software: only the bits it may change; on the system clock switch register SWS becomes SW when that
     * source runs; an enable that goes from 0 to 1 starts its flag's delay.
     */
    public void write(long address, int value) {
        int old = values.getOrDefault(address, 0);
        int[] mask = writeMasks.get(address);
        int v = mask == null ? value : (old & ~mask[0]) | (value & mask[0] & ~mask[1]);
        if (cfgr != null && address == cfgr.address()) {
            int selected = sw.extract(value);
            v = sws.insert(v, sourceRunning.test(selected) ? selected : sws.extract(old));
        }
        values.put(address, v);
        for (int i = 0; i < delayed.length; i++) {
            ReadyFlag f = delayed[i];
            if (f.enableFrom().address() == address && !f.enable().isSet(old) && f.enable().isSet(v)) {
                enabledAt[i] = nanos.getAsLong();
            }
        }
    }

    /** The stored value of {@code register} (no ready flags): what the family's clock tree computes from. */
    public int stored(Register register) {
        return values.getOrDefault(register.address(), 0);
    }

    /** {@code hz} through a 4-bit AHB-style prescaler code: 0xxx /1, 1000 /2, 1001 /4 ... 1011 /16, 1100 /64 ... 1111 /512. */
    public static long ahbPrescaled(long hz, int code) {
        return (code & 8) == 0 ? hz : hz / AHB_DIVIDERS[code & 7];
    }

    /** The blocks, ready flags, clock and system clock switch of a {@link ClockRegisterFile}. */
    public static final class Builder {
        private final List<RegisterBlock> blocks;
        private final List<ReadyFlag> flags = new ArrayList<>();
        private LongSupplier nanos;
        private Register cfgr;
        private Field sw;
        private Field sws;
        private IntPredicate sourceRunning;

        private Builder(List<RegisterBlock> blocks) {
            this.blocks = blocks;
        }

        public Builder flags(ReadyFlag... more) {
            flags.addAll(List.of(more));
            return this;
        }

        /** The board time that {@link ReadyFlag#after delayed} flags count (needed when there is one). */
        public Builder clock(LongSupplier boardNanos) {
            this.nanos = Objects.requireNonNull(boardNanos);
            return this;
        }

        /**
         * {@code register}'s read-only {@code status} field (SWS) takes the code written to {@code select} (SW) when
         * {@code sourceRunning} says that source runs; otherwise it keeps the source running now.
         */
        public Builder systemClockSwitch(Register register, String select, String status, IntPredicate sourceRunning) {
            this.cfgr = register;
            this.sw = register.field(select);
            this.sws = register.field(status);
            this.sourceRunning = Objects.requireNonNull(sourceRunning);
            return this;
        }

        public ClockRegisterFile build() {
            return new ClockRegisterFile(this);
        }
    }
}
