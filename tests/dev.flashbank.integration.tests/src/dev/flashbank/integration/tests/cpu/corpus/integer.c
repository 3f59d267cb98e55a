/*
 * Integer instruction classes, driven by a xorshift generator so every pass sees new operands: ALU with shifts and
 * modified immediates (compiled code), IT blocks (conditional expressions), LDM/STM (structure copies, push/pop,
 * explicit ldm/stm), bitfields (bfi/bfc/ubfx/sbfx), multiply and long multiply, divide (SDIV/UDIV, including by
 * zero: 0 with CCR.DIV_0_TRP clear), exclusive access (LDREX/STREX/CLREX, the __atomic builtins), table branches
 * (switch -> TBB/TBH), and the DSP extension through ACLE intrinsics and inline assembly (saturating, SIMD with
 * GE flags + SEL, dual 16-bit multiplies, long accumulates, packing, extends).
 * Results go to RAM (results[], scratch[]) so the test's memory comparison sees them.
 * The ARMv6-M build (Cortex-M0+, no Thumb-2: __ARM_ARCH_ISA_THUMB == 1) keeps the compiled C - where divides,
 * count-leading-zeros and long multiplies become libgcc's Thumb-1 routines and switches its case-table helpers -
 * and replaces the ARMv7-M-only inline assembly with ARMv6-M forms: low-register LDM/STM with writeback, PUSH/POP,
 * a PRIMASK critical section instead of exclusive access, and an ADCS/SBCS/flags chain instead of the DSP part.
 */
#include <stdint.h>
#include <arm_acle.h>

#if __ARM_ARCH_ISA_THUMB >= 2
#define THUMB2 1
#else
#define THUMB2 0
#endif

#ifndef PASSES
#define PASSES 450
#endif

uint32_t results[64];
uint32_t scratch[128];
volatile uint32_t shared_word;
volatile uint16_t shared_half;
volatile uint8_t shared_byte;
static uint32_t state = 0x2545F491u;

static uint32_t next(void) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

struct packed_bits {
    unsigned a : 3, b : 7, c : 5, d : 9, e : 8;
};

struct record {
    uint32_t w[7];
};

__attribute__((noinline)) static uint32_t alu(uint32_t x, uint32_t y) {
    uint32_t r = x + (y << 3);
    r ^= (x >> 5) | (y << 27);
    r -= ~x & 0x00FF00FFu;
    r += (int32_t) y >> 7;
    r = (r << (y & 31)) | (r >> ((32 - (y & 31)) & 31));
    r |= 0xAB00AB00u & x;
    r += __builtin_clz(x | 1) + __builtin_ctz(y | 0x80000000u);
    r ^= __builtin_bswap32(y) + __builtin_bswap16((uint16_t) x);
    uint64_t wide = (uint64_t) x + y;
    r += (uint32_t) (wide >> 32);
    return r;
}

__attribute__((noinline)) static int32_t conditional(int32_t a, int32_t b, int32_t c) {
    int32_t r = a > b ? a - b : b - a;
    if (c < 0) {
        r = -r;
    }
    r += (a & 1) ? c : (c >> 2);
    r = (uint32_t) a < (uint32_t) b ? r + 1 : r ^ 0x55;
    r = a == c ? 7 : r;
    r += (b >= 0 && c <= 100) ? 3 : -3;
    int32_t m = a < b ? a : b;
    m = m < c ? m : c;
    return r + m;
}

__attribute__((noinline)) static uint32_t bitfields(uint32_t x, uint32_t y) {
    struct packed_bits s;
    __builtin_memcpy(&s, &x, 4);
    s.b = y;
    s.d = s.a + s.e;
    s.c = 0;
    uint32_t out;
    __builtin_memcpy(&out, &s, 4);
    int32_t sx = ((int32_t) (y << 9)) >> 20; /* SBFX */
    uint32_t ux = (x >> 11) & 0x3FF;          /* UBFX */
#if THUMB2
    uint32_t v;
    __asm__("bfi %0, %1, #5, #11" : "=r"(v) : "r"(y), "0"(x));
    __asm__("bfc %0, #20, #6" : "+r"(v));
    uint32_t rb;
    __asm__("rbit %0, %1" : "=r"(rb) : "r"(x));
#else
    uint32_t v = (x & ~(0x7FFu << 5)) | (y & 0x7FF) << 5;
    v &= ~(0x3Fu << 20);
    uint32_t rb, h;
    __asm__("rev %0, %1" : "=l"(rb) : "l"(x));
    __asm__("rev16 %0, %1" : "=l"(h) : "l"(y));
    rb ^= h;
    __asm__("revsh %0, %1" : "=l"(h) : "l"(x));
    rb += h;
#endif
    return out + (uint32_t) sx + ux + v + rb;
}

__attribute__((noinline)) static uint32_t multiply(uint32_t x, uint32_t y, uint32_t z) {
    uint64_t u = (uint64_t) x * y;
    int64_t s = (int64_t) (int32_t) x * (int32_t) z;
    s += (int64_t) (int32_t) y * (int32_t) z; /* SMLAL */
    u += (uint64_t) z * x;                    /* UMLAL */
    uint32_t lo = x, hi = y;
#if THUMB2
    __asm__("umaal %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(z), "r"(x));
#else
    uint64_t maal = (uint64_t) z * x + lo + hi;
    lo = (uint32_t) maal;
    hi = (uint32_t) (maal >> 32);
#endif
    uint32_t mla = x * y + z;
    uint32_t mls = z - x * y;
    return (uint32_t) u ^ (uint32_t) (u >> 32) ^ (uint32_t) s ^ (uint32_t) (s >> 32) ^ lo ^ hi ^ mla ^ mls;
}

__attribute__((noinline)) static uint32_t divide(uint32_t x, uint32_t y) {
    uint32_t d = y >> (x & 31); /* sometimes 0 */
    uint32_t q, r;
#if THUMB2
    __asm__("udiv %0, %1, %2" : "=r"(q) : "r"(x), "r"(d));
    int32_t sq;
    __asm__("sdiv %0, %1, %2" : "=r"(sq) : "r"((int32_t) x), "r"((int32_t) (d | (y & 0x80000000u))));
    int32_t min = INT32_MIN, m1 = -1, ov;
    __asm__("sdiv %0, %1, %2" : "=r"(ov) : "r"(min), "r"(m1)); /* overflow: INT32_MIN */
#else
    /* libgcc's __aeabi_uidiv/__aeabi_idiv (shift-and-subtract in Thumb-1); not by zero (__aeabi_idiv0) */
    q = d ? x / d : 0;
    int32_t sd = (int32_t) (d | (y & 0x80000000u));
    int32_t sq = sd ? (int32_t) x / sd : 0;
    volatile int32_t vmin = INT32_MIN + 1, vm1 = -1;
    int32_t ov = vmin / vm1;
#endif
    r = d ? x % d : 0;
    return q + (uint32_t) sq + r + (uint32_t) ov;
}

__attribute__((noinline)) static uint32_t block_transfer(uint32_t x) {
    struct record a, b;
    for (int i = 0; i < 7; i++) {
        a.w[i] = x + i * 0x01010101u;
    }
    b = a;
    uint32_t *p = &scratch[(x & 7) * 8];
#if THUMB2
    /* explicit registers: a register list must be ascending */
    register uint32_t r4 __asm__("r4") = x, r5 __asm__("r5") = ~x, r6 __asm__("r6") = x << 1;
    register uint32_t r7 __asm__("r7") = x >> 1;
    __asm__ volatile("stmia %0, {%1, %2, %3, %4}" : : "r"(p), "r"(r4), "r"(r5), "r"(r6), "r"(r7) : "memory");
    uint32_t *q = p + 4;
    __asm__ volatile("stmdb %0!, {%1, %2}" : "+r"(q) : "r"(r4), "r"(r7) : "memory");
    register uint32_t s0 __asm__("r8"), s1 __asm__("r9"), s2 __asm__("r10");
    __asm__ volatile("ldmia %3!, {%0, %1, %2}" : "=r"(s0), "=r"(s1), "=r"(s2), "+r"(q) : : "memory");
    uint64_t d = ((uint64_t) s1 << 32) | s0;
    __asm__ volatile("strd %Q1, %R1, [%0, #8]" : : "r"(p), "r"(d) : "memory");
    return b.w[(x >> 3) % 7] + s0 + s1 + s2 + (uint32_t) (uintptr_t) q;
#else
    /* ARMv6-M: STM always writes back, LDM writes back unless the base is in the list; PUSH/POP with high LR */
    uint32_t *q = p;
    register uint32_t r4 __asm__("r4") = x, r5 __asm__("r5") = ~x, r6 __asm__("r6") = x << 1;
    register uint32_t r7 __asm__("r7") = x >> 1;
    __asm__ volatile("stmia %0!, {%1, %2, %3, %4}" : "+l"(q) : "l"(r4), "l"(r5), "l"(r6), "l"(r7) : "memory");
    register uint32_t s0 __asm__("r1"), s1 __asm__("r2"), s2 __asm__("r3");
    __asm__ volatile("subs %3, #12\n\tldmia %3!, {%0, %1, %2}" : "=l"(s0), "=l"(s1), "=l"(s2), "+l"(q) : : "memory");
    register uint32_t *base __asm__("r0") = p;
    register uint32_t t1 __asm__("r1"), t2 __asm__("r2");
    __asm__ volatile("ldmia %0, {%0, %1, %2}" : "+l"(base), "=l"(t1), "=l"(t2) : : "memory"); /* base in the list */
    return b.w[(x >> 3) % 7] + s0 + s1 + s2 + (uint32_t) (uintptr_t) q + (uint32_t) (uintptr_t) base + t1 + t2;
#endif
}

#if !THUMB2
/* PUSH/POP with LR, SP read into a low register, a stacked word read back */
__attribute__((noinline)) static uint32_t stack_ops(uint32_t x) {
    uint32_t out;
    __asm__ volatile("mov r5, %1\n\tpush {r4, r5, lr}\n\tmov r4, sp\n\tldr %0, [r4, #4]\n\tadd %0, r4\n\t"
                     "pop {r4, r5}\n\tpop {r3}\n\tmov lr, r3"
                     : "=l"(out) : "l"(x) : "r3", "r4", "r5", "memory");
    return out;
}
#endif

#if THUMB2
__attribute__((noinline)) static uint32_t exclusive(uint32_t x) {
    uint32_t old = __atomic_fetch_add(&shared_word, x, __ATOMIC_RELAXED);
    uint16_t h = __atomic_fetch_xor(&shared_half, (uint16_t) x, __ATOMIC_RELAXED);
    uint8_t b = __atomic_fetch_or(&shared_byte, (uint8_t) (x >> 8), __ATOMIC_RELAXED);
    uint32_t expected = x;
    __atomic_compare_exchange_n(&shared_word, &expected, old, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
    uint32_t status, v;
    __asm__ volatile("ldrex %0, [%2]\n\tclrex\n\tstrex %1, %0, [%2]" : "=&r"(v), "=&r"(status) : "r"(&scratch[3])
                     : "memory");
    return old + h + b + expected + status * 0x100 + v;
}
#else
/* ARMv6-M has no exclusive access: the same updates in a PRIMASK critical section (MRS/CPSID/MSR) */
__attribute__((noinline)) static uint32_t exclusive(uint32_t x) {
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=l"(primask) : : "memory");
    uint32_t old = shared_word;
    shared_word = old + x;
    uint16_t h = shared_half;
    shared_half = h ^ (uint16_t) x;
    uint8_t b = shared_byte;
    shared_byte = b | (uint8_t) (x >> 8);
    uint32_t inside;
    __asm__ volatile("mrs %0, primask" : "=l"(inside));
    __asm__ volatile("msr primask, %0" : : "l"(primask) : "memory");
    return old + h + b + inside * 0x100 + primask;
}
#endif

__attribute__((noinline)) static uint32_t dispatch(uint32_t x) {
    switch (x % 11) {
    case 0: return x + 1;
    case 1: return x ^ 0x1234;
    case 2: return x * 3;
    case 3: return x >> 3;
    case 4: return ~x;
    case 5: return x - 77;
    case 6: return x | 0x8000;
    case 7: return x & 0xFFFF;
    case 8: return x << 2;
    case 9: return x + (x >> 16);
    default: return 0;
    }
}

#if THUMB2
__attribute__((noinline)) static uint32_t dsp(uint32_t x, uint32_t y, uint32_t z) {
    uint32_t r = 0;
    r += (uint32_t) __ssat((int32_t) x, 12) + __usat((int32_t) y, 9);
    r += (uint32_t) __qadd((int32_t) x, (int32_t) y) ^ (uint32_t) __qsub((int32_t) y, (int32_t) z);
    r += (uint32_t) __qdbl((int32_t) z);
    r ^= __qadd8(x, y) + __qsub8(y, z) + __qadd16(x, z) + __qsub16(z, y);
    r ^= __sadd8(x, y);
    r ^= __sel(x, y);
    r += __uadd8(y, z);
    r ^= __sel(z, x);
    r += __ssub16(x, y) + __usub16(z, x);
    r ^= __sel(y, z);
    r += __uqadd8(x, y) + __uqsub16(y, z) + __shadd8(x, z) + __uhsub16(y, x);
    r += __sasx(x, y) ^ __ssax(y, z) ^ __qasx(z, x) ^ __uhsax(x, z) ^ __usax(y, x);
    r ^= __sel(x, z);
    r += __usad8(x, y) + __usada8(y, z, x);
    r += (uint32_t) __smlad(x, y, (int32_t) z) ^ (uint32_t) __smladx(y, z, (int32_t) x);
    r += (uint32_t) __smlsd(x, z, (int32_t) y) ^ (uint32_t) __smlsdx(z, y, (int32_t) x);
    r += (uint32_t) __smuad(x, y) ^ (uint32_t) __smusdx(y, z);
    int64_t acc = (int64_t) ((uint64_t) x << 32 | y);
    acc = __smlald(x, z, acc);
    acc = __smlsldx(y, z, acc);
    r += (uint32_t) acc ^ (uint32_t) (acc >> 32);
    uint32_t h1, h2;
    __asm__("smulbb %0, %1, %2" : "=r"(h1) : "r"(x), "r"(y));
    __asm__("smultt %0, %1, %2" : "=r"(h2) : "r"(y), "r"(z));
    r += h1 + h2;
    __asm__("smulwt %0, %1, %2" : "=r"(h1) : "r"(z), "r"(x));
    r ^= h1;
    r += (uint32_t) __smlabb((int32_t) x, (int32_t) z, (int32_t) y) ^ (uint32_t) __smlatb((int32_t) z, (int32_t) x, 5);
    r += (uint32_t) __smlawb((int32_t) x, (int32_t) y, (int32_t) z);
    r += __ssat16(x, 10) + __usat16(y, 7);
    r += __sxtb16(x) + __uxtb16(y) + __sxtab16(z, x) + __uxtab16(x, y);
    uint32_t mm, pk, pk2;
    __asm__("smmulr %0, %1, %2" : "=r"(mm) : "r"(x), "r"(y));
    r ^= mm;
    __asm__("smmls %0, %1, %2, %3" : "=r"(mm) : "r"(y), "r"(z), "r"(x));
    r ^= mm;
    __asm__("pkhbt %0, %1, %2, lsl #9" : "=r"(pk) : "r"(x), "r"(y));
    __asm__("pkhtb %0, %1, %2, asr #13" : "=r"(pk2) : "r"(y), "r"(z));
    r += pk ^ pk2;
    uint32_t qd;
    __asm__("qdsub %0, %1, %2" : "=r"(qd) : "r"(x), "r"(z));
    r += qd;
    uint32_t apsr;
    __asm__ volatile("mrs %0, apsr" : "=r"(apsr));
    r += apsr & 0x080F0000u; /* Q and GE */
    __asm__ volatile("msr apsr_nzcvq, %0" : : "r"(0)); /* clear the sticky Q */
    uint32_t ext = (uint32_t) (int8_t) x + (uint32_t) (int16_t) y + (uint8_t) z + (uint16_t) (x >> 3);
    __asm__("uxtah %0, %1, %2, ror #8" : "=r"(pk) : "r"(z), "r"(x));
    __asm__("sxtab %0, %1, %2, ror #16" : "=r"(pk2) : "r"(x), "r"(y));
    return r + ext + pk + pk2;
}
#else
/* ARMv6-M: the carry chain, flag-setting shifts by register, NEGS, and the APSR through MRS/MSR */
__attribute__((noinline)) static uint32_t dsp(uint32_t x, uint32_t y, uint32_t z) {
    uint32_t a = x, b = y, c = z, d = x ^ z, f1, f2, f3;
    __asm__ volatile("adds %0, %0, %2\n\tadcs %1, %3\n\tmrs %4, apsr\n\t"
                     "subs %0, %0, %3\n\tsbcs %1, %2\n\tmrs %5, apsr\n\t"
                     "lsls %2, %3\n\trors %3, %0\n\tasrs %0, %1\n\tnegs %1, %1\n\tmrs %6, apsr\n\t"
                     "msr apsr_nzcvq, %2\n\tadcs %2, %3"
                     : "+l"(a), "+l"(b), "+l"(c), "+l"(d), "=&l"(f1), "=&l"(f2), "=&l"(f3));
    uint32_t ext = (uint32_t) (int8_t) x + (uint32_t) (int16_t) y + (uint8_t) z + (uint16_t) (x >> 3);
    return a + b + c + d + (f1 >> 28) + (f2 & 0xF0000000u) + (f3 ^ 0x10000000u) + ext + x * y - z;
}
#endif

int main(void) {
    uint32_t sum = 0;
    for (int pass = 0; pass < PASSES; pass++) {
        uint32_t x = next(), y = next(), z = next();
        if (pass & 1) {
            y &= 0xFF;
        }
        sum += alu(x, y);
        sum ^= (uint32_t) conditional((int32_t) x, (int32_t) y, (int32_t) z);
        sum += bitfields(x, z);
        sum ^= multiply(x, y, z);
        sum += divide(x, y);
        sum ^= block_transfer(x ^ sum);
        sum += exclusive(y);
        sum ^= dispatch(z);
        sum += dsp(x, y, z);
#if !THUMB2
        sum ^= stack_ops(sum);
#endif
        results[pass & 63] = sum;
    }
    return (int) sum;
}
