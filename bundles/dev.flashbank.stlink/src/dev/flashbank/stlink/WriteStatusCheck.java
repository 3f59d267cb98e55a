package dev.flashbank.stlink;

/**
 * When a memory WRITE asks the probe whether it faulted. WRITEMEM_8/16/32BIT have no reply; only a following
 * GETLASTRWSTATUS(2) tells (OpenOCD stlink_usb.c). On a full-speed probe that query is a whole USB round trip
 * (≈ 1 ms: 1 ms USB frames, ESTIMATE), as long as the USB part of a 1 KiB block write itself, so checking after every
 * block costs about a sixth of streamed flash programming (issue 11).
 */
public enum WriteStatusCheck {

    /**
     * GETLASTRWSTATUS(2) after every memory command, as OpenOCD ({@code stlink_usb_write_mem32}) and pyOCD do. Exact
     * under any firmware semantics; one extra round trip per command.
     */
    EVERY_COMMAND,

    /**
     * The 16/32-bit block commands of ONE write call go back to back and a single GETLASTRWSTATUS2 follows the last
     * one (8-bit commands and probes without GETLASTRWSTATUS2 stay per command). If that status is not OK the call is
     * replayed command by command with per-command checks, so a fault is reported with the first faulting command's
     * address and WAIT is retried exactly as in {@link #EVERY_COMMAND}; replaying a memory write is idempotent (flash
     * cells already programmed with the same data stay as they are: bits only go 1 -> 0).
     * <p>
     * What it relies on: that a fault which is still present at the end of the call shows in the final status. The
     * faults of a flash stream are of that kind (read protection, write protection, an unmapped or disabled region,
     * lost target power: they persist for the rest of the call). A TRANSIENT fault in an earlier command followed by
     * successful ones is reported only if GETLASTRWSTATUS2 latches the first fault until it is read, which the
     * reference does not state (UNCONFIRMED, open question: "does GETLASTRWSTATUS2 report a fault of
     * an earlier WRITEMEM when later ones succeeded?"); flash programming still catches that case afterwards through
     * FLASH_SR and the target-side CRC verify.
     */
    END_OF_WRITE;

    /**
     * Flashbank's default: {@link #END_OF_WRITE}. Every write call still ends with a status query before it returns,
     * error addresses stay exact through the replay, and streamed flash programming gets ~15 % faster on full-speed
     * probes (issue 11). Choose {@link #EVERY_COMMAND} for OpenOCD-identical behaviour.
     */
    public static final WriteStatusCheck DEFAULT = END_OF_WRITE;
}
