// The bias parts of a linear layer (Linear.java): out = in W + b. The matrix products themselves run in cuBLAS.
#include "common.cuh"

// out (N, OC) += bias (OC) on every row.
// Launch: block 256, grid (ceil(OC / 256), min(N, 65535)) (blockIdx.y strides over rows), no dynamic shared.
template <class floatX> __device__ void add_bias(floatX* out, const floatX* bias, int N, int OC) {
    int oc = blockIdx.x * blockDim.x + threadIdx.x;
    if (oc >= OC) {
        return;
    }
    float b = toFloat(bias[oc]);
    for (int n = blockIdx.y; n < N; n += gridDim.y) {
        size_t i = (size_t)n * OC + oc;
        out[i] = fromFloat<floatX>(toFloat(out[i]) + b);
    }
}

// dbias (OC, fp32) += sum over the N rows of dout (N, OC).
// Block j owns columns 32j .. 32j+31, one per lane; its 32 warps take rows w, w + 32, ... and their partial sums
// are added in warp order: one writer per column, fixed order.
// Launch: block 1024 (exactly: 32 warps), grid ceil(OC / 32), no dynamic shared.
template <class floatX> __device__ void bias_backward(float* dbias, const floatX* dout, int N, int OC) {
    __shared__ float partial[COLUMN_SUM_WARPS][NAPKIN_WARP + 1];
    int lane = threadIdx.x % NAPKIN_WARP;
    int warp = threadIdx.x / NAPKIN_WARP;
    int oc = blockIdx.x * NAPKIN_WARP + lane;
    float sum = 0.0f;
    if (oc < OC) {
        for (int n = warp; n < N; n += COLUMN_SUM_WARPS) {
            sum += toFloat(dout[(size_t)n * OC + oc]);
        }
    }
    partial[warp][lane] = sum;
    __syncthreads();
    if (warp == 0 && oc < OC) {
        float total = 0.0f;
        for (int k = 0; k < COLUMN_SUM_WARPS; k++) {
            total += partial[k][lane];
        }
        dbias[oc] += total;
    }
}

extern "C" __global__ void add_bias_f32(float* out, const float* bias, int N, int OC) { add_bias(out, bias, N, OC); }
extern "C" __global__ void add_bias_bf16(__nv_bfloat16* out, const __nv_bfloat16* bias, int N, int OC) {
    add_bias(out, bias, N, OC);
}
extern "C" __global__ void bias_backward_f32(float* dbias, const float* dout, int N, int OC) {
    bias_backward(dbias, dout, N, OC);
}
extern "C" __global__ void bias_backward_bf16(float* dbias, const __nv_bfloat16* dout, int N, int OC) {
    bias_backward(dbias, dout, N, OC);
}
