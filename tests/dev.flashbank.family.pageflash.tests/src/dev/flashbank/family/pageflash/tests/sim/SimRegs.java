package dev.flashbank.family.pageflash.tests.sim;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.flashbank.core.device.Register;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.pageflash.PageFlashRegisters;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.sim.PageFlashSimulatedFamily;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;

/**
 * Register-level access to a simulated page-flash board, as a debugger drives it: single bus accesses on the board's
 * debug bus, with the sequences of the reference manuals (RM0440 §3.3 / §3.4) spelled out - and nothing else, so
 * that each test sees exactly what the silicon model answers. Every bit comes from {@link PageFlashRegisters}.
 */
final class SimRegs {

    final PageFlashBoard board;
    final PageFlashRegisters regs;
    final DebugBus bus;

    SimRegs(PageFlashBoard board) {
        this.board = board;
        this.regs = PageFlashRegisters.of(board.line());
        this.bus = board.debugBus();
    }

    static SimRegs of(String part) throws Exception {
        return new SimRegs(PageFlashSimulatedFamily.INSTANCE.create(part, BoardOptions.defaults()));
    }

    static SimRegs of(String part, BoardOptions options) throws Exception {
        return new SimRegs(PageFlashSimulatedFamily.INSTANCE.create(part, options));
    }

    long r(long address) {
        BusResult res = bus.read(address, AccessWidth.WORD);
        assertThat(res).as("read 0x%08X", address).isInstanceOf(BusResult.Ok.class);
        return ((BusResult.Ok) res).value();
    }

    BusResult read(long address) {
        return bus.read(address, AccessWidth.WORD);
    }

    BusResult w(long address, long value) {
        return bus.write(address, AccessWidth.WORD, value);
    }

    void ok(long address, long value) {
        assertThat(w(address, value)).as("write 0x%08X = 0x%08X", address, value).isInstanceOf(BusResult.Ok.class);
    }

    int bit(Register r, String field) {
        return r.field(field).mask();
    }

    int cr(String... fields) {
        int v = 0;
        for (String f : fields) {
            v |= bit(regs.cr(), f);
        }
        return v;
    }

    int flag(String field) {
        return bit(regs.sr(), field);
    }

    long sr() {
        return r(regs.sr().address());
    }

    /** SR without the busy flags. */
    long errors() {
        return sr() & regs.srErrorMask();
    }

    void clearErrors() {
        ok(regs.sr().address(), regs.srErrorMask() | flag(EOP));
    }

    void unlock() {
        if ((r(regs.cr().address()) & bit(regs.cr(), LOCK)) != 0) {
            ok(regs.keyr().address(), KEYR_KEYS.key1());
            ok(regs.keyr().address(), KEYR_KEYS.key2());
        }
        assertThat(r(regs.cr().address()) & bit(regs.cr(), LOCK)).isZero();
    }

    void unlockOptions() {
        unlock();
        ok(regs.optkeyr().address(), OPTKEYR_KEYS.key1());
        ok(regs.optkeyr().address(), OPTKEYR_KEYS.key2());
        assertThat(r(regs.cr().address()) & bit(regs.cr(), OPTLOCK)).isZero();
    }

    void setCr(int value) {
        ok(regs.cr().address(), value);
    }

    /** Lets virtual time pass until BSY (BSY1/BSY2) is clear. */
    void waitIdle() {
        for (int i = 0; i < 10_000 && (sr() & regs.srBusyMask()) != 0; i++) {
            bus.elapse(Duration.ofMillis(1));
        }
        assertThat(sr() & regs.srBusyMask()).as("busy").isZero();
    }

    /** Programs one double word with PG (two 32-bit writes), waits, clears PG; returns SR's error flags. */
    long program(long address, long doubleWord) {
        setCr(cr(PG));
        w(address, doubleWord & 0xFFFF_FFFFL);
        w(address + 4, doubleWord >>> 32);
        waitIdle();
        setCr(0);
        return errors();
    }

    /** Page erase of page {@code pnb} of bank {@code bker} (BKER = bank - 1 where the line has it). */
    long erasePage(int bank, int pnb) {
        int v = cr(PER) | regs.cr().field(PNB).encode(pnb);
        if (bank == 2) {
            v |= cr(BKER);
        }
        setCr(v);
        setCr(v | cr(STRT));
        waitIdle();
        setCr(0);
        return errors();
    }

    int option(String register) {
        return (int) r(regs.flash().register(register).address());
    }

    /** Writes an option register (OPTLOCK must be open), then OPTSTRT and waits. */
    void writeOption(String register, int value) {
        ok(regs.flash().register(register).address(), value & 0xFFFF_FFFFL);
    }

    int optrWith(String field, int value) {
        return regs.optr().field(field).insert(option(OPTR), value);
    }

    long optionStart() {
        setCr(cr(OPTSTRT));
        waitIdle();
        return errors();
    }

    /** OBL_LAUNCH: the write is answered with a bus error because the part resets under it. */
    BusResult oblLaunch() {
        return w(regs.cr().address(), cr(OBL_LAUNCH));
    }

    /** Unlock, set {@code field} of OPTR, OPTSTRT, OBL_LAUNCH. */
    void changeOptr(String field, int value) {
        unlockOptions();
        writeOption(OPTR, optrWith(field, value));
        assertThat(optionStart()).isZero();
        assertThat(oblLaunch()).isInstanceOf(BusResult.Fault.class);
    }

    long memRemap() {
        return r(regs.memoryRemap().address());
    }
}
