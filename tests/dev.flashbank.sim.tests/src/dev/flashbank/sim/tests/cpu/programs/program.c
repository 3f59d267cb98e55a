/*
 * Compiled code for ThumbProgramTest: what arm-none-eabi-gcc makes of ordinary C for ARMv6-M (Cortex-M0+: libgcc's
 * software division, 64-bit helpers, Thumb-1 case tables, LDM/STM struct copies) and ARMv7E-M (Cortex-M7). Each
 * result lands in results[]; the test computes the same values in Java.
 */
#include <stdint.h>

__attribute__((section(".results"))) volatile uint32_t results[16];

static uint8_t buffer[256];
static int32_t values[24];

struct block { uint32_t a, b, c, d, e; };
static struct block blocks[4];

static uint32_t crc32(const uint8_t *p, int n) {
    uint32_t crc = 0xFFFFFFFFu;
    for (int i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
        }
    }
    return ~crc;
}

static uint32_t state; /* .bss: the image has no .data to copy (crt0 has no copy loop) */
static uint32_t next(void) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

__attribute__((noinline)) static int classify(int x) {
    switch (x & 15) {
    case 0: return 11; case 1: return 23; case 2: return 5; case 3: return 97;
    case 4: return 2; case 5: return 64; case 6: return 7; case 7: return 13;
    case 8: return 41; case 9: return 3; case 10: return 88; default: return -1;
    }
}

typedef int32_t (*binop)(int32_t, int32_t);
__attribute__((noinline)) static int32_t add(int32_t a, int32_t b) { return a + b; }
__attribute__((noinline)) static int32_t sub(int32_t a, int32_t b) { return a - b; }
static binop const ops[2] = { add, sub };

int main(void) {
    state = 0x12345678u;
    for (int i = 0; i < 256; i++) {
        buffer[i] = (uint8_t) i;
    }
    results[0] = crc32(buffer, 256);

    uint32_t udiv = 0, umod = 0;
    int32_t sdiv = 0, smod = 0;
    for (int i = 0; i < 64; i++) {
        uint32_t a = next(), b = (next() >> (i & 31)) | 1;
        udiv += a / b;
        umod += a % b;
        sdiv += (int32_t) a / (int32_t) b;
        smod += (int32_t) a % (int32_t) b;
    }
    results[1] = udiv;
    results[2] = umod;
    results[3] = (uint32_t) sdiv;
    results[4] = (uint32_t) smod;

    uint64_t prod = 1, quot = 0;
    for (int i = 0; i < 16; i++) {
        uint64_t a = (uint64_t) next() << 32; /* one call per statement: C leaves the order of operands open */
        a |= next();
        uint64_t b = (next() >> (i + 1)) | 1;
        prod = prod * a + b;
        quot += a / b + a % b;
    }
    results[5] = (uint32_t) prod;
    results[6] = (uint32_t) (prod >> 32);
    results[7] = (uint32_t) quot;
    results[8] = (uint32_t) (quot >> 32);

    uint32_t cls = 0;
    for (int i = 0; i < 40; i++) {
        cls = cls * 3u + (uint32_t) classify((int) next());
    }
    results[9] = cls;

    for (int i = 0; i < 24; i++) {
        values[i] = (int32_t) next() >> (i & 7);
    }
    for (int i = 1; i < 24; i++) { /* insertion sort */
        int32_t v = values[i];
        int j = i - 1;
        while (j >= 0 && values[j] > v) {
            values[j + 1] = values[j];
            j--;
        }
        values[j + 1] = v;
    }
    uint32_t sorted = 0;
    for (int i = 0; i < 24; i++) {
        sorted = sorted * 31 + (uint32_t) values[i];
    }
    results[10] = sorted;

    for (int i = 0; i < 4; i++) {
        struct block b;
        b.a = next();
        b.b = next();
        b.c = next();
        b.d = next();
        b.e = next();
        blocks[(i + 1) & 3] = b;
    }
    struct block copy = blocks[2];
    results[11] = copy.a ^ copy.b ^ copy.c ^ copy.d ^ copy.e;

    int32_t acc = 0;
    for (int i = 0; i < 10; i++) {
        acc = ops[i & 1](acc, (int32_t) next());
    }
    results[12] = (uint32_t) acc;

    int64_t s64 = 0;
    for (int i = 0; i < 8; i++) {
        int64_t a = (int32_t) next(), b = (int32_t) next();
        s64 += a * b;
        s64 >>= 1;
    }
    results[13] = (uint32_t) s64;
    results[14] = (uint32_t) (s64 >> 32);
    results[15] = 0xD0D0D0D0u;
    return 0;
}
