package dev.flashbank.core.family;

import java.util.List;
import java.util.function.IntPredicate;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.target.TargetException;

/**
 * A family's bank swapping for one part ({@link FlashDriver#bankSwapping()}): how it maps and boots its banks
 * ({@link BootState}), its schemes and the strategy of each. F7: SYSCFG_MEMRMP.SWP_FB/MEM_BOOT, BOOT_ADD0/1, nDBOOT
 * with the BOOT_ADD and REMAP schemes; H7: FLASH_OPTCR.SWAP_BANK / OPTSR.SWAP_BANK_OPT with the SWAP_BANK scheme;
 * L4/G4/G0 next: BFB2 / nSWAP_BANK, options applied at the next reset or OBL_LAUNCH.
 */
public interface BankSwapping {

    /** The part's schemes ({@code DeviceDescriptor.switchSchemes}), the default first. */
    List<SwitchScheme> schemes();

    /**
     * The strategy of {@code scheme}.
     *
     * @throws SchemeRefusedException when {@code scheme} is not one of {@link #schemes()}, naming them
     */
    BankSwapStrategy strategy(SwitchScheme scheme) throws SchemeRefusedException;

    /**
     * Reads the boot state (reads only).
     *
     * @param options the option image just read
     * @param swapped the mapping just read ({@link FlashDriver#banksSwapped()})
     * @param validStackPointer whether a physical bank's vector table starts with a stack pointer in RAM (boot paths
     *        that try banks in turn, F7 dual boot)
     */
    BootState readBootState(OptionImage options, boolean swapped, IntPredicate validStackPointer)
            throws TargetException;

    /**
     * True when an address will mean another physical bank after the next reset than now (F7: SWP_FB = 1, which every
     * reset clears; H7: SWAP_BANK_OPT differs from the SWAP_BANK in force): the cheap question the running-bank guard
     * asks before every write.
     */
    boolean mappingChangesAtReset() throws TargetException;

    /**
     * The scheme under which an image spanning {@code image} runs from the inactive bank, for users who do not name one
     * (reads nothing; {@code runningBank} 0 when none runs).
     */
    SwitchScheme.Choice choose(AddressRange image, BootState boot, int runningBank);
}
