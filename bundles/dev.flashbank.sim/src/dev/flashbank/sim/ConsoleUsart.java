package dev.flashbank.sim;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;

/**
 * The transmit side of an STM32 U(S)ART with the ISR/ICR/TDR register set (USART "v2": F7, H7, G0, G4, L4 reference
 * manuals, USART registers): what the firmware writes to TDR while UE and TE are set goes to the board's console at
 * once, so TXE and TC always read 1 and TEACK/REACK follow TE/RE as soon as they are written (HAL_UART_Init waits for
 * TEACK). Nothing is received. The family gives the register block (its address and fields from the family's model);
 * the register and field names are the reference manuals' own.
 */
public final class ConsoleUsart {

    private final Register cr1;
    private final Register isr;
    private final Register tdr;
    private final Field ue;
    private final Field te;
    private final Field re;
    private final Field teack;
    private final Field reack;
    private final StringBuilder console;
    private final java.util.Map<Long, Integer> storage = new java.util.HashMap<>();
    private int cr1Value;

    /** A USART with {@code block}'s registers CR1 (UE, RE, TE), ISR (TC, TXE, TEACK, REACK) and TDR, writing into {@code console}. */
    public ConsoleUsart(RegisterBlock block, StringBuilder console) {
        this.cr1 = block.register("CR1");
        this.isr = block.register("ISR");
        this.tdr = block.register("TDR");
        this.ue = cr1.field("UE");
        this.te = cr1.field("TE");
        this.re = cr1.field("RE");
        this.teack = isr.field("TEACK");
        this.reack = isr.field("REACK");
        this.console = console;
        reset();
    }

    /** The peripheral reset (every system reset): registers at their reset values. */
    public void reset() {
        cr1Value = cr1.resetValue();
        storage.clear();
    }

    public int read(long address) {
        if (address == cr1.address()) {
            return cr1Value;
        }
        if (address == isr.address()) {
            int v = isr.resetValue(); // TXE and TC: the transmitter is always idle
            v = teack.insert(v, te.isSet(cr1Value) ? 1 : 0);
            return reack.insert(v, re.isSet(cr1Value) ? 1 : 0);
        }
        return storage.getOrDefault(address, 0);
    }

    public void write(long address, int value) {
        if (address == cr1.address()) {
            cr1Value = value;
        } else if (address == tdr.address()) {
            if (ue.isSet(cr1Value) && te.isSet(cr1Value)) {
                console.append((char) (value & 0xFF));
            }
        } else if (address != isr.address()) {
            storage.put(address, value);
        }
    }
}
