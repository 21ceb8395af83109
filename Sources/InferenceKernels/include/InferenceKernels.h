#ifndef DCML_INFERENCE_KERNELS_H
#define DCML_INFERENCE_KERNELS_H

#include <stdint.h>

// The innermost dot products of the CPU engine, and nothing else: everything around them
// (model, threading, sampling) is Swift. Swift cannot yet express the integer SIMD these need
// (u8 x s8 multiply-add, f16 lanes) without scalarizing, so they live here, each compiled for
// several instruction sets and chosen at run time.
//
// Matrices are ggml blocks of 32 weights, one row after another; a row has k weights.
// Activations are quantized per block of 32 to int8 with a float scale d and the scaled sum
// s = d * sum(q), so that a Q4_1 weight's minimum folds into one multiply per block.
// Every matmul computes out[c * out_stride + r] for rows r in [r0, r1) and columns c < ncols.

/// Instruction-set level in use: 0 scalar, 1 AVX2+FMA+F16C, 2 AVX-512 VNNI (256-bit).
int dcml_kernel_level(void);
/// Forces a lower level (tests compare every level against scalar); returns the level now in use.
int dcml_kernel_set_level(int level);

void dcml_quantize_q8(const float *x, int64_t k, int8_t *qs, float *d, float *s);

void dcml_matmul_q4_0(const void *w, int64_t k, int64_t r0, int64_t r1,
                      const int8_t *xq, const float *xd, const float *xs, int64_t ncols,
                      float *out, int64_t out_stride);
void dcml_matmul_q4_1(const void *w, int64_t k, int64_t r0, int64_t r1,
                      const int8_t *xq, const float *xd, const float *xs, int64_t ncols,
                      float *out, int64_t out_stride);
void dcml_matmul_q8_0(const void *w, int64_t k, int64_t r0, int64_t r1,
                      const int8_t *xq, const float *xd, const float *xs, int64_t ncols,
                      float *out, int64_t out_stride);
/// Float weights (F16 or F32) take float activations: x holds ncols columns of k floats.
void dcml_matmul_f16(const void *w, int64_t k, int64_t r0, int64_t r1,
                     const float *x, int64_t ncols, float *out, int64_t out_stride);
void dcml_matmul_f32(const void *w, int64_t k, int64_t r0, int64_t r1,
                     const float *x, int64_t ncols, float *out, int64_t out_stride);

/// Converts n half-precision values to float (dequantizing F16 embeddings and tests).
void dcml_f16_to_f32(const uint16_t *src, float *dst, int64_t n);

/// A spin-wait hint for the engine's thread pool.
static inline void dcml_cpu_relax(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

#endif
