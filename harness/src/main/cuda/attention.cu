// Causal multi-head attention through an explicit T x T matrix (Attention.java), llm.c's non-fused path:
// permute qkv into per-head q, k, v; the two batched products run in cuBLAS; the scaled causal softmax here.
// Index arithmetic is in int: every tensor here has fewer than 2^31 elements except att, addressed in size_t.
#include "common.cuh"

// The offset in qkv (B, T, 3, NH, HS) of q's element idx of (B, NH, T, HS); k and v lie C and 2C further on.
__device__ __forceinline__ int qkvOffset(int idx, int T, int NH, int HS) {
    int d = idx % HS;
    int t = (idx / HS) % T;
    int h = (idx / (HS * T)) % NH;
    int b = idx / (HS * T * NH);
    return (b * T + t) * 3 * (NH * HS) + h * HS + d;
}

// qkv (B, T, 3, NH, HS) -> q, k, v (B, NH, T, HS). One thread per element of q.
// Launch: block 256, grid ceil(B*T*NH*HS / 256), no dynamic shared.
template <class floatX>
__device__ void permute(floatX* q, floatX* k, floatX* v, const floatX* qkv, int B, int T, int NH, int HS) {
    int idx = blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= B * NH * T * HS) {
        return;
    }
    int C = NH * HS;
    int src = qkvOffset(idx, T, NH, HS);
    q[idx] = qkv[src];
    k[idx] = qkv[src + C];
    v[idx] = qkv[src + 2 * C];
}

// dq, dk, dv (B, NH, T, HS) -> dqkv (B, T, 3, NH, HS), overwritten. One thread per element of dq.
// Launch: block 256, grid ceil(B*T*NH*HS / 256), no dynamic shared.
template <class floatX>
__device__ void permute_backward(floatX* dqkv, const floatX* dq, const floatX* dk, const floatX* dv, int B, int T,
                                 int NH, int HS) {
    int idx = blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= B * NH * T * HS) {
        return;
    }
    int C = NH * HS;
    int dst = qkvOffset(idx, T, NH, HS);
    dqkv[dst] = dq[idx];
    dqkv[dst + C] = dk[idx];
    dqkv[dst + 2 * C] = dv[idx];
}

// inp (B, NH, T, HS) -> out (B, T, NH*HS). One thread per element of inp.
// Launch: block 256, grid ceil(B*T*NH*HS / 256), no dynamic shared.
template <class floatX> __device__ void unpermute(floatX* out, const floatX* inp, int B, int T, int NH, int HS) {
    int idx = blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= B * NH * T * HS) {
        return;
    }
    int d = idx % HS;
    int t = (idx / HS) % T;
    int h = (idx / (HS * T)) % NH;
    int b = idx / (HS * T * NH);
    out[(b * T + t) * NH * HS + h * HS + d] = inp[idx];
}

// dout (B, T, NH*HS) -> dinp (B, NH, T, HS), overwritten. One thread per element of dinp.
// Launch: block 256, grid ceil(B*T*NH*HS / 256), no dynamic shared.
template <class floatX>
__device__ void unpermute_backward(floatX* dinp, const floatX* dout, int B, int T, int NH, int HS) {
    int idx = blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= B * NH * T * HS) {
        return;
    }
    int d = idx % HS;
    int t = (idx / HS) % T;
    int h = (idx / (HS * T)) % NH;
    int b = idx / (HS * T * NH);
    dinp[idx] = dout[(b * T + t) * NH * HS + h * HS + d];
}

// att, preatt (BNH, T, T). Row t of each (b, h): softmax of scale * preatt over t2 <= t, zeros for t2 > t.
// As the CPU twin: scale first, max, exp(x - max) summed, each times 1 / sum. One warp per row; att may be preatt.
// Launch: block 256 (8 rows; any multiple of 32), grid ceil(BNH*T / (block/32)), no dynamic shared.
template <class floatX>
__device__ void softmax_forward(floatX* att, const floatX* preatt, float scale, int BNH, int T) {
    int lane = threadIdx.x % NAPKIN_WARP;
    int row = blockIdx.x * (blockDim.x / NAPKIN_WARP) + threadIdx.x / NAPKIN_WARP;
    if (row >= BNH * T) {
        return;
    }
    int t = row % T;
    const floatX* x = preatt + (size_t)row * T;
    floatX* y = att + (size_t)row * T;
    float rowMax = -INFINITY;
    for (int j = lane; j <= t; j += NAPKIN_WARP) {
        rowMax = fmaxf(rowMax, scale * toFloat(x[j]));
    }
    rowMax = warpReduceMax(rowMax);
    float sum = 0.0f;
    for (int j = lane; j <= t; j += NAPKIN_WARP) {
        sum += expf(scale * toFloat(x[j]) - rowMax);
    }
    float inv = 1.0f / warpReduceSum(sum);
    for (int j = lane; j < T; j += NAPKIN_WARP) {
        float p = j <= t ? expf(scale * toFloat(x[j]) - rowMax) * inv : 0.0f;
        y[j] = fromFloat<floatX>(p);
    }
}

// dpreatt, datt, att (BNH, T, T). Row t: dpreatt = scale * att * (datt - sum over t2 <= t of att * datt) for
// t2 <= t, zeros above. One warp per row; dpreatt may be datt or att (the row's sum is taken before any write).
// Launch: block 256 (8 rows; any multiple of 32), grid ceil(BNH*T / (block/32)), no dynamic shared.
template <class floatX>
__device__ void softmax_backward(floatX* dpreatt, const floatX* datt, const floatX* att, float scale, int BNH, int T) {
    int lane = threadIdx.x % NAPKIN_WARP;
    int row = blockIdx.x * (blockDim.x / NAPKIN_WARP) + threadIdx.x / NAPKIN_WARP;
    if (row >= BNH * T) {
        return;
    }
    int t = row % T;
    size_t o = (size_t)row * T;
    float dot = 0.0f;
    for (int j = lane; j <= t; j += NAPKIN_WARP) {
        dot += toFloat(att[o + j]) * toFloat(datt[o + j]);
    }
    dot = warpReduceSum(dot);
    for (int j = lane; j < T; j += NAPKIN_WARP) {
        float g = j <= t ? scale * toFloat(att[o + j]) * (toFloat(datt[o + j]) - dot) : 0.0f;
        dpreatt[o + j] = fromFloat<floatX>(g);
    }
}

extern "C" __global__ void permute_f32(float* q, float* k, float* v, const float* qkv, int B, int T, int NH, int HS) {
    permute(q, k, v, qkv, B, T, NH, HS);
}
extern "C" __global__ void permute_bf16(__nv_bfloat16* q, __nv_bfloat16* k, __nv_bfloat16* v,
                                        const __nv_bfloat16* qkv, int B, int T, int NH, int HS) {
    permute(q, k, v, qkv, B, T, NH, HS);
}
extern "C" __global__ void permute_backward_f32(float* dqkv, const float* dq, const float* dk, const float* dv, int B,
                                                int T, int NH, int HS) {
    permute_backward(dqkv, dq, dk, dv, B, T, NH, HS);
}
extern "C" __global__ void permute_backward_bf16(__nv_bfloat16* dqkv, const __nv_bfloat16* dq,
                                                 const __nv_bfloat16* dk, const __nv_bfloat16* dv, int B, int T,
                                                 int NH, int HS) {
    permute_backward(dqkv, dq, dk, dv, B, T, NH, HS);
}
extern "C" __global__ void unpermute_f32(float* out, const float* inp, int B, int T, int NH, int HS) {
    unpermute(out, inp, B, T, NH, HS);
}
extern "C" __global__ void unpermute_bf16(__nv_bfloat16* out, const __nv_bfloat16* inp, int B, int T, int NH,
                                          int HS) {
    unpermute(out, inp, B, T, NH, HS);
}
extern "C" __global__ void unpermute_backward_f32(float* dinp, const float* dout, int B, int T, int NH, int HS) {
    unpermute_backward(dinp, dout, B, T, NH, HS);
}
extern "C" __global__ void unpermute_backward_bf16(__nv_bfloat16* dinp, const __nv_bfloat16* dout, int B, int T,
                                                   int NH, int HS) {
    unpermute_backward(dinp, dout, B, T, NH, HS);
}
extern "C" __global__ void softmax_forward_f32(float* att, const float* preatt, float scale, int BNH, int T) {
    softmax_forward(att, preatt, scale, BNH, T);
}
extern "C" __global__ void softmax_forward_bf16(__nv_bfloat16* att, const __nv_bfloat16* preatt, float scale,
                                                int BNH, int T) {
    softmax_forward(att, preatt, scale, BNH, T);
}
extern "C" __global__ void softmax_backward_f32(float* dpreatt, const float* datt, const float* att, float scale,
                                                int BNH, int T) {
    softmax_backward(dpreatt, datt, att, scale, BNH, T);
}
extern "C" __global__ void softmax_backward_bf16(__nv_bfloat16* dpreatt, const __nv_bfloat16* datt,
                                                 const __nv_bfloat16* att, float scale, int BNH, int T) {
    softmax_backward(dpreatt, datt, att, scale, BNH, T);
}
