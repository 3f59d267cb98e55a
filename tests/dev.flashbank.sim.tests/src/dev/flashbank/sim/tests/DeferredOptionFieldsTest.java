package dev.flashbank.sim.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;

/**
 * Every option field of the model, on each line: the ones in optionsEffectiveAfterOptstrt act when OPTSTRT completes,
 * every other one only at the next reset (OpenOCD stm32f2x.c, STM32CubeF7 FLASH_DualBoot). Driven by the model's
 * register fields, so a field added to the model is covered automatically.
 */
class DeferredOptionFieldsTest {

    static Stream<Arguments> fields() throws Exception {
        List<Arguments> l = new ArrayList<>();
        for (String part : List.of("STM32F767ZI", "STM32F722ZE", "STM32F746ZG")) {
            var regs = SimulatedBoards.create(part).descriptor().registers();
            List<Register> option = new ArrayList<>(List.of(regs.optcr(), regs.optcr1()));
            regs.optcr2().ifPresent(option::add);
            for (Register r : option) {
                for (Field f : r.fields()) {
                    if (!f.name().equals(OPTLOCK) && !f.name().equals(OPTSTRT)) {
                        l.add(Arguments.of(part, r.name(), f.name()));
                    }
                }
            }
        }
        return l.stream();
    }

    @ParameterizedTest(name = "{0} {1}.{2}")
    @MethodSource("fields")
    void eachOptionTakesEffectWhenTheModelSays(String part, String register, String field) throws Exception {
        Fx fx = Fx.of(part);
        Field f = (register.equals(OPTCR) ? fx.r.optcr() : register.equals(OPTCR1) ? fx.r.optcr1() : fx.r.optcr2().orElseThrow())
                .field(field);
        OptionBytes before = fx.board.storedOptions();
        int word = before.word(register);
        int flipped = f.insert(word, f.extract(word) ^ 1); // change the field's lowest bit
        OptionBytes after = OptionBytes.of(before.line(), register.equals(OPTCR) ? flipped : before.optcr(),
                register.equals(OPTCR1) ? flipped : before.optcr1(), register.equals(OPTCR2) ? flipped : before.optcr2());
        fx.programOptions(after);

        assertThat(fx.board.storedOptions()).isEqualTo(after);
        Stm32F7Parameters p = fx.board.descriptor().stm32F7Parameters();
        Set<String> immediate = p.optionsEffectiveAfterOptstrt();
        int protectionNow = fx.board.latchedOptions().word(register); // latched view before reset
        assertThat(f.extract(protectionNow)).as("latched until reset").isEqualTo(f.extract(word));
        if (immediate.contains(field) && field.equals(nWRP)) {
            fx.programWords(0x0800_0000L, 0); // nWRP0 now 0: sector 0 protected at once
            assertThat(fx.errors() & fx.srBit(WRPERR)).as("nWRP acts before the reset").isNotZero();
            fx.clearErrors();
        }
        if (immediate.contains(field) && field.equals(PCROP)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.mem.read32(0x0800_0000L)).as("PCROP acts at once")
                    .isInstanceOf(dev.flashbank.core.target.BusFaultException.class);
        }
        fx.board.reset(ResetKind.SYSTEM);
        assertThat(f.extract(fx.board.latchedOptions().word(register))).as("after reset").isEqualTo(f.extract(flipped));
    }
}
