package dev.flashbank.family.stm32h7.flash;

import java.util.Optional;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Sector;

/**
 * What protects one physical sector of an STM32H7 now (RM0433 §4.5 "FLASH protection mechanisms"), decoded from the
 * _CUR option registers of its bank: write protection (WPSN bit = 0: no program, no erase, and no bank erase of the
 * whole bank), a PCROP area (PRAR: execute-only; reads give RDPERR, the CRC engine CRCRDERR) and a secure-only area
 * (SCAR: reads from outside secure access mode give RDSERR) overlapping it.
 *
 * @param sector the physical sector
 * @param writeProtected its WPSN bit is 0
 * @param pcrop the part of the sector inside the bank's PCROP area (bank offsets), if any
 * @param secure the part of the sector inside the bank's secure-only area (bank offsets), if any
 */
public record H7SectorProtection(Sector sector, boolean writeProtected, Optional<AddressRange> pcrop,
        Optional<AddressRange> secure) {

    /** True when nothing protects the sector. */
    public boolean unprotected() {
        return !writeProtected && pcrop.isEmpty() && secure.isEmpty();
    }

    /** One line for reports, e.g. "sector 3 of bank 2: write-protected (WPSN), PCROP (PRAR) 0x060000-0x0600FF". */
    public String describe() {
        java.util.List<String> what = new java.util.ArrayList<>();
        if (writeProtected) {
            what.add("write-protected (WPSN)");
        }
        pcrop.ifPresent(r -> what.add(String.format("PCROP (PRAR) bank offsets 0x%06X-0x%06X", r.start(), r.last())));
        secure.ifPresent(r -> what.add(String.format("secure-only (SCAR) bank offsets 0x%06X-0x%06X", r.start(),
                r.last())));
        return Stm32H7FlashDriver.name(sector) + ": " + (what.isEmpty() ? "not protected" : String.join(", ", what));
    }
}
