// Storage conversions between fp32 and bf16, for master weights and parameter copies.
#include "common.cuh"

// Launch (both): block 256, grid ceil(n / 2048) (at least 1; grid-stride), no dynamic shared.
// The pack path moves 8 elements a thread: one 16-byte bf16 side, two 16-byte fp32 loads or stores.

// out (n) = in rounded to the nearest bf16, ties to even.
extern "C" __global__ void cast_f32_to_bf16(__nv_bfloat16* out, const float* in, long n) {
    using Pack = Pack128<__nv_bfloat16>;
    using Wide = Pack128<float>;
    size_t count = (size_t)n;
    size_t start = 0;
    if (aligned16(out) && aligned16(in)) {
        size_t packs = count / Pack::SIZE;
        for (size_t p = globalThread(); p < packs; p += gridThreads()) {
            Wide lo = load128(in + p * Pack::SIZE);
            Wide hi = load128(in + p * Pack::SIZE + Wide::SIZE);
            Pack y;
            for (int k = 0; k < Wide::SIZE; k++) {
                y.v[k] = __float2bfloat16(lo.v[k]);
                y.v[k + Wide::SIZE] = __float2bfloat16(hi.v[k]);
            }
            store128(out + p * Pack::SIZE, y);
        }
        start = packs * Pack::SIZE;
    }
    for (size_t i = start + globalThread(); i < count; i += gridThreads()) {
        out[i] = __float2bfloat16(in[i]);
    }
}

// out (n) = in widened to fp32 (exact).
extern "C" __global__ void cast_bf16_to_f32(float* out, const __nv_bfloat16* in, long n) {
    using Pack = Pack128<__nv_bfloat16>;
    using Wide = Pack128<float>;
    size_t count = (size_t)n;
    size_t start = 0;
    if (aligned16(out) && aligned16(in)) {
        size_t packs = count / Pack::SIZE;
        for (size_t p = globalThread(); p < packs; p += gridThreads()) {
            Pack x = load128(in + p * Pack::SIZE);
            Wide lo;
            Wide hi;
            for (int k = 0; k < Wide::SIZE; k++) {
                lo.v[k] = __bfloat162float(x.v[k]);
                hi.v[k] = __bfloat162float(x.v[k + Wide::SIZE]);
            }
            store128(out + p * Pack::SIZE, lo);
            store128(out + p * Pack::SIZE + Wide::SIZE, hi);
        }
        start = packs * Pack::SIZE;
    }
    for (size_t i = start + globalThread(); i < count; i += gridThreads()) {
        out[i] = __bfloat162float(in[i]);
    }
}
