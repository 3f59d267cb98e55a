package dev.flashbank.sim.gdb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.Sector;

/**
 * The memory map GDB reads with {@code qXfer:memory-map:read} (GDB manual E.17 "Memory Map Format"): the flash in the
 * window images are linked for as {@code flash} regions whose {@code blocksize} is the erase unit there (so GDB's
 * {@code load} erases and writes through {@code vFlashErase}/{@code vFlashWrite}), the flash's other windows as
 * {@code rom} (the same cells: a write there would not program them), and the rest of the 4 GiB address space as
 * {@code ram}, because GDB refuses access outside the map (RAMs, peripherals and the debug registers are all
 * plain bus accesses here).
 */
public final class MemoryMap {

    /** One region of the map. */
    public record Region(String type, long start, long length, long blockSize) {
        long end() {
            return start + length;
        }
    }

    private static final long ADDRESS_SPACE = 1L << 32;

    private MemoryMap() {
    }

    /** The regions of {@code geometry} with the banks mapped as they are now ({@code swapped}), gaps filled as ram. */
    public static List<Region> regions(FlashGeometry geometry, boolean swapped) {
        List<Region> fixed = new ArrayList<>();
        FlashWindow link = geometry.linkWindow();
        List<AddressRange> units = new ArrayList<>();
        for (Sector s : geometry.sectors()) {
            units.add(geometry.sectorRange(s, swapped, link));
        }
        units.sort(Comparator.comparingLong(AddressRange::start));
        for (AddressRange u : units) {
            Region last = fixed.isEmpty() ? null : fixed.get(fixed.size() - 1);
            if (last != null && last.end() == u.start() && last.blockSize() == u.size()) {
                fixed.set(fixed.size() - 1, new Region("flash", last.start(), last.length() + u.size(), u.size()));
            } else {
                fixed.add(new Region("flash", u.start(), u.size(), u.size()));
            }
        }
        for (FlashWindow w : geometry.windows()) {
            if (!w.equals(link)) {
                AddressRange r = geometry.windowRange(w);
                fixed.add(new Region("rom", r.start(), r.size(), 0));
            }
        }
        fixed.sort(Comparator.comparingLong(Region::start));
        List<Region> all = new ArrayList<>();
        long at = 0;
        for (Region r : fixed) {
            if (r.start() > at) {
                all.add(new Region("ram", at, r.start() - at, 0));
            }
            all.add(r);
            at = Math.max(at, r.end());
        }
        if (at < ADDRESS_SPACE) {
            all.add(new Region("ram", at, ADDRESS_SPACE - at, 0));
        }
        return List.copyOf(all);
    }

    /** The XML document. */
    public static String xml(List<Region> regions) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE memory-map PUBLIC"
                + " \"+//IDN gnu.org//DTD GDB Memory Map V1.0//EN\" \"http://sourceware.org/gdb/gdb-memory-map.dtd\">\n"
                + "<memory-map>\n");
        for (Region r : regions) {
            x.append(String.format("  <memory type=\"%s\" start=\"0x%x\" length=\"0x%x\"", r.type(), r.start(),
                    r.length()));
            if (r.type().equals("flash")) {
                x.append(String.format(">\n    <property name=\"blocksize\">0x%x</property>\n  </memory>\n",
                        r.blockSize()));
            } else {
                x.append("/>\n");
            }
        }
        return x.append("</memory-map>\n").toString();
    }
}
