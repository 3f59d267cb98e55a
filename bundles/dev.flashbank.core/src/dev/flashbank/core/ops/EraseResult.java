package dev.flashbank.core.ops;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.BootMapping;

/**
 * What an erase did.
 *
 * @param scope "mass erase", "erase of physical bank 2", "erase of sectors 3 and 4"
 * @param sectors the physical sectors erased
 * @param sectorNames the sectors as the reference manual names them ("sectors 3 and 4", "sector 2 of bank 2")
 * @param swpFb banks swapped while erasing (where the sectors were visible; F7 SYSCFG_MEMRMP.SWP_FB, H7 SWAP_BANK)
 * @param mappingLabel the family's name of that mapping bit ({@code FlashDriver.bankMappingLabel()})
 * @param visibleAt the link-window ranges the erased sectors were visible at, merged
 * @param guardOverridden what the {@link RunningBankGuard} would have refused, when the user overrode it
 */
public record EraseResult(String scope, List<Sector> sectors, String sectorNames, boolean swpFb,
        String mappingLabel, List<AddressRange> visibleAt,
        Optional<RunningBankGuard.Hazard> guardOverridden) implements OperationResult {

    public EraseResult {
        sectors = List.copyOf(sectors);
        visibleAt = List.copyOf(visibleAt);
    }

    @Override
    public String summary() {
        return String.format("%s done: %s erased (%s%s)", scope, sectorNames,
                visibleAt.stream().map(AddressRange::toString).reduce((a, b) -> a + ", " + b).orElse(""),
                swpFb ? ", " + BootMapping.label(mappingLabel, true) : "") + RunningBankGuard.overrideNote(guardOverridden);
    }

    @Override
    public Map<String, Object> data() {
        return Data.of("scope", scope, "sectors", sectors.stream().map(s -> Data.of("bank", s.bank(), "number",
                s.number(), "sizeKiB", s.sizeKiB())).toList(), "swpFb", swpFb, "visibleAt",
                visibleAt.stream().map(AddressRange::toString).toList(), "runningBankGuardOverridden",
                guardOverridden.map(RunningBankGuard.Hazard::data).orElse(null));
    }
}
