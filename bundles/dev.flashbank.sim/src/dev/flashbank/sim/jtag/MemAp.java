package dev.flashbank.sim.jtag;

import dev.flashbank.core.device.cortexm.Adiv5;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.MemoryPort;

/**
 * One MEM-AP (ADIv5.2 chapter C2) in front of the bus its {@link DebugTopology.AccessPort} names: the Cortex-M7's
 * AHB-AP on the system bus, or an APB-AP on a debug APB. CSW (transfer size, address increment, DeviceEn), TAR, DRW
 * with byte-lane placement, the banked data registers BD0..BD3 and the read-only CFG, BASE and IDR. TAR
 * auto-increment only changes TAR[9:0] (ADIv5.2 C2.2.2: incrementing across a 1 KiB boundary is IMPLEMENTATION
 * DEFINED; like ARM's APs the address wraps inside the 1 KiB block, so a debugger must rewrite TAR there) - or the
 * bits of the larger block the port names (the Cortex-M3/M4 AHB-AP: 4 KiB). Packed
 * transfers are not implemented: writing AddrInc = 0b10 reads back as 0b00, which is how a debugger (OpenOCD's
 * {@code mem_ap_init}) learns that they are unsupported. A port without sub-word sizes (an APB-AP) keeps CSW.Size at
 * word whatever is written, which is how a debugger learns that.
 * <p>
 * The AP also serves its ROM table (ARMv7-M C1.2.3) when the topology gives it one: the board's bus itself does not
 * model it.
 */
final class MemAp {

    // ADIv5.2 C2.6 MEM-AP register offsets (bank = SELECT.APBANKSEL, offset = A[3:2])
    static final int CSW = Adiv5.AP_CSW, TAR = Adiv5.AP_TAR, DRW = Adiv5.AP_DRW, BD0 = Adiv5.AP_BD0,
            BD3 = Adiv5.AP_BD3, CFG = Adiv5.AP_CFG, BASE = Adiv5.AP_BASE, IDR = Adiv5.AP_IDR;

    static final int CSW_SIZE_MASK = Adiv5.CSW_SIZE_MASK; // 0 byte, 1 halfword, 2 word
    static final int CSW_SIZE_WORD = Adiv5.CSW_SIZE_WORD;
    static final int CSW_ADDRINC_SHIFT = Adiv5.CSW_ADDRINC_SHIFT;
    static final int CSW_ADDRINC_MASK = Adiv5.CSW_ADDRINC_MASK; // 00 off, 01 single, 10 packed
    static final int CSW_ADDRINC_SINGLE = Adiv5.CSW_ADDRINC_SINGLE;
    static final int CSW_DEVICE_EN = Adiv5.CSW_DEVICE_EN;
    static final int CSW_TR_IN_PROG = Adiv5.CSW_TR_IN_PROG;
    /** Bits a debugger may write: Size, AddrInc, Mode, HPROT/Prot and DbgSwEnable (ADIv5.2 C2.6.4). */
    static final int CSW_WRITABLE = CSW_SIZE_MASK | CSW_ADDRINC_MASK | 0xF00 | 0x7F00_0000 | 0x8000_0000;
    /** BASE without a ROM table: ADIv5 format (bit 1), no debug entries present (bit 0 = 0), ADIv5.2 C2.6.1. */
    static final long BASE_NO_ENTRIES = 0b10;
    /** ROM table MEMTYPE (offset 0xFCC): bit 0 = system memory present on the bus. */
    static final int ROM_MEMTYPE_OFFSET = 0xFCC;
    /** Component ID registers CIDR0..3 at 0xFF0..0xFFC: preamble with class 0x1 (ROM table), CoreSight C.1. */
    static final long[] ROM_CIDR = { 0x0D, 0x10, 0x05, 0xB1 };

    private final DebugTopology.AccessPort port;
    private final MemoryPort bus;
    private int csw = CSW_DEVICE_EN | CSW_SIZE_WORD; // reset: word size, no increment, DeviceEn (the bus is always on)
    private long tar;

    MemAp(DebugTopology.AccessPort port) {
        this.port = port;
        this.bus = port.bus();
    }

    /** Debug power-down/up or AP reset: CSW and TAR return to their reset values. */
    void reset() {
        csw = CSW_DEVICE_EN | CSW_SIZE_WORD;
        tar = 0;
    }

    /** Read of AP register {@code reg}; a bus error comes back as a non-Ok result (the DP sets STICKYERR). */
    BusResult read(int reg) {
        return switch (reg) {
            case CSW -> BusResult.ok(csw & 0xFFFF_FFFFL);
            case TAR -> BusResult.ok(tar);
            case DRW -> {
                BusResult r = access(tar, false, 0);
                increment();
                yield r;
            }
            case CFG -> BusResult.ok(0); // little-endian, 32-bit addresses, no large data
            case BASE -> BusResult.ok(port.romTable() == null ? BASE_NO_ENTRIES : port.romTable().base() | 0b11);
            case IDR -> BusResult.ok(port.idr());
            default -> reg >= BD0 && reg <= BD3 ? access(banked(reg), false, 0) : BusResult.ok(0);
        };
    }

    BusResult write(int reg, long value) {
        switch (reg) {
            case CSW -> {
                int v = (int) value & CSW_WRITABLE;
                if ((v & CSW_ADDRINC_MASK) != CSW_ADDRINC_SINGLE) {
                    v &= ~CSW_ADDRINC_MASK; // packed (and the reserved 0b11) are not implemented: reads back off
                }
                if ((v & CSW_SIZE_MASK) > CSW_SIZE_WORD || !port.subWordSizes()) {
                    // 64-bit and larger sizes do not exist on these APs; an APB-AP moves words only
                    v = (v & ~CSW_SIZE_MASK) | CSW_SIZE_WORD;
                }
                csw = v | CSW_DEVICE_EN;
                return BusResult.ok();
            }
            case TAR -> {
                tar = value & 0xFFFF_FFFFL;
                return BusResult.ok();
            }
            case DRW -> {
                BusResult r = access(tar, true, value);
                increment();
                return r;
            }
            default -> {
                if (reg >= BD0 && reg <= BD3) {
                    return access(banked(reg), true, value);
                }
                return BusResult.ok(); // read-only registers ignore writes
            }
        }
    }

    private long banked(int reg) {
        return (tar & ~0xFL) | (reg - BD0);
    }

    private AccessWidth width() {
        return switch (csw & CSW_SIZE_MASK) {
            case 0 -> AccessWidth.BYTE;
            case 1 -> AccessWidth.HALFWORD;
            default -> AccessWidth.WORD;
        };
    }

    private void increment() {
        if ((csw & CSW_ADDRINC_MASK) == CSW_ADDRINC_SINGLE) {
            long size = port.autoIncrementBlock();
            long block = tar & ~(size - 1L);
            tar = block | ((tar + width().bytes()) & (size - 1L));
        }
    }

    /** One bus access of CSW.Size at {@code address}; DRW carries the data on the byte lanes of address[1:0]. */
    private BusResult access(long address, boolean write, long drw) {
        AccessWidth w = width();
        int lane = (int) (address & 3) * 8;
        if (!write) {
            BusResult rom = romTable(address, w);
            BusResult r = rom != null ? rom : bus.read(address, w);
            return r instanceof BusResult.Ok ok ? BusResult.ok((ok.value() << lane) & 0xFFFF_FFFFL) : r;
        }
        long mask = w == AccessWidth.WORD ? 0xFFFF_FFFFL : (1L << (8 * w.bytes())) - 1;
        return bus.write(address, w, (drw >>> lane) & mask);
    }

    /** Reads inside the 4 KiB ROM table block; null when {@code address} is elsewhere (or the AP has none). */
    private BusResult romTable(long address, AccessWidth w) {
        DebugTopology.RomTable table = port.romTable();
        if (table == null || address < table.base() || address >= table.base() + 0x1000) {
            return null;
        }
        int offset = (int) (address - table.base());
        int wordOffset = offset & ~3;
        long word = 0;
        if (wordOffset < table.entries().size() * 4) {
            word = table.entries().get(wordOffset / 4); // the word after the last entry is 0: end of table
        } else if (wordOffset == ROM_MEMTYPE_OFFSET) {
            word = 1;
        } else if (wordOffset >= 0xFF0) {
            word = ROM_CIDR[(wordOffset - 0xFF0) / 4];
        }
        int shift = (offset & 3) * 8;
        long mask = w == AccessWidth.WORD ? 0xFFFF_FFFFL : (1L << (8 * w.bytes())) - 1;
        return BusResult.ok((word >>> shift) & mask);
    }
}
