package dev.flashbank.sim.cpu;

/**
 * The exception state of the core (ARMv7-M ARM B1.5.2-B1.5.4, B3.4): for every exception number its pending and
 * active bits and its priority, the enables of the external interrupts, the priority grouping, and the NVIC registers
 * (ISER/ICER/ISPR/ICPR/IABR/IPR) that firmware and debuggers read and write. System handler priorities (SHPR) and the
 * fault handler states (SHCSR) live here too because the same priority and state arrays answer them; the system
 * control block only decodes their addresses.
 * <p>
 * Priorities are kept as stored: the implemented most significant bits of the 8-bit field (STM32: 4 on Cortex-M4/M7,
 * 2 on Cortex-M0+), the other bits read as zero.
 */
final class Nvic {

    static final int RESET = 1, NMI = 2, HARD_FAULT = 3, MEM_MANAGE = 4, BUS_FAULT = 5, USAGE_FAULT = 6,
            SVCALL = 11, DEBUG_MONITOR = 12, PENDSV = 14, SYSTICK = 15, IRQ0 = 16;

    /** Priority above every configurable one: no exception active and no mask (B1.5.4). */
    static final int NO_PRIORITY = 256;

    final int lines;
    final int priorityMask;
    private final boolean armv7m;
    final boolean[] pending;
    final boolean[] active;
    private final boolean[] enabled;
    private final int[] priority;
    int pendingCount;
    int activeCount;
    /** AIRCR.PRIGROUP (ARMv7-M only). */
    int prigroup;

    Nvic(int interruptLines, int priorityBits, boolean armv7m) {
        if (interruptLines < 1 || interruptLines > 496 || priorityBits < 2 || priorityBits > 8) {
            throw new IllegalArgumentException("1..496 interrupt lines and 2..8 priority bits");
        }
        this.lines = interruptLines;
        this.priorityMask = (0xFF << (8 - priorityBits)) & 0xFF;
        this.armv7m = armv7m;
        int n = IRQ0 + interruptLines;
        pending = new boolean[n];
        active = new boolean[n];
        enabled = new boolean[n];
        priority = new int[n];
    }

    int exceptions() {
        return pending.length;
    }

    void reset() {
        java.util.Arrays.fill(pending, false);
        java.util.Arrays.fill(active, false);
        java.util.Arrays.fill(enabled, false);
        java.util.Arrays.fill(priority, 0);
        pendingCount = 0;
        activeCount = 0;
        prigroup = 0;
    }

    // ================================================================== state

    void setPending(int n) {
        if (!pending[n]) {
            pending[n] = true;
            pendingCount++;
        }
    }

    void clearPending(int n) {
        if (pending[n]) {
            pending[n] = false;
            pendingCount--;
        }
    }

    void activate(int n) {
        clearPending(n);
        if (!active[n]) {
            active[n] = true;
            activeCount++;
        }
    }

    void deactivate(int n) {
        if (active[n]) {
            active[n] = false;
            activeCount--;
        }
    }

    /** AIRCR.VECTCLRACTIVE (debug use): clears every active state. */
    void clearAllActive() {
        java.util.Arrays.fill(active, false);
        activeCount = 0;
    }

    boolean enabled(int n) {
        return n < IRQ0 || enabled[n];
    }

    /** The priority of exception {@code n}: Reset -3, NMI -2, HardFault -1, else the configured value. */
    int priority(int n) {
        return switch (n) {
            case RESET -> -3;
            case NMI -> -2;
            case HARD_FAULT -> -1;
            default -> priority[n];
        };
    }

    /** The group priority of {@code p}: the bits above PRIGROUP; subpriority does not preempt (B1.5.4). */
    int group(int p) {
        if (p < 0 || !armv7m) {
            return p;
        }
        return p & (0xFF << (prigroup + 1)) & 0xFF;
    }

    /** The execution priority (B1.5.4): the highest active group priority, boosted by PRIMASK/FAULTMASK/BASEPRI. */
    int executionPriority(CoreRegisters regs) {
        int highest = NO_PRIORITY;
        if (activeCount > 0) {
            for (int n = 1; n < active.length; n++) {
                if (active[n]) {
                    highest = Math.min(highest, group(priority(n)));
                }
            }
        }
        int boosted = NO_PRIORITY;
        if ((regs.basepri & priorityMask) != 0) {
            boosted = group(regs.basepri & priorityMask);
        }
        if (regs.primask) {
            boosted = 0;
        }
        if (regs.faultmask) {
            boosted = -1;
        }
        return Math.min(highest, boosted);
    }

    /** The pending, enabled exception of the highest priority (lowest number on a tie), or 0 when none. */
    int highestPending() {
        if (pendingCount == 0) {
            return 0;
        }
        int best = 0;
        int bestPriority = Integer.MAX_VALUE;
        for (int n = 1; n < pending.length; n++) {
            if (pending[n] && enabled(n)) {
                int p = priority(n);
                if (p < bestPriority) {
                    best = n;
                    bestPriority = p;
                }
            }
        }
        return best;
    }

    /** Active exceptions other than {@code n} (exception return's checks, ICSR.RETTOBASE). */
    boolean othersActive(int n) {
        return activeCount > (active[n] ? 1 : 0);
    }

    // ================================================================== NVIC registers (offsets from 0xE000_E100)

    private static final int ISER = 0x000, ICER = 0x080, ISPR = 0x100, ICPR = 0x180, IABR = 0x200, IPR = 0x300;

    int readRegister(int offset) {
        if (offset >= IPR) {
            int first = IRQ0 + (offset - IPR);
            int v = 0;
            for (int b = 0; b < 4; b++) {
                if (first + b < priority.length) {
                    v |= priority[first + b] << (8 * b);
                }
            }
            return v;
        }
        int array = offset & ~0x7F;
        int first = IRQ0 + 32 * ((offset & 0x7F) >>> 2);
        boolean[] bits = switch (array) {
            case ISER, ICER -> enabled;
            case ISPR, ICPR -> pending;
            case IABR -> active;
            default -> null;
        };
        if (bits == null) {
            return 0;
        }
        int v = 0;
        for (int b = 0; b < 32 && first + b < bits.length; b++) {
            v |= bits[first + b] ? 1 << b : 0;
        }
        return v;
    }

    void writeRegister(int offset, int value, int byteMask) {
        if (offset >= IPR) {
            int first = IRQ0 + (offset - IPR);
            for (int b = 0; b < 4; b++) {
                if ((byteMask >>> (8 * b) & 0xFF) != 0 && first + b < priority.length) {
                    priority[first + b] = (value >>> (8 * b)) & priorityMask;
                }
            }
            return;
        }
        int array = offset & ~0x7F;
        int first = IRQ0 + 32 * ((offset & 0x7F) >>> 2);
        value &= byteMask;
        for (int b = 0; b < 32 && first + b < pending.length; b++) {
            if ((value & (1 << b)) == 0) {
                continue;
            }
            int n = first + b;
            switch (array) {
                case ISER -> enabled[n] = true;
                case ICER -> enabled[n] = false;
                case ISPR -> setPending(n);
                case ICPR -> clearPending(n);
                default -> {
                    // IABR is read-only
                }
            }
        }
    }

    /** SHPR1-3 (B3.2.10-12) as one 12-byte array of the priorities of exceptions 4-15, {@code index} = word 0..2. */
    int readShpr(int index) {
        int v = 0;
        for (int b = 0; b < 4; b++) {
            int n = 4 + 4 * index + b;
            v |= configurable(n) ? priority[n] << (8 * b) : 0;
        }
        return v;
    }

    void writeShpr(int index, int value, int byteMask) {
        for (int b = 0; b < 4; b++) {
            int n = 4 + 4 * index + b;
            if ((byteMask >>> (8 * b) & 0xFF) != 0 && configurable(n)) {
                priority[n] = (value >>> (8 * b)) & priorityMask;
            }
        }
    }

    /** System handlers with a programmable priority (v6-M: SVCall, PendSV, SysTick only). */
    private boolean configurable(int n) {
        if (!armv7m) {
            return n == SVCALL || n == PENDSV || n == SYSTICK;
        }
        return n == MEM_MANAGE || n == BUS_FAULT || n == USAGE_FAULT || n == SVCALL || n == DEBUG_MONITOR
                || n == PENDSV || n == SYSTICK;
    }
}
