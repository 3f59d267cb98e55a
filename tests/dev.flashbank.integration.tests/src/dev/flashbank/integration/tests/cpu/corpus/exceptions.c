/*
 * The exception model (ARMv7-M ARM B1.5): SVCall with the stacked frame read and changed by the handler, PendSV
 * and SysTick pended through ICSR (PENDSVSET, PENDSTSET: deterministic, no timer), external interrupts pended
 * through NVIC_ISPR with priorities (preemption and tail-chaining), PRIMASK and BASEPRI masking, faults
 * (UDF, divide by zero with CCR.DIV_0_TRP, unaligned access with CCR.UNALIGN_TRP: UsageFault with CFSR, the
 * handler skips the instruction by changing the stacked PC), thread mode on the process stack, unprivileged
 * thread mode and the SVC back, and on cores with an FPU the extended frame with lazy FP state preservation.
 * Special registers (CONTROL, PRIMASK, BASEPRI, MSP, PSP, CFSR) are read into general registers so the
 * instruction-by-instruction comparison sees them.
 */
#include <stdint.h>

#ifndef PASSES
#define PASSES 100
#endif

#define REG(a) (*(volatile uint32_t *) (a))
#define ICSR REG(0xE000ED04)
#define CCR REG(0xE000ED14)
/*
 * CCR is written whole, never read-modify-written: on a Cortex-M7 CCR.BP (bit 18) reads as one (PM0253 4.3.7; the
 * ARMv7-M ARM B3.2.8 lets BP be RAZ/WI or RAO/WI), QEMU 7.2's M7 reads it as zero. STKALIGN (bit 9) is set on both.
 */
#define CCR_STKALIGN (1u << 9)
#define SHCSR REG(0xE000ED24)
#define CFSR REG(0xE000ED28)
#define SHPR2 REG(0xE000ED1C)
#define SHPR3 REG(0xE000ED20)
#define NVIC_ISER0 REG(0xE000E100)
#define NVIC_ISPR0 REG(0xE000E200)
#define NVIC_IPR(n) (*(volatile uint8_t *) (0xE000E400 + (n)))

uint32_t log_buf[256];
uint32_t log_pos;
uint32_t results[16];
volatile uint32_t counter;
static uint32_t psp_stack[512] __attribute__((aligned(8)));

static void note(uint32_t v) {
    log_buf[log_pos++ & 255] = v;
}

static uint32_t special_registers(void) {
    uint32_t control, primask, basepri, msp, psp, ipsr;
    __asm__ volatile("mrs %0, control\n\tmrs %1, primask\n\tmrs %2, basepri\n\tmrs %3, msp\n\tmrs %4, psp\n\t"
                     "mrs %5, ipsr"
                     : "=r"(control), "=r"(primask), "=r"(basepri), "=r"(msp), "=r"(psp), "=r"(ipsr));
    return control ^ primask << 4 ^ basepri << 8 ^ msp ^ psp << 1 ^ ipsr << 20;
}

/* SVC: the frame is on the stack EXC_RETURN bit 2 names; the immediate is in the SVC instruction before the stacked PC */
__attribute__((naked)) void svc_handler(void) {
    __asm__ volatile("tst lr, #4\n\tite eq\n\tmrseq r0, msp\n\tmrsne r0, psp\n\tmov r1, lr\n\tb svc_body");
}

__attribute__((used)) void svc_body(uint32_t *frame, uint32_t exc_return) {
    uint32_t pc = frame[6];
    uint32_t imm = *(uint16_t *) (pc - 2) & 0xFF;
    note(0x5C000000 | imm << 16 | (exc_return & 0xFF));
    note(special_registers());
    if (imm == 1) {
        uint32_t control;
        __asm__ volatile("mrs %0, control" : "=r"(control));
        __asm__ volatile("msr control, %0\n\tisb" : : "r"(control & ~1u)); /* back to privileged */
    }
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

void irq_handler(void) {
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    uint32_t irq = ipsr - 16;
    note(0x10000000 | irq << 8 | (NVIC_ISPR0 & 0xFF));
    if (irq == 0) {
        NVIC_ISPR0 = 1u << 1; /* higher priority: preempts now */
        NVIC_ISPR0 = 1u << 2; /* lower priority: tail-chained after this handler */
        note(0x11000000 | counter);
    }
    counter += irq + 1;
}

/* UsageFault: record CFSR, clear it, skip the faulting instruction (16- or 32-bit) */
__attribute__((naked)) void usagefault_handler(void) {
    __asm__ volatile("tst lr, #4\n\tite eq\n\tmrseq r0, msp\n\tmrsne r0, psp\n\tb fault_body");
}

__attribute__((used)) void fault_body(uint32_t *frame) {
    uint32_t cfsr = CFSR;
    CFSR = cfsr;
    uint32_t pc = frame[6];
    uint16_t hw = *(uint16_t *) pc;
    frame[6] = pc + ((hw & 0xE000) == 0xE000 && (hw & 0x1800) ? 4 : 2);
    note(0xFA000000 | cfsr);
}

__attribute__((noinline)) static uint32_t svc_call(uint32_t x) {
    register uint32_t r0 __asm__("r0") = x;
    __asm__ volatile("svc #7" : "+r"(r0) : : "memory");
    return r0;
}

__attribute__((noinline)) static uint32_t svc_call_unprivileged(uint32_t x) {
    register uint32_t r0 __asm__("r0") = x;
    __asm__ volatile("svc #1" : "+r"(r0) : : "memory");
    return r0;
}

__attribute__((noinline)) static uint32_t faults(uint32_t x) {
    uint32_t r = 0;
    __asm__ volatile("udf #3" ::: "memory");
    __asm__ volatile("udf.w #300" ::: "memory");
    CCR = CCR_STKALIGN | 1u << 4; /* DIV_0_TRP */
    uint32_t zero = 0, q = 5;
    __asm__ volatile("udiv %0, %1, %2" : "+r"(q) : "r"(x), "r"(zero) : "memory");
    CCR = CCR_STKALIGN;
    __asm__ volatile("udiv %0, %1, %2" : "=r"(q) : "r"(x), "r"(zero) : "memory");
    r += q;
    CCR = CCR_STKALIGN | 1u << 3; /* UNALIGN_TRP */
    volatile uint8_t *bytes = (volatile uint8_t *) log_buf;
    uint32_t v = 0x77;
    __asm__ volatile("ldr %0, [%1, #1]" : "+r"(v) : "r"(bytes) : "memory");
    CCR = CCR_STKALIGN;
    __asm__ volatile("ldr %0, [%1, #3]" : "=r"(v) : "r"(bytes) : "memory");
    return r + v;
}

#ifdef __ARM_FP
__attribute__((noinline)) static float fp_work(float a, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        a = a * 1.0001f + 0.5f;
        if (i == 2) {
            ICSR = 1u << 28; /* PendSV while the FP context is active: extended frame, lazy preservation */
        }
    }
    return a;
}
#endif


int main(void) {
    uint32_t sum = 0;
    SHCSR |= 1u << 18; /* USGFAULTENA */
    SHPR2 = 0x80u << 24;            /* SVCall priority 0x80 */
    SHPR3 = 0xE0u << 16 | 0xF0u << 24; /* PendSV lowest, SysTick just above */
    NVIC_IPR(0) = 0x60;
    NVIC_IPR(1) = 0x20; /* preempts IRQ 0 */
    NVIC_IPR(2) = 0xA0; /* tail-chains after IRQ 0 */
    NVIC_IPR(3) = 0x40;
    NVIC_ISER0 = 0xF;
    for (uint32_t pass = 0; pass < PASSES; pass++) {
        sum += svc_call(pass);
        ICSR = 1u << 28; /* PENDSVSET */
        sum ^= counter;
        ICSR = 1u << 26; /* PENDSTSET */
        NVIC_ISPR0 = 1u << 0;
        sum += counter + special_registers();

        __asm__ volatile("cpsid i" ::: "memory");
        ICSR = 1u << 28;
        NVIC_ISPR0 = 1u << 3;
        sum += counter; /* nothing taken yet */
        note(ICSR);
        __asm__ volatile("cpsie i" ::: "memory");
        sum += counter;

        uint32_t basepri = 0x40;
        __asm__ volatile("msr basepri, %0" : : "r"(basepri) : "memory");
        NVIC_ISPR0 = 1u << 3;  /* priority 0x40: masked */
        NVIC_ISPR0 = 1u << 1;  /* priority 0x20: taken */
        sum ^= counter;
        __asm__ volatile("msr basepri, %0" : : "r"(0) : "memory");
        sum += counter;

        sum += faults(sum);

        /* thread mode on the process stack, then unprivileged, and the SVC that makes it privileged again */
        __asm__ volatile("msr psp, %0\n\t"
                         "mrs r1, control\n\t"
                         "orr r1, r1, #2\n\t"
                         "msr control, r1\n\t"
                         "isb"
                         : : "r"(&psp_stack[512]) : "r1", "memory");
        sum += special_registers();
        ICSR = 1u << 28; /* taken on the process stack */
        uint32_t control;
        __asm__ volatile("mrs %0, control" : "=r"(control));
        __asm__ volatile("msr control, %0\n\tisb" : : "r"(control | 1u) : "memory");
        sum += special_registers();
        sum += svc_call_unprivileged(sum);
        __asm__ volatile("mrs %0, control" : "=r"(control));
        __asm__ volatile("msr control, %0\n\tisb" : : "r"(control & ~3u) : "memory"); /* back to MSP */
        sum += special_registers();
#ifdef __ARM_FP
        float f = fp_work((float) pass, 5);
        uint32_t fb;
        __builtin_memcpy(&fb, &f, 4);
        sum += fb;
        __asm__ volatile("mrs %0, control" : "=r"(control));
        sum += control;
#endif
        results[pass & 15] = sum;
    }
    return (int) sum;
}
