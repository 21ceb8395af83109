#include "InferenceKernels.h"

#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define DCML_X86 1
#endif

// ---------------------------------------------------------------------------------------------
// Block layouts (ggml).
typedef struct { uint16_t d; uint8_t qs[16]; } block_q4_0;
typedef struct { uint16_t d; uint16_t m; uint8_t qs[16]; } block_q4_1;
typedef struct { uint16_t d; int8_t qs[32]; } block_q8_0;

static float half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1f;
    uint32_t man = h & 0x3ff;
    uint32_t bits;
    if (exp == 0) {
        if (man == 0) {
            bits = sign;
        } else {
            // Subnormal: normalize.
            int e = -1;
            do { e++; man <<= 1; } while ((man & 0x400) == 0);
            bits = sign | ((uint32_t)(127 - 15 - e) << 23) | ((man & 0x3ff) << 13);
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000 | (man << 13);
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (man << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

void dcml_f16_to_f32(const uint16_t *src, float *dst, int64_t n) {
    for (int64_t i = 0; i < n; i++) dst[i] = half_to_float(src[i]);
}

void dcml_quantize_q8(const float *x, int64_t k, int8_t *qs, float *d, float *s) {
    for (int64_t b = 0; b < k / 32; b++) {
        const float *xb = x + b * 32;
        float amax = 0;
        for (int i = 0; i < 32; i++) amax = fmaxf(amax, fabsf(xb[i]));
        float scale = amax / 127.0f;
        float inv = scale != 0 ? 1.0f / scale : 0.0f;
        int sum = 0;
        for (int i = 0; i < 32; i++) {
            int q = (int)lrintf(xb[i] * inv);
            qs[b * 32 + i] = (int8_t)q;
            sum += q;
        }
        d[b] = scale;
        s[b] = scale * (float)sum;
    }
}

// ---------------------------------------------------------------------------------------------
// Scalar reference kernels: the definition every SIMD level must match.

// Sum over one block of the 4-bit weights (low nibbles are elements 0-15, high 16-31) times
// the int8 activations.
static int q4_block_isum(const uint8_t *qs, const int8_t *q) {
    int isum = 0;
    for (int j = 0; j < 16; j++) isum += (qs[j] & 0xf) * q[j] + (qs[j] >> 4) * q[j + 16];
    return isum;
}

static void q4_0_scalar(const void *w, int64_t k, int64_t r0, int64_t r1, const int8_t *xq,
                        const float *xd, const float *xs, int64_t ncols, float *out, int64_t os) {
    const int64_t nb = k / 32;
    for (int64_t r = r0; r < r1; r++) {
        const block_q4_0 *row = (const block_q4_0 *)w + r * nb;
        for (int64_t c = 0; c < ncols; c++) {
            float acc = 0;
            for (int64_t b = 0; b < nb; b++) {
                int isum = q4_block_isum(row[b].qs, xq + c * k + b * 32);
                acc += half_to_float(row[b].d) * (xd[c * nb + b] * (float)isum - 8.0f * xs[c * nb + b]);
            }
            out[c * os + r] = acc;
        }
    }
}

static void q4_1_scalar(const void *w, int64_t k, int64_t r0, int64_t r1, const int8_t *xq,
                        const float *xd, const float *xs, int64_t ncols, float *out, int64_t os) {
    const int64_t nb = k / 32;
    for (int64_t r = r0; r < r1; r++) {
        const block_q4_1 *row = (const block_q4_1 *)w + r * nb;
        for (int64_t c = 0; c < ncols; c++) {
            float acc = 0;
            for (int64_t b = 0; b < nb; b++) {
                int isum = q4_block_isum(row[b].qs, xq + c * k + b * 32);
                acc += half_to_float(row[b].d) * xd[c * nb + b] * (float)isum
                     + half_to_float(row[b].m) * xs[c * nb + b];
            }
            out[c * os + r] = acc;
        }
    }
}

static void q8_0_scalar(const void *w, int64_t k, int64_t r0, int64_t r1, const int8_t *xq,
                        const float *xd, const float *xs, int64_t ncols, float *out, int64_t os) {
    (void)xs;
    const int64_t nb = k / 32;
    for (int64_t r = r0; r < r1; r++) {
        const block_q8_0 *row = (const block_q8_0 *)w + r * nb;
        for (int64_t c = 0; c < ncols; c++) {
            const int8_t *q = xq + c * k;
            float acc = 0;
            for (int64_t b = 0; b < nb; b++) {
                int isum = 0;
                for (int j = 0; j < 32; j++) isum += row[b].qs[j] * q[b * 32 + j];
                acc += half_to_float(row[b].d) * xd[c * nb + b] * (float)isum;
            }
            out[c * os + r] = acc;
        }
    }
}

static void f16_scalar(const void *w, int64_t k, int64_t r0, int64_t r1, const float *x,
                       int64_t ncols, float *out, int64_t os) {
    for (int64_t r = r0; r < r1; r++) {
        const uint16_t *row = (const uint16_t *)w + r * k;
        for (int64_t c = 0; c < ncols; c++) {
            float acc = 0;
            for (int64_t i = 0; i < k; i++) acc += half_to_float(row[i]) * x[c * k + i];
            out[c * os + r] = acc;
        }
    }
}

static void f32_scalar(const void *w, int64_t k, int64_t r0, int64_t r1, const float *x,
                       int64_t ncols, float *out, int64_t os) {
    for (int64_t r = r0; r < r1; r++) {
        const float *row = (const float *)w + r * k;
        for (int64_t c = 0; c < ncols; c++) {
            float acc = 0;
            for (int64_t i = 0; i < k; i++) acc += row[i] * x[c * k + i];
            out[c * os + r] = acc;
        }
    }
}

#if DCML_X86
// ---------------------------------------------------------------------------------------------
// x86 SIMD. Each block of 32 weights becomes 32 unsigned (Q4) or signed (Q8) bytes in one
// 256-bit register, multiplied with the 32 int8 activations and summed to 8 int32 lanes:
// maddubs+madd on AVX2, one dpbusd on AVX-512 VNNI.

#define TGT_AVX2 __attribute__((target("avx2,fma,f16c")))
#define TGT_VNNI __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))

TGT_AVX2 static inline float hsum256(__m256 v) {
    __m128 lo = _mm256_castps256_ps128(v), hi = _mm256_extractf128_ps(v, 1);
    lo = _mm_add_ps(lo, hi);
    lo = _mm_add_ps(lo, _mm_movehl_ps(lo, lo));
    lo = _mm_add_ss(lo, _mm_movehdup_ps(lo));
    return _mm_cvtss_f32(lo);
}

TGT_AVX2 static inline __m256i unpack_nibbles(const uint8_t *qs) {
    __m128i raw = _mm_loadu_si128((const __m128i *)qs);
    __m128i mask = _mm_set1_epi8(0x0f);
    __m128i lo = _mm_and_si128(raw, mask);
    __m128i hi = _mm_and_si128(_mm_srli_epi16(raw, 4), mask);
    return _mm256_set_m128i(hi, lo);
}

TGT_AVX2 static inline __m256i dot_u8s8_avx2(__m256i u, __m256i s) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
}

TGT_VNNI static inline __m256i dot_u8s8_vnni(__m256i u, __m256i s) {
    return _mm256_dpbusd_epi32(_mm256_setzero_si256(), u, s);
}

// Signed x signed for Q8_0: make the weights unsigned via |w| and move the sign onto x.
TGT_AVX2 static inline __m256i dot_s8s8_avx2(__m256i w, __m256i x) {
    return dot_u8s8_avx2(_mm256_sign_epi8(w, w), _mm256_sign_epi8(x, w));
}

TGT_VNNI static inline __m256i dot_s8s8_vnni(__m256i w, __m256i x) {
    return dot_u8s8_vnni(_mm256_sign_epi8(w, w), _mm256_sign_epi8(x, w));
}

// One tile: R rows x C columns, with R and C compile-time constants after inlining so every
// accumulator lives in a register. Decode (one column) uses 4 rows to share each activation
// load and to run 4 independent FMA chains; prefill and batches use 4 columns per row.
#define DEFINE_Q4_TILE(NAME, TGT, DOT, BLOCK, HAS_MIN)                                                \
TGT static inline __attribute__((always_inline)) void NAME(                                         \
    const BLOCK *w, int64_t nb, int64_t r, const int R, int64_t c0, const int C, int64_t k,          \
    const int8_t *xq, const float *xd, const float *xs, float *out, int64_t os) {                   \
    __m256 acc[4][4];                                                                                 \
    float macc[4][4];                                                                                 \
    for (int i = 0; i < R; i++)                                                                       \
        for (int c = 0; c < C; c++) { acc[i][c] = _mm256_setzero_ps(); macc[i][c] = 0; }             \
    for (int64_t b = 0; b < nb; b++) {                                                                \
        __m256i xv[4];                                                                                \
        for (int c = 0; c < C; c++)                                                                   \
            xv[c] = _mm256_loadu_si256((const __m256i *)(xq + (c0 + c) * k + b * 32));               \
        for (int i = 0; i < R; i++) {                                                                 \
            const BLOCK *blk = w + (r + i) * nb + b;                                                  \
            __m256i wq = unpack_nibbles(blk->qs);                                                     \
            float dw = _cvtsh_ss(blk->d);                                                             \
            float mw = HAS_MIN ? _cvtsh_ss(((const uint16_t *)blk)[1]) : -8.0f * dw;                 \
            for (int c = 0; c < C; c++) {                                                             \
                const int64_t cb = (c0 + c) * nb + b;                                                 \
                __m256 p = _mm256_cvtepi32_ps(DOT(wq, xv[c]));                                        \
                acc[i][c] = _mm256_fmadd_ps(p, _mm256_set1_ps(dw * xd[cb]), acc[i][c]);               \
                macc[i][c] += mw * xs[cb];                                                            \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
    for (int i = 0; i < R; i++)                                                                       \
        for (int c = 0; c < C; c++) out[(c0 + c) * os + r + i] = hsum256(acc[i][c]) + macc[i][c];    \
}

#define DEFINE_Q8_TILE(NAME, TGT, DOT)                                                                \
TGT static inline __attribute__((always_inline)) void NAME(                                         \
    const block_q8_0 *w, int64_t nb, int64_t r, const int R, int64_t c0, const int C, int64_t k,     \
    const int8_t *xq, const float *xd, const float *xs, float *out, int64_t os) {                   \
    (void)xs;                                                                                         \
    __m256 acc[4][4];                                                                                 \
    for (int i = 0; i < R; i++)                                                                       \
        for (int c = 0; c < C; c++) acc[i][c] = _mm256_setzero_ps();                                  \
    for (int64_t b = 0; b < nb; b++) {                                                                \
        __m256i xv[4];                                                                                \
        for (int c = 0; c < C; c++)                                                                   \
            xv[c] = _mm256_loadu_si256((const __m256i *)(xq + (c0 + c) * k + b * 32));               \
        for (int i = 0; i < R; i++) {                                                                 \
            const block_q8_0 *blk = w + (r + i) * nb + b;                                             \
            __m256i wq = _mm256_loadu_si256((const __m256i *)blk->qs);                                \
            float dw = _cvtsh_ss(blk->d);                                                             \
            for (int c = 0; c < C; c++) {                                                             \
                __m256 p = _mm256_cvtepi32_ps(DOT(wq, xv[c]));                                        \
                acc[i][c] = _mm256_fmadd_ps(p, _mm256_set1_ps(dw * xd[(c0 + c) * nb + b]), acc[i][c]); \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
    for (int i = 0; i < R; i++)                                                                       \
        for (int c = 0; c < C; c++) out[(c0 + c) * os + r + i] = hsum256(acc[i][c]);                  \
}

// Walks the output in tiles. One column (decode): 4-row tiles. Several columns (prefill,
// batched decode): row by row, all column tiles of a row together, so each row's weights are
// read from memory once and stay in L1 for every column.
#define DEFINE_MATMUL(NAME, TGT, TILE, BLOCK)                                                         \
TGT static void NAME(const void *w, int64_t k, int64_t r0, int64_t r1, const int8_t *xq,            \
                     const float *xd, const float *xs, int64_t ncols, float *out, int64_t os) {     \
    const int64_t nb = k / 32;                                                                        \
    const BLOCK *wb = (const BLOCK *)w;                                                               \
    if (ncols == 1) {                                                                                 \
        int64_t r = r0;                                                                               \
        for (; r + 4 <= r1; r += 4) TILE(wb, nb, r, 4, 0, 1, k, xq, xd, xs, out, os);               \
        for (; r < r1; r++) TILE(wb, nb, r, 1, 0, 1, k, xq, xd, xs, out, os);                       \
        return;                                                                                       \
    }                                                                                                 \
    for (int64_t r = r0; r < r1; r++) {                                                               \
        int64_t c0 = 0;                                                                               \
        for (; c0 + 4 <= ncols; c0 += 4) TILE(wb, nb, r, 1, c0, 4, k, xq, xd, xs, out, os);         \
        for (; c0 < ncols; c0++) TILE(wb, nb, r, 1, c0, 1, k, xq, xd, xs, out, os);                 \
    }                                                                                                 \
}

DEFINE_Q4_TILE(q4_1_tile_avx2, TGT_AVX2, dot_u8s8_avx2, block_q4_1, 1)
DEFINE_Q4_TILE(q4_1_tile_vnni, TGT_VNNI, dot_u8s8_vnni, block_q4_1, 1)
DEFINE_Q4_TILE(q4_0_tile_avx2, TGT_AVX2, dot_u8s8_avx2, block_q4_0, 0)
DEFINE_Q4_TILE(q4_0_tile_vnni, TGT_VNNI, dot_u8s8_vnni, block_q4_0, 0)
DEFINE_Q8_TILE(q8_0_tile_avx2, TGT_AVX2, dot_s8s8_avx2)
DEFINE_Q8_TILE(q8_0_tile_vnni, TGT_VNNI, dot_s8s8_vnni)

DEFINE_MATMUL(q4_1_avx2, TGT_AVX2, q4_1_tile_avx2, block_q4_1)
DEFINE_MATMUL(q4_1_vnni, TGT_VNNI, q4_1_tile_vnni, block_q4_1)
DEFINE_MATMUL(q4_0_avx2, TGT_AVX2, q4_0_tile_avx2, block_q4_0)
DEFINE_MATMUL(q4_0_vnni, TGT_VNNI, q4_0_tile_vnni, block_q4_0)
DEFINE_MATMUL(q8_0_avx2, TGT_AVX2, q8_0_tile_avx2, block_q8_0)
DEFINE_MATMUL(q8_0_vnni, TGT_VNNI, q8_0_tile_vnni, block_q8_0)

TGT_AVX2 static void f16_avx2(const void *w, int64_t k, int64_t r0, int64_t r1, const float *x,
                              int64_t ncols, float *out, int64_t os) {
    if (k % 8 != 0) { f16_scalar(w, k, r0, r1, x, ncols, out, os); return; }
    for (int64_t r = r0; r < r1; r++) {
        const uint16_t *row = (const uint16_t *)w + r * k;
        for (int64_t c = 0; c < ncols; c++) {
            __m256 acc = _mm256_setzero_ps();
            for (int64_t i = 0; i < k; i += 8) {
                __m256 wv = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + i)));
                acc = _mm256_fmadd_ps(wv, _mm256_loadu_ps(x + c * k + i), acc);
            }
            out[c * os + r] = hsum256(acc);
        }
    }
}

TGT_AVX2 static void f32_avx2(const void *w, int64_t k, int64_t r0, int64_t r1, const float *x,
                              int64_t ncols, float *out, int64_t os) {
    if (k % 8 != 0) { f32_scalar(w, k, r0, r1, x, ncols, out, os); return; }
    for (int64_t r = r0; r < r1; r++) {
        const float *row = (const float *)w + r * k;
        for (int64_t c = 0; c < ncols; c++) {
            __m256 acc = _mm256_setzero_ps();
            for (int64_t i = 0; i < k; i += 8)
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(row + i), _mm256_loadu_ps(x + c * k + i), acc);
            out[c * os + r] = hsum256(acc);
        }
    }
}
#endif

// ---------------------------------------------------------------------------------------------
// Dispatch.

static int level = -1;

static int detect_level(void) {
#if DCML_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("fma"))
        return 2;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
        return 1;
#endif
    return 0;
}

int dcml_kernel_level(void) {
    if (level < 0) level = detect_level();
    return level;
}

int dcml_kernel_set_level(int requested) {
    int best = detect_level();
    level = requested < best ? (requested < 0 ? 0 : requested) : best;
    return level;
}

#if DCML_X86
#define PICK(scalar, avx2, vnni) (dcml_kernel_level() == 2 ? vnni : dcml_kernel_level() == 1 ? avx2 : scalar)
#else
#define PICK(scalar, avx2, vnni) scalar
#endif

void dcml_matmul_q4_0(const void *w, int64_t k, int64_t r0, int64_t r1, const int8_t *xq,
                      const float *xd, const float *xs, int64_t ncols, float *out, int64_t os) {
    PICK(q4_0_scalar, q4_0_avx2, q4_0_vnni)(w, k, r0, r1, xq, xd, xs, ncols, out, os);
}

void dcml_matmul_q4_1(const void *w, int64_t k, int64_t r0, int64_t r1, const int8_t *xq,
                      const float *xd, const float *xs, int64_t ncols, float *out, int64_t os) {
    PICK(q4_1_scalar, q4_1_avx2, q4_1_vnni)(w, k, r0, r1, xq, xd, xs, ncols, out, os);
}

void dcml_matmul_q8_0(const void *w, int64_t k, int64_t r0, int64_t r1, const int8_t *xq,
                      const float *xd, const float *xs, int64_t ncols, float *out, int64_t os) {
    PICK(q8_0_scalar, q8_0_avx2, q8_0_vnni)(w, k, r0, r1, xq, xd, xs, ncols, out, os);
}

void dcml_matmul_f16(const void *w, int64_t k, int64_t r0, int64_t r1, const float *x,
                     int64_t ncols, float *out, int64_t os) {
    PICK(f16_scalar, f16_avx2, f16_avx2)(w, k, r0, r1, x, ncols, out, os);
}

void dcml_matmul_f32(const void *w, int64_t k, int64_t r0, int64_t r1, const float *x,
                     int64_t ncols, float *out, int64_t os) {
    PICK(f32_scalar, f32_avx2, f32_avx2)(w, k, r0, r1, x, ncols, out, os);
}
