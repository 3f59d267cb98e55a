package dev.flashbank.core.tests;

import java.util.List;

import dev.flashbank.core.family.Families;
import dev.flashbank.family.stm32f7.flash.Stm32F7Family;

/**
 * The families the core tests identify parts among: the core has no default family (the CLI, launches and the IDE pass
 * the installed ones), so the tests name theirs here, once.
 */
public final class TestFamilies {

    private TestFamilies() {
    }

    /** Only the STM32F7 family: the parts the core tests' scripted targets and files describe. */
    public static Families f7() {
        return new Families(List.of(new Stm32F7Family()));
    }
}
