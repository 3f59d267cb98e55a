/*
 * FP extension: single precision on both profiles (FPv4-SP on the M4, FPv5 on the M7), double precision on the M7
 * (FPv5-D16). Arithmetic (VADD/VSUB/VMUL/VDIV/VNMUL/VNEG/VABS), fused and chained multiply-accumulate
 * (VFMA/VFMS/VFNMA, VMLA/VMLS), VSQRT, conversions (float <-> integer, round-to-zero and FPSCR rounding, fixed
 * point with fraction bits, single <-> double, half precision VCVTB/VCVTT), compares (VCMP/VCMPE + VMRS APSR_nzcv,
 * unordered NaNs), the FPSCR: rounding modes, flush-to-zero, default NaN and the cumulative exception flags; FPv5:
 * VSEL, VMAXNM/VMINNM, VRINT*, VCVTA/N/P/M. Operands are a mix of random bit patterns (NaNs, infinities,
 * subnormals included) and ordinary values.
 */
#include <stdint.h>

#ifndef PASSES
#define PASSES 400
#endif

uint32_t results[64];
uint32_t fpscr_seen[64];
static uint32_t state = 0x9E3779B9u;

static uint32_t next(void) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

static float as_float(uint32_t bits) {
    float f;
    __builtin_memcpy(&f, &bits, 4);
    return f;
}

static uint32_t bits_of(float f) {
    uint32_t b;
    __builtin_memcpy(&b, &f, 4);
    return b;
}

static uint32_t get_fpscr(void) {
    uint32_t v;
    __asm__ volatile("vmrs %0, fpscr" : "=r"(v));
    return v;
}

static void set_fpscr(uint32_t v) {
    __asm__ volatile("vmsr fpscr, %0" : : "r"(v));
}

/* an operand: mostly ordinary numbers, sometimes a raw pattern (NaN, infinity, subnormal, zero) */
static float operand(void) {
    uint32_t r = next();
    switch (r & 7) {
    case 0: return as_float(next());
    case 1: return as_float(r & 0x807FFFFFu); /* subnormal or zero */
    case 2: return (float) (int32_t) next() / 65536.0f;
    default: return (float) (int32_t) (r >> 8) / (float) ((r & 0xFF) + 1);
    }
}

__attribute__((noinline)) static uint32_t single(float a, float b, float c) {
    uint32_t r = 0;
    r += bits_of(a + b) ^ bits_of(a - c) ^ bits_of(b * c);
    r += bits_of(a / (b + 1.0f));
    r += bits_of(-(a * b)) ^ bits_of(__builtin_fabsf(c)) ^ bits_of(-c);
    r += bits_of(__builtin_sqrtf(__builtin_fabsf(a)));
    r += bits_of(__builtin_sqrtf(b)); /* negative: default NaN, IOC */
    r += bits_of(__builtin_fmaf(a, b, c)) ^ bits_of(__builtin_fmaf(-a, c, b)) ^ bits_of(__builtin_fmaf(a, b, -c));
    float m = c;
    __asm__("vmla.f32 %0, %1, %2" : "+t"(m) : "t"(a), "t"(b));
    __asm__("vmls.f32 %0, %1, %2" : "+t"(m) : "t"(b), "t"(c));
    __asm__("vnmla.f32 %0, %1, %2" : "+t"(m) : "t"(a), "t"(c));
    __asm__("vfnms.f32 %0, %1, %2" : "+t"(m) : "t"(c), "t"(b));
    r ^= bits_of(m);
    r += (uint32_t) (int32_t) a + (uint32_t) b; /* VCVT round to zero, saturating */
    float rounded;
    __asm__("vcvtr.s32.f32 %0, %1" : "=t"(rounded) : "t"(c));
    r ^= bits_of(rounded);
    r += bits_of((float) (int32_t) next()) ^ bits_of((float) next());
    float fixed = a;
    __asm__("vcvt.s32.f32 %0, %0, #12" : "+t"(fixed));
    r += bits_of(fixed);
    __asm__("vcvt.f32.u16 %0, %0, #5" : "+t"(fixed));
    r ^= bits_of(fixed);
    float half = b;
    __asm__("vcvtb.f16.f32 %0, %1\n\tvcvtt.f16.f32 %0, %2" : "+t"(half) : "t"(a), "t"(c));
    r += bits_of(half);
    __asm__("vcvtt.f32.f16 %0, %0" : "+t"(half));
    r ^= bits_of(half);
    r += (a < b) + 2 * (a >= c) + 4 * (b == c) + 8 * (a != a) + 16 * __builtin_isunordered(a, c);
    uint32_t flags;
    __asm__ volatile("vcmpe.f32 %1, %2\n\tvmrs APSR_nzcv, fpscr\n\tmrs %0, apsr" : "=r"(flags) : "t"(a), "t"(b));
    r += flags >> 28;
    __asm__ volatile("vcmp.f32 %1, #0\n\tvmrs APSR_nzcv, fpscr\n\tmrs %0, apsr" : "=r"(flags) : "t"(c));
    r += flags >> 28;
    float k;
    __asm__("vmov.f32 %0, #-1.875" : "=t"(k));
    r += bits_of(k * a);
#ifdef CORTEX_M7
    float s;
    __asm__("vcmp.f32 %1, %2\n\tvmrs APSR_nzcv, fpscr\n\tvselgt.f32 %0, %1, %2" : "=t"(s) : "t"(a), "t"(b) : "cc");
    r ^= bits_of(s);
    __asm__("vmaxnm.f32 %0, %1, %2" : "=t"(s) : "t"(a), "t"(c));
    r += bits_of(s);
    __asm__("vminnm.f32 %0, %1, %2" : "=t"(s) : "t"(b), "t"(c));
    r ^= bits_of(s);
    __asm__("vrinta.f32 %0, %1" : "=t"(s) : "t"(c));
    r += bits_of(s);
    __asm__("vrintm.f32 %0, %1" : "=t"(s) : "t"(a));
    r ^= bits_of(s);
    __asm__("vrintx.f32 %0, %1" : "=t"(s) : "t"(b));
    r += bits_of(s);
    __asm__("vrintz.f32 %0, %1" : "=t"(s) : "t"(c));
    r ^= bits_of(s);
    __asm__("vcvtn.s32.f32 %0, %1" : "=t"(s) : "t"(a));
    r += bits_of(s);
    __asm__("vcvtp.u32.f32 %0, %1" : "=t"(s) : "t"(b));
    r ^= bits_of(s);
#endif
    return r;
}

#ifdef CORTEX_M7
static uint64_t bits_of_double(double d) {
    uint64_t b;
    __builtin_memcpy(&b, &d, 8);
    return b;
}

__attribute__((noinline)) static uint32_t dbl(double a, double b, double c) {
    uint64_t r = 0;
    r += bits_of_double(a + b) ^ bits_of_double(a - c) ^ bits_of_double(b * c);
    r += bits_of_double(a / (b - 3.0));
    r += bits_of_double(-(a * c)) ^ bits_of_double(__builtin_fabs(b));
    r += bits_of_double(__builtin_sqrt(__builtin_fabs(c)));
    r += bits_of_double(__builtin_fma(a, b, c)) ^ bits_of_double(__builtin_fma(-b, c, a));
    r += (uint64_t) (int32_t) a + (uint32_t) c;
    r ^= bits_of_double((double) (int32_t) next()) + bits_of_double((double) next());
    r += bits_of((float) a) ^ bits_of((float) c);
    r += bits_of_double((double) (float) b);
    r += (a < b) + 2 * (b >= c) + 4 * (a == c) + 8 * __builtin_isunordered(a, b);
    double s;
    __asm__("vmaxnm.f64 %P0, %P1, %P2" : "=w"(s) : "w"(a), "w"(b));
    r += bits_of_double(s);
    __asm__("vrintp.f64 %P0, %P1" : "=w"(s) : "w"(c));
    r ^= bits_of_double(s);
    return (uint32_t) r ^ (uint32_t) (r >> 32);
}

static double dbl_operand(void) {
    uint32_t r = next();
    if ((r & 7) == 0) {
        uint64_t b = (uint64_t) next() << 32 | next();
        double d;
        __builtin_memcpy(&d, &b, 8);
        return d;
    }
    return (double) (int32_t) next() / (double) ((r & 0xFFFF) + 1);
}
#endif

int main(void) {
    uint32_t sum = 0;
    for (int pass = 0; pass < PASSES; pass++) {
        /* rounding mode, flush-to-zero and default NaN vary; the cumulative flags are cleared each pass */
        uint32_t mode = (uint32_t) (pass & 3) << 22 | (pass & 4 ? 1u << 24 : 0) | (pass & 8 ? 1u << 25 : 0);
        set_fpscr(mode);
        sum += single(operand(), operand(), operand());
#ifdef CORTEX_M7
        sum ^= dbl(dbl_operand(), dbl_operand(), dbl_operand());
#endif
        fpscr_seen[pass & 63] = get_fpscr();
        results[pass & 63] = sum;
    }
    return (int) sum;
}
