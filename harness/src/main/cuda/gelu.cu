// GELU, tanh approximation (Gelu.java, VectorMath.gelu): 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3).
// As the CPU twin: with e = exp(2u), 0.5 (1 + tanh u) = e / (e + 1), so no 1 + tanh near -1 cancels; 2u is
// clamped to [-80, 80], where exp(2u) + 1 neither overflows nor makes 1 / (e + 1) subnormal.
#include "common.cuh"

#define GELU_K 0.7978845608028654f // sqrt(2 / pi)
#define GELU_A 0.044715f

__device__ __forceinline__ float geluExp2u(float x) {
    float u2 = 2.0f * GELU_K * (x + GELU_A * x * x * x);
    return expf(fminf(fmaxf(u2, -80.0f), 80.0f));
}

__device__ __forceinline__ float geluValue(float x) {
    float e = geluExp2u(x);
    return x * (e / (e + 1.0f));
}

// GELU'(x) with q = 1 / (e + 1), s = e q = 0.5 (1 + tanh u): s + 2 x s q sqrt(2/pi) (1 + 3 * 0.044715 x^2),
// since 1 - tanh^2 u = 4 s q.
__device__ __forceinline__ float geluDerivative(float x) {
    float e = geluExp2u(x);
    float q = 1.0f / (e + 1.0f);
    float half = e * q;
    return half + 2.0f * x * half * q * GELU_K * (1.0f + 3.0f * GELU_A * x * x);
}

// out, inp (N). Launch: block 256, grid ceil(N / 2048) (at least 1; grid-stride), no dynamic shared.
template <class floatX> __device__ void gelu_forward(floatX* out, const floatX* inp, int N) {
    using Pack = Pack128<floatX>;
    size_t n = (size_t)N;
    size_t start = 0;
    if (aligned16(out) && aligned16(inp)) {
        size_t packs = n / Pack::SIZE;
        for (size_t p = globalThread(); p < packs; p += gridThreads()) {
            Pack x = load128(inp + p * Pack::SIZE);
            Pack y;
            for (int k = 0; k < Pack::SIZE; k++) {
                y.v[k] = fromFloat<floatX>(geluValue(toFloat(x.v[k])));
            }
            store128(out + p * Pack::SIZE, y);
        }
        start = packs * Pack::SIZE;
    }
    for (size_t i = start + globalThread(); i < n; i += gridThreads()) {
        out[i] = fromFloat<floatX>(geluValue(toFloat(inp[i])));
    }
}

// dinp = GELU'(inp) * dout, all (N); dinp may be dout (in place, as the CPU twin).
// Launch: block 256, grid ceil(N / 2048) (at least 1; grid-stride), no dynamic shared.
template <class floatX> __device__ void gelu_backward(floatX* dinp, const floatX* inp, const floatX* dout, int N) {
    using Pack = Pack128<floatX>;
    size_t n = (size_t)N;
    size_t start = 0;
    if (aligned16(dinp) && aligned16(inp) && aligned16(dout)) {
        size_t packs = n / Pack::SIZE;
        for (size_t p = globalThread(); p < packs; p += gridThreads()) {
            Pack x = load128(inp + p * Pack::SIZE);
            Pack d = load128(dout + p * Pack::SIZE);
            Pack y;
            for (int k = 0; k < Pack::SIZE; k++) {
                y.v[k] = fromFloat<floatX>(toFloat(d.v[k]) * geluDerivative(toFloat(x.v[k])));
            }
            store128(dinp + p * Pack::SIZE, y);
        }
        start = packs * Pack::SIZE;
    }
    for (size_t i = start + globalThread(); i < n; i += gridThreads()) {
        dinp[i] = fromFloat<floatX>(toFloat(dout[i]) * geluDerivative(toFloat(inp[i])));
    }
}

extern "C" __global__ void gelu_forward_f32(float* out, const float* inp, int N) { gelu_forward(out, inp, N); }
extern "C" __global__ void gelu_forward_bf16(__nv_bfloat16* out, const __nv_bfloat16* inp, int N) {
    gelu_forward(out, inp, N);
}
extern "C" __global__ void gelu_backward_f32(float* dinp, const float* inp, const float* dout, int N) {
    gelu_backward(dinp, inp, dout, N);
}
extern "C" __global__ void gelu_backward_bf16(__nv_bfloat16* dinp, const __nv_bfloat16* inp,
                                              const __nv_bfloat16* dout, int N) {
    gelu_backward(dinp, inp, dout, N);
}
