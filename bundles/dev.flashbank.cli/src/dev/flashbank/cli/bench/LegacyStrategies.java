package dev.flashbank.cli.bench;

import java.time.Duration;
import java.util.List;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.LegacyFlashRegisters;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.stlink.StlinkSession;

/**
 * The programming strategies of two other tools, replayed on the same model (same simulated board, same emulated
 * probe, same timing table) so the bench can say how Flashbank compares. Both rewrite every sector the image covers:
 * neither tool skips identical sectors.
 * <ul>
 * <li>{@link #openOcdNoWorkingArea}: OpenOCD's stm32f2x fallback without a target working area (OpenOCD src/flash/nor/stm32f2x.c) -
 * per sector SER|SNB|STRT and wait, then per half-word: FLASH_CR = PG | PSIZE x16, a 2-byte memory write, poll
 * FLASH_SR until BSY clears.</li>
 * <li>{@link #stlinkOrg}: st-flash (stlink-org src/stlink-lib/flash_loader.c) - sector-by-sector erase, then PSIZE x32 with PG set once and the RAM
 * loader: per chunk of {@link #STLINK_ORG_CHUNK} bytes the data goes to SRAM behind the loader, r0-r2 and PC are
 * written, the core is started and "core halted" is polled every {@link #STLINK_ORG_POLL}.</li>
 * </ul>
 * The simulator has no instruction set, so the loader's own work (one word write per t_prog, bus stalled while BSY) is
 * performed on the board's bus directly, and the probe traffic around it is the real command sequence (register
 * writes, a DHCSR write in place of RUN, the halted polls); erases use Flashbank's driver (same SR polling model).
 * The controller's addresses and bits come from the part's family ({@link LegacyFlashRegisters}); a family that
 * gives none has no legacy rows.
 */
public final class LegacyStrategies {

    /** st-flash chunk for F2/F4/F7 when SRAM > 32 KiB (stlink-org flash_loader.c). */
    public static final int STLINK_ORG_CHUNK = 32 * 1024;
    /** st-flash polls "core halted" every 10 ms (stlink-org flash_loader.c). */
    public static final Duration STLINK_ORG_POLL = Duration.ofMillis(10);
    /** Where st-flash puts its loader: SRAM base (stlink-org flash_loader.c). */
    public static final long STLINK_ORG_SRAM = 0x2000_0000L;
    /**
     * Size of st-flash's F7 loader body rounded up - ESTIMATE (a copy loop, DSB, BSY wait and BKPT: stlink-org flashloaders, the F7 loader); it only
     * sets where the buffer starts.
     */
    public static final int STLINK_ORG_LOADER_BYTES = 64;
    /**
     * Loader loop overhead per word beside the BSY wait (load, store, DSB, branch: ~8 cycles at the 16 MHz HSI the
     * core runs on after reset) - ESTIMATE.
     */
    public static final Duration STLINK_ORG_LOOP_PER_WORD = Duration.ofNanos(500);

    private LegacyStrategies() {
    }

    /** OpenOCD without a working area: erase every covered sector, then half-word register pokes. */
    public static void openOcdNoWorkingArea(ModelledStack stack, LegacyFlashRegisters regs, long address, byte[] data)
            throws TargetException {
        eraseCovered(stack, address, data.length);
        MemoryAccess mem = stack.target().memory();
        long cr = regs.cr();
        long sr = regs.sr();
        int crValue = regs.programX16();
        int bsy = regs.bsyMask();
        // OpenOCD's hla target moves even one register word as READMEM_32BIT/WRITEMEM_32BIT followed by
        // GETLASTRWSTATUS2 (stlink_usb_read_mem32/write_mem32), not as Flashbank's single READDEBUGREG/WRITEDEBUGREG
        StlinkSession session = stack.target().session();
        byte[] crWord = { (byte) crValue, (byte) (crValue >>> 8), (byte) (crValue >>> 16), (byte) (crValue >>> 24) };
        unlock(mem, regs);
        for (int i = 0; i < data.length; i += 2) {
            session.writeMemory(cr, crWord, 0, 4, AccessWidth.WORD);
            mem.write(address + i, data, i, 2, AccessWidth.HALFWORD);
            while ((le32(session.readMemory(sr, 4, AccessWidth.WORD)) & bsy) != 0) {
                // OpenOCD polls SR until BSY clears (each poll one command)
            }
        }
        session.writeMemory(cr, new byte[4], 0, 4, AccessWidth.WORD);
        lock(mem, regs);
    }

    /** st-flash: sector-by-sector erase, then the RAM loader in 32 KiB chunks at x32. */
    public static void stlinkOrg(ModelledStack stack, LegacyFlashRegisters regs, long address, byte[] data)
            throws TargetException {
        eraseCovered(stack, address, data.length);
        MemoryAccess mem = stack.target().memory();
        DebugBus bus = stack.board().debugBus();
        long cr = regs.cr();
        int crValue = regs.programX32();
        long buffer = STLINK_ORG_SRAM + STLINK_ORG_LOADER_BYTES;
        stack.target().core().halt();
        mem.write(STLINK_ORG_SRAM, new byte[STLINK_ORG_LOADER_BYTES], 0, STLINK_ORG_LOADER_BYTES, AccessWidth.WORD);
        unlock(mem, regs);
        mem.write32(cr, crValue);
        for (int off = 0; off < data.length; off += STLINK_ORG_CHUNK) {
            int len = Math.min(STLINK_ORG_CHUNK, data.length - off);
            int padded = (len + 3) & ~3;
            byte[] chunk = new byte[padded];
            java.util.Arrays.fill(chunk, (byte) 0xFF);
            System.arraycopy(data, off, chunk, 0, len);
            mem.write(buffer, chunk, 0, padded, AccessWidth.WORD);
            stack.target().core().writeCoreRegister(CortexM.REGSEL_R0, (int) buffer);
            stack.target().core().writeCoreRegister(CortexM.REGSEL_R0 + 1, (int) (address + off));
            stack.target().core().writeCoreRegister(CortexM.REGSEL_R0 + 2, padded);
            stack.target().core().writeCoreRegister(CortexM.REGSEL_PC, (int) STLINK_ORG_SRAM);
            mem.write32(CortexM.DHCSR.address(), CortexM.dhcsrWrite(CortexM.DHCSR_C_DEBUGEN,
                    CortexM.DHCSR_C_HALT)); // stands in for RUN: same one command
            long started = stack.board().clock().nanos();
            for (int i = 0; i < padded; i += 4) { // the loader: word store, DSB, wait BSY
                long v = (chunk[i] & 0xFFL) | (chunk[i + 1] & 0xFFL) << 8 | (chunk[i + 2] & 0xFFL) << 16
                        | (chunk[i + 3] & 0xFFL) << 24;
                bus.elapse(STLINK_ORG_LOOP_PER_WORD);
                bus.write(address + off + i, AccessWidth.WORD, v).orThrow();
            }
            long finished = stack.board().clock().nanos();
            long poll = started;
            do { // poll "core halted" every 10 ms
                poll += STLINK_ORG_POLL.toNanos();
                long now = stack.board().clock().nanos();
                if (now < poll) {
                    bus.elapse(Duration.ofNanos(poll - now));
                }
                long before = stack.board().clock().nanos();
                stack.target().core().isHalted();
                if (before >= finished) {
                    break;
                }
                poll = stack.board().clock().nanos();
            } while (true);
            stack.target().core().readCoreRegister(CortexM.REGSEL_R0 + 2); // st-flash checks r2
        }
        mem.write32(cr, 0);
        lock(mem, regs);
    }

    /**
     * Clears LOCK as both tools do (stm32x_unlock_reg, unlock_flash): keys only while LOCK is set, then LOCK checked
     * again.
     */
    private static void unlock(MemoryAccess mem, LegacyFlashRegisters regs) throws TargetException {
        if ((mem.read32(regs.cr()) & regs.lockMask()) == 0) {
            return;
        }
        mem.write32(regs.keyr(), regs.key1());
        mem.write32(regs.keyr(), regs.key2());
        if ((mem.read32(regs.cr()) & regs.lockMask()) != 0) {
            throw new IllegalStateException("the flash control register stayed locked after the unlock keys");
        }
    }

    /** Sets LOCK again (read-modify-write of the control register). */
    private static void lock(MemoryAccess mem, LegacyFlashRegisters regs) throws TargetException {
        mem.write32(regs.cr(), mem.read32(regs.cr()) | regs.lockMask());
    }

    private static int le32(byte[] b) {
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    private static void eraseCovered(ModelledStack stack, long address, int length) throws TargetException {
        List<Sector> sectors = stack.driver().sectorsCovering(new AddressRange(address, length),
                stack.driver().banksSwapped());
        for (Sector s : sectors) {
            stack.driver().eraseSectors(List.of(s), FlashProgress.NONE);
        }
    }
}
