// The residual connection (Residual.java): out = a + b elementwise. Its backward is the identity on both inputs,
// so it has no kernel.
#include "common.cuh"

// out, a, b (N); out may be a (or b): each element is read before it is written, by the same thread.
// Launch: block 256, grid ceil(N / 2048) (at least 1; any grid is correct: grid-stride), no dynamic shared.
template <class floatX> __device__ void residual_forward(floatX* out, const floatX* a, const floatX* b, int N) {
    using Pack = Pack128<floatX>;
    size_t n = (size_t)N;
    size_t start = 0;
    if (aligned16(out) && aligned16(a) && aligned16(b)) {
        size_t packs = n / Pack::SIZE;
        for (size_t p = globalThread(); p < packs; p += gridThreads()) {
            Pack x = load128(a + p * Pack::SIZE);
            Pack y = load128(b + p * Pack::SIZE);
            Pack z;
            for (int k = 0; k < Pack::SIZE; k++) {
                z.v[k] = fromFloat<floatX>(toFloat(x.v[k]) + toFloat(y.v[k]));
            }
            store128(out + p * Pack::SIZE, z);
        }
        start = packs * Pack::SIZE;
    }
    for (size_t i = start + globalThread(); i < n; i += gridThreads()) {
        out[i] = fromFloat<floatX>(toFloat(a[i]) + toFloat(b[i]));
    }
}

extern "C" __global__ void residual_forward_f32(float* out, const float* a, const float* b, int N) {
    residual_forward(out, a, b, N);
}
extern "C" __global__ void residual_forward_bf16(__nv_bfloat16* out, const __nv_bfloat16* a, const __nv_bfloat16* b,
                                                 int N) {
    residual_forward(out, a, b, N);
}
