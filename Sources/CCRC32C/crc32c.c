// CRC-32C with the CPU's own instruction, chosen at run time; StageProtocol falls back to its
// table-driven Swift code where neither is present. No I/O, no allocation, no state but a flag.
#include "vtrans_crc32c.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>
#include <pthread.h>

// Three independent streams keep the crc32 instruction's pipeline full (it takes three cycles
// and can start one a cycle); their CRCs are joined by "append this many zero bytes" operators
// applied through tables. The method is Mark Adler's (crc32c.c, zlib licence).
enum { LONG = 8192, SHORT = 256 };
static uint32_t long_shift[4][256];
static uint32_t short_shift[4][256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static uint32_t gf2_times(const uint32_t *matrix, uint32_t vector) {
    uint32_t sum = 0;
    for (; vector != 0; vector >>= 1, matrix++) {
        if (vector & 1) sum ^= *matrix;
    }
    return sum;
}

static void gf2_square(uint32_t *square, const uint32_t *matrix) {
    for (int n = 0; n < 32; n++) square[n] = gf2_times(matrix, matrix[n]);
}

// The operator that appends `length` zero bytes (a power of two) to a CRC.
static void zeros_operator(uint32_t *even, size_t length) {
    uint32_t odd[32];
    odd[0] = 0x82F63B78;
    for (int n = 1; n < 32; n++) odd[n] = 1u << (n - 1);
    gf2_square(even, odd);
    gf2_square(odd, even);
    do {
        gf2_square(even, odd);
        length >>= 1;
        if (length == 0) return;
        gf2_square(odd, even);
        length >>= 1;
    } while (length);
    for (int n = 0; n < 32; n++) even[n] = odd[n];
}

static void shift_table(uint32_t table[4][256], size_t length) {
    uint32_t op[32];
    zeros_operator(op, length);
    for (uint32_t n = 0; n < 256; n++) {
        table[0][n] = gf2_times(op, n);
        table[1][n] = gf2_times(op, n << 8);
        table[2][n] = gf2_times(op, n << 16);
        table[3][n] = gf2_times(op, n << 24);
    }
}

static void make_tables(void) {
    shift_table(long_shift, LONG);
    shift_table(short_shift, SHORT);
}

static inline uint32_t shift(uint32_t table[4][256], uint32_t crc) {
    return table[0][crc & 0xFF] ^ table[1][(crc >> 8) & 0xFF] ^ table[2][(crc >> 16) & 0xFF] ^ table[3][crc >> 24];
}

int vtrans_crc32c_hardware_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || (ecx & bit_SSE4_2) == 0) return 0;
    pthread_once(&tables_once, make_tables);
    return 1;
}

static inline uint64_t load64(const unsigned char *p) {
    uint64_t word;
    memcpy(&word, p, 8);
    return word;
}

__attribute__((target("sse4.2")))
static const unsigned char *three_streams(uint64_t *crc, const unsigned char *p, size_t *count, size_t block, uint32_t table[4][256]) {
    uint64_t crc0 = *crc;
    while (*count >= 3 * block) {
        uint64_t crc1 = 0, crc2 = 0;
        const unsigned char *end = p + block;
        do {
            crc0 = _mm_crc32_u64(crc0, load64(p));
            crc1 = _mm_crc32_u64(crc1, load64(p + block));
            crc2 = _mm_crc32_u64(crc2, load64(p + 2 * block));
            p += 8;
        } while (p < end);
        crc0 = shift(table, (uint32_t)crc0) ^ crc1;
        crc0 = shift(table, (uint32_t)crc0) ^ crc2;
        p += 2 * block;
        *count -= 3 * block;
    }
    *crc = crc0;
    return p;
}

__attribute__((target("sse4.2")))
uint32_t vtrans_crc32c_hardware(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    uint64_t state = ~crc;
    while (count > 0 && ((uintptr_t)p & 7) != 0) {
        state = _mm_crc32_u8((uint32_t)state, *p++);
        count--;
    }
    p = three_streams(&state, p, &count, LONG, long_shift);
    p = three_streams(&state, p, &count, SHORT, short_shift);
    while (count >= 8) {
        state = _mm_crc32_u64(state, load64(p));
        p += 8;
        count -= 8;
    }
    while (count > 0) {
        state = _mm_crc32_u8((uint32_t)state, *p++);
        count--;
    }
    return ~(uint32_t)state;
}

#elif defined(__aarch64__) && defined(__linux__)
#include <arm_acle.h>
#include <sys/auxv.h>
#ifndef HWCAP_CRC32
#define HWCAP_CRC32 (1 << 7)
#endif

int vtrans_crc32c_hardware_available(void) {
    return (getauxval(AT_HWCAP) & HWCAP_CRC32) != 0;
}

__attribute__((target("+crc")))
uint32_t vtrans_crc32c_hardware(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    uint32_t state = ~crc;
    while (count > 0 && ((uintptr_t)p & 7) != 0) {
        state = __crc32cb(state, *p++);
        count--;
    }
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        state = __crc32cd(state, word);
        p += 8;
        count -= 8;
    }
    while (count > 0) {
        state = __crc32cb(state, *p++);
        count--;
    }
    return ~state;
}

#else

int vtrans_crc32c_hardware_available(void) { return 0; }

uint32_t vtrans_crc32c_hardware(uint32_t crc, const void *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return crc;
}

#endif
