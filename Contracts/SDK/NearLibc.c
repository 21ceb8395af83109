// The few C symbols that Embedded Swift's generated code calls on wasm32-unknown-none-wasm
// (there is no libc there): memory intrinsics, an allocator and a random source for hashing
// seeds. Compiled with -ffreestanding -fno-builtin so the compiler cannot turn these loops back
// into calls to themselves, and without bulk-memory so no memory.copy/memory.fill is emitted
// (NEAR rejects bulk memory).
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d == s || n == 0) return dst;
    if (d < s) {
        while (n--) *d++ = *s++;
    } else {
        d += n;
        s += n;
        while (n--) *--d = *--s;
    }
    return dst;
}

void *memset(void *dst, int c, size_t n) {
    unsigned char *d = dst;
    while (n--) *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y) return *x < *y ? -1 : 1;
    }
    return 0;
}

int bcmp(const void *a, const void *b, size_t n) { return memcmp(a, b, n); }

size_t strlen(const char *s) {
    const char *p = s;
    while (*p) p++;
    return (size_t)(p - s);
}

// A bump allocator: a contract call is one short-lived instance, so memory is never handed back
// to the host; `free` only reclaims the most recent block (the common push/pop pattern of
// temporary buffers). Deterministic: the same calls give the same addresses.
extern unsigned char __heap_base;
static uintptr_t heap_top = 0;
static uintptr_t last_block = 0;

static int grow_to(uintptr_t end) {
    uintptr_t have = (uintptr_t)__builtin_wasm_memory_size(0) * 65536u;
    if (end <= have) return 1;
    uintptr_t pages = (end - have + 65535u) / 65536u;
    return __builtin_wasm_memory_grow(0, pages) != (size_t)-1;
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (heap_top == 0) heap_top = (uintptr_t)&__heap_base;
    if (alignment < 8) alignment = 8;
    if (alignment & (alignment - 1)) return 22; // EINVAL
    uintptr_t start = (heap_top + alignment - 1) & ~(uintptr_t)(alignment - 1);
    uintptr_t end = start + (size ? size : 1);
    if (end < start || !grow_to(end)) return 12; // ENOMEM
    heap_top = end;
    last_block = start;
    *out = (void *)start;
    return 0;
}

void *malloc(size_t size) {
    void *p = 0;
    return posix_memalign(&p, 16, size) == 0 ? p : 0;
}

void *calloc(size_t count, size_t size) {
    size_t total = count * size;
    if (size && total / size != count) return 0;
    void *p = malloc(total);
    if (p) memset(p, 0, total);
    return p;
}

void free(void *p) {
    if (p && (uintptr_t)p == last_block) {
        heap_top = last_block;
        last_block = 0;
    }
}

// Hashing seeds (Dictionary/Set). Fixed on purpose: execution must be deterministic, and a
// contract's own input decides what it hashes, so there is nothing to randomize against.
void arc4random_buf(void *buf, size_t n) { memset(buf, 0, n); }

// 128-bit integer helpers (compiler-rt's names and ABI): Swift's UInt128 lowers its
// multiplication, division and variable shifts to these calls on wasm32, and the toolchain ships
// no compiler-rt for wasm. Written with 64-bit halves only, so they never call themselves.
typedef union {
    unsigned __int128 all;
    struct { uint64_t lo, hi; } s;
} u128_parts;

static uint64_t mul_hi64(uint64_t a, uint64_t b) {
    uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t middle = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    return p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
}

__int128 __multi3(__int128 a, __int128 b) {
    u128_parts x = {.all = (unsigned __int128)a}, y = {.all = (unsigned __int128)b}, r;
    r.s.lo = x.s.lo * y.s.lo;
    r.s.hi = mul_hi64(x.s.lo, y.s.lo) + x.s.lo * y.s.hi + x.s.hi * y.s.lo;
    return (__int128)r.all;
}

__int128 __ashlti3(__int128 a, int n) {
    u128_parts x = {.all = (unsigned __int128)a}, r;
    n &= 127;
    if (n == 0) return a;
    if (n >= 64) { r.s.hi = x.s.lo << (n - 64); r.s.lo = 0; }
    else { r.s.hi = (x.s.hi << n) | (x.s.lo >> (64 - n)); r.s.lo = x.s.lo << n; }
    return (__int128)r.all;
}

__int128 __lshrti3(__int128 a, int n) {
    u128_parts x = {.all = (unsigned __int128)a}, r;
    n &= 127;
    if (n == 0) return a;
    if (n >= 64) { r.s.lo = x.s.hi >> (n - 64); r.s.hi = 0; }
    else { r.s.lo = (x.s.lo >> n) | (x.s.hi << (64 - n)); r.s.hi = x.s.hi >> n; }
    return (__int128)r.all;
}

__int128 __ashrti3(__int128 a, int n) {
    u128_parts x = {.all = (unsigned __int128)a}, r;
    int64_t hi = (int64_t)x.s.hi;
    n &= 127;
    if (n == 0) return a;
    if (n >= 64) { r.s.lo = (uint64_t)(hi >> (n - 64)); r.s.hi = (uint64_t)(hi >> 63); }
    else { r.s.lo = (x.s.lo >> n) | (x.s.hi << (64 - n)); r.s.hi = (uint64_t)(hi >> n); }
    return (__int128)r.all;
}

static int less_than(u128_parts a, u128_parts b) { return a.s.hi < b.s.hi || (a.s.hi == b.s.hi && a.s.lo < b.s.lo); }

// Shift-subtract long division; traps on a zero divisor (Swift checks before calling).
static u128_parts udivmod(u128_parts n, u128_parts d, u128_parts *rem) {
    if (d.s.lo == 0 && d.s.hi == 0) __builtin_trap();
    u128_parts q = {.all = 0}, r = {.all = 0};
    for (int i = 127; i >= 0; i--) {
        r.s.hi = (r.s.hi << 1) | (r.s.lo >> 63);
        r.s.lo = (r.s.lo << 1) | ((i >= 64 ? n.s.hi >> (i - 64) : n.s.lo >> i) & 1);
        if (!less_than(r, d)) {
            uint64_t borrow = r.s.lo < d.s.lo;
            r.s.lo -= d.s.lo;
            r.s.hi -= d.s.hi + borrow;
            if (i >= 64) q.s.hi |= (uint64_t)1 << (i - 64); else q.s.lo |= (uint64_t)1 << i;
        }
    }
    if (rem) *rem = r;
    return q;
}

unsigned __int128 __udivti3(unsigned __int128 a, unsigned __int128 b) {
    u128_parts n = {.all = a}, d = {.all = b};
    return udivmod(n, d, 0).all;
}

unsigned __int128 __umodti3(unsigned __int128 a, unsigned __int128 b) {
    u128_parts n = {.all = a}, d = {.all = b}, r;
    udivmod(n, d, &r);
    return r.all;
}

static u128_parts negate(u128_parts x) {
    x.s.lo = ~x.s.lo; x.s.hi = ~x.s.hi;
    x.s.lo += 1;
    if (x.s.lo == 0) x.s.hi += 1;
    return x;
}

__int128 __divti3(__int128 a, __int128 b) {
    u128_parts n = {.all = (unsigned __int128)a}, d = {.all = (unsigned __int128)b};
    int negN = (int64_t)n.s.hi < 0, negD = (int64_t)d.s.hi < 0;
    if (negN) n = negate(n);
    if (negD) d = negate(d);
    u128_parts q = udivmod(n, d, 0);
    if (negN != negD) q = negate(q);
    return (__int128)q.all;
}

__int128 __modti3(__int128 a, __int128 b) {
    u128_parts n = {.all = (unsigned __int128)a}, d = {.all = (unsigned __int128)b}, r;
    int negN = (int64_t)n.s.hi < 0;
    if (negN) n = negate(n);
    if ((int64_t)d.s.hi < 0) d = negate(d);
    udivmod(n, d, &r);
    if (negN) r = negate(r);
    return (__int128)r.all;
}
