/*
 * The ARMv6-M exception model (ARMv6-M ARM B1.5), built for the Cortex-M0+ (exceptions.c is the ARMv7-M one):
 * SVCall with the stacked frame read and changed by the handler, PendSV and SysTick pended through ICSR (PENDSVSET,
 * PENDSTSET: deterministic, no timer), NMI pended through ICSR.NMIPENDSET, external interrupts pended through
 * NVIC_ISPR with the two priority bits ARMv6-M implements (preemption and tail-chaining), PRIMASK masking, HardFault
 * (ARMv6-M has no configurable faults): UDF, 32-bit Thumb-2-only encodings (ADD.W, MUL.W), unaligned accesses (always
 * a fault on ARMv6-M, A3.2), a load from unmapped memory, a BLX to an even address (EPSR.T clear), an SVC with
 * PRIMASK set and one in a handler of higher priority (escalation, B1.5.4); the handler skips the instruction by
 * changing the stacked PC. Thread mode on the process stack (CONTROL.SPSEL) with exceptions taken and returned from
 * there; exception entry with a stack 4 bytes off an 8-byte boundary (the frame is aligned, B1.5.7). What the system
 * registers read back (SHPR, NVIC_IPR/ISER/ISPR, CCR, AIRCR, SCR) goes to RAM.
 * CONTROL.nPRIV is not used: unprivileged execution is an option of the Cortex-M0+ (the STM32G0 has it) that QEMU's
 * Cortex-M0 does not have (CONTROL bit 0 reads as zero there). NVIC_IPR and SHPR are written as words (ARMv6-M
 * B3.4.7, B3.2.3: byte and halfword accesses are UNPREDICTABLE).
 * Special registers (CONTROL, PRIMASK, MSP, PSP, IPSR) are read into general registers so the
 * instruction-by-instruction comparison sees them.
 */
#include <stdint.h>

#ifndef PASSES
#define PASSES 40
#endif

#define REG(a) (*(volatile uint32_t *) (a))
#define ICSR REG(0xE000ED04)
#define SHPR2 REG(0xE000ED1C)
#define SHPR3 REG(0xE000ED20)
#define NVIC_ISER0 REG(0xE000E100)
#define NVIC_ISPR0 REG(0xE000E200)
#define NVIC_IPR0 REG(0xE000E400)
#define NVIC_IPR(n) REG(0xE000E400 + 4 * (n))
#define NVIC_ICER0 REG(0xE000E180)
#define NVIC_ICPR0 REG(0xE000E280)
#define AIRCR REG(0xE000ED0C)
#define SCR REG(0xE000ED10)
#define CCR REG(0xE000ED14)

uint32_t log_buf[128];
uint32_t log_pos;
uint32_t results[16];
volatile uint32_t counter;
static uint32_t psp_stack[256] __attribute__((aligned(8)));

static void note(uint32_t v) {
    log_buf[log_pos++ & 127] = v;
}

static uint32_t special_registers(void) {
    uint32_t control, primask, msp, psp, ipsr;
    __asm__ volatile("mrs %0, control\n\tmrs %1, primask\n\tmrs %2, msp\n\tmrs %3, psp\n\tmrs %4, ipsr"
                     : "=l"(control), "=l"(primask), "=l"(msp), "=l"(psp), "=l"(ipsr));
    return control ^ primask << 4 ^ msp ^ psp << 1 ^ ipsr << 20;
}

/* the frame is on the stack EXC_RETURN bit 2 names (ARMv6-M has no IT: a branch) */
#define FRAME_THEN(body)                                                                                           \
    __asm__ volatile("movs r0, #4\n\tmov r1, lr\n\ttst r0, r1\n\tbne 1f\n\tmrs r0, msp\n\tb " body                  \
                     "\n1:\tmrs r0, psp\n\tb " body)

__attribute__((naked)) void svc_handler(void) {
    FRAME_THEN("svc_body");
}

__attribute__((used)) void svc_body(uint32_t *frame, uint32_t exc_return) {
    uint32_t pc = frame[6];
    uint32_t imm = *(uint16_t *) (pc - 2) & 0xFF;
    note(0x5C000000 | imm << 16 | (exc_return & 0xFF));
    note(frame[7]); /* stacked xPSR: bit 9 says whether the entry realigned the stack (B1.5.7) */
    note(special_registers());
    frame[0] = frame[0] * 3 + imm; /* the caller sees a new r0 */
}

void pendsv_handler(void) {
    counter++;
    note(0x9E000000 | special_registers());
}

void systick_handler(void) {
    counter += 0x100;
    note(0x57000000 | ICSR);
}

void nmi_handler(void) {
    counter += 0x10000;
    note(0x4E000000 | ICSR);
}

void irq_handler(void) {
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=l"(ipsr));
    uint32_t irq = ipsr - 16;
    note(0x10000000 | irq << 8 | (NVIC_ISPR0 & 0xFF));
    if (irq == 0) {
        NVIC_ISPR0 = 1u << 1; /* higher priority: preempts now */
        NVIC_ISPR0 = 1u << 2; /* lower priority: tail-chained after this handler */
        note(0x11000000 | counter);
    }
    if (irq == 1) {
        /* an SVC where its priority cannot preempt the handler: escalated to HardFault (B1.5.4) */
        register uint32_t r0 __asm__("r0") = counter;
        __asm__ volatile("svc #2" : "+l"(r0) : : "memory");
        note(r0);
    }
    counter += irq + 1;
}

/* HardFault: record the stacked xPSR and ICSR, skip the faulting instruction (16- or 32-bit) */
__attribute__((naked)) void hardfault_handler(void) {
    FRAME_THEN("fault_body");
}

__attribute__((used)) void fault_body(uint32_t *frame, uint32_t exc_return) {
    if ((frame[7] & 1u << 24) == 0) {
        /* a BLX/BX to an even address cleared EPSR.T (B1.4.2): the stacked PC is the target; return there in Thumb */
        frame[7] |= 1u << 24;
        note(0xFB000000 | (frame[6] & 0xFFFF));
        return;
    }
    uint32_t pc = frame[6];
    uint16_t hw = *(uint16_t *) pc;
    frame[6] = pc + ((hw & 0xE000) == 0xE000 && (hw & 0x1800) ? 4 : 2);
    note(0xFA000000 | (exc_return & 0xFF) << 16 | (frame[7] & 0xFF00FFFF));
    note(ICSR & 0x1FF);
}

__attribute__((noinline)) static uint32_t svc_call(uint32_t x) {
    register uint32_t r0 __asm__("r0") = x;
    __asm__ volatile("svc #7" : "+l"(r0) : : "memory");
    return r0;
}

/* SVC with the stack pointer 4 bytes off an 8-byte boundary: the entry aligns the frame, bit 9 of the stacked xPSR */
__attribute__((noinline)) static uint32_t svc_misaligned(uint32_t x) {
    register uint32_t r0 __asm__("r0") = x;
    __asm__ volatile("sub sp, #4\n\tsvc #5\n\tadd sp, #4" : "+l"(r0) : : "memory");
    return r0;
}

__attribute__((noinline)) static uint32_t faults(uint32_t x) {
    uint32_t v = x;
    __asm__ volatile("udf #3" ::: "memory");
    /*
     * Thumb-2 encodings ARMv6-M does not have are UNDEFINED there (ARMv6-M ARM A5.2, A5.3): HardFault. Not the
     * 16-bit ones, CBZ/CBNZ and IT: QEMU 7.2's Cortex-M0 executes them, where ARMv6-M has none (ARMv7-M ARM A7.7.21
     * CBNZ, CBZ and A7.7.38 IT are ARMv7-M encodings); the simulated core takes the HardFault, QEMU is wrong there.
     */
    __asm__ volatile(".inst.w 0xf1000001" ::: "r0", "memory"); /* ADD.W r0, r0, #1 */
    __asm__ volatile(".inst.w 0xfb00f000" ::: "r0", "memory"); /* MUL.W r0, r0, r0 */
    uint32_t one = 1;
    __asm__ volatile("ldr %0, [%1, %2]" : "+l"(v) : "l"(log_buf), "l"(one) : "memory"); /* unaligned */
    __asm__ volatile("strh %0, [%1, %2]" : : "l"(v), "l"(log_buf), "l"(one) : "memory"); /* unaligned */
    uint32_t w = 0x55;
    __asm__ volatile("ldr %0, [%1]" : "+l"(w) : "l"(0x60000000u) : "memory"); /* nothing mapped */
    uint32_t target;
    __asm__ volatile("ldr %0, =1f\n\tsubs %0, #1\n\tblx %0\n\tb 2f\n\t.thumb_func\n1:\tbx lr\n2:"
                     : "=l"(target) : : "lr", "cc", "memory"); /* to an even address: T clear, HardFault */
    v += target;
    uint32_t r0v = x;
    __asm__ volatile("cpsid i\n\tmov r0, %0\n\tsvc #9\n\tmov %0, r0\n\tcpsie i" : "+l"(r0v) : : "r0", "memory");
    return v + w + r0v;
}

int main(void) {
    uint32_t sum = 0;
    SHPR2 = 0x80u << 24;               /* SVCall priority 0x80 */
    SHPR3 = 0xC0u << 16 | 0xC0u << 24; /* PendSV and SysTick lowest */
    NVIC_IPR0 = 0x40u << 24 | 0xC0u << 16 | 0x00u << 8 | 0x80u; /* IRQ 0: 0x80, 1: 0x00, 2: 0xC0, 3: 0x40 */
    NVIC_ISER0 = 0xF;
    /* what the system registers read: two priority bits, CCR fixed (B3.2.8: STKALIGN, UNALIGN_TRP RAO), AIRCR */
    note(SHPR2);
    note(SHPR3);
    note(NVIC_IPR0);
    NVIC_IPR(1) = 0xFFFFFFFFu;
    note(NVIC_IPR(1));
    note(NVIC_ISER0);
    note(CCR);
    note(AIRCR);
    note(SCR);
    NVIC_ISPR0 = 1u << 5; /* disabled: stays pending */
    note(NVIC_ISPR0);
    NVIC_ICPR0 = 1u << 5;
    note(NVIC_ISPR0);
    NVIC_ICER0 = 1u << 5;
    note(NVIC_ISER0);
    for (uint32_t pass = 0; pass < PASSES; pass++) {
        sum += svc_call(pass);
        sum += svc_misaligned(sum);
        ICSR = 1u << 28; /* PENDSVSET */
        sum ^= counter;
        ICSR = 1u << 26; /* PENDSTSET */
        NVIC_ISPR0 = 1u << 0;
        sum += counter + special_registers();
        ICSR = 1u << 31; /* NMIPENDSET */
        sum ^= counter;

        __asm__ volatile("cpsid i" ::: "memory");
        ICSR = 1u << 28;
        NVIC_ISPR0 = 1u << 3;
        sum += counter; /* nothing taken yet */
        note(ICSR);
        note(NVIC_ISPR0);
        __asm__ volatile("cpsie i" ::: "memory");
        sum += counter;

        sum += faults(sum);

        /* thread mode on the process stack, exceptions taken from it, then back to the main stack */
        __asm__ volatile("msr psp, %0\n\t"
                         "movs r1, #2\n\t"
                         "msr control, r1\n\t"
                         "isb"
                         : : "l"(&psp_stack[256]) : "r1", "memory");
        sum += special_registers();
        ICSR = 1u << 28; /* taken on the process stack */
        sum += svc_call(sum);
        sum += svc_misaligned(sum);
        NVIC_ISPR0 = 1u << 0;
        sum += faults(sum);
        sum += special_registers();
        __asm__ volatile("movs r1, #0\n\tmsr control, r1\n\tisb" : : : "r1", "memory");
        sum += special_registers();
        results[pass & 15] = sum;
    }
    return (int) sum;
}
