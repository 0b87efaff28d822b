// LayerNorm over the C channels of each row (LayerNorm.java): biased variance, eps 1e-5,
// out = (x - mean) * rstd * weight + bias, with rstd = 1 / sqrt(var + eps).
#include "common.cuh"

#define LAYERNORM_EPS 1e-5f

// out, inp (N, C); weight, bias (C); mean, rstd (N) fp32, each skipped when null.
// One warp per row, two passes as the CPU twin (mean, then the squared deviations).
// Launch: block 256 (8 rows; any multiple of 32), grid ceil(N / (block/32)), no dynamic shared.
template <class floatX>
__device__ void layernorm_forward(floatX* out, float* mean, float* rstd, const floatX* inp, const floatX* weight,
                                  const floatX* bias, int N, int C) {
    int lane = threadIdx.x % NAPKIN_WARP;
    int row = blockIdx.x * (blockDim.x / NAPKIN_WARP) + threadIdx.x / NAPKIN_WARP;
    if (row >= N) {
        return; // the whole warp leaves together
    }
    const floatX* x = inp + (size_t)row * C;
    float sum = 0.0f;
    for (int i = lane; i < C; i += NAPKIN_WARP) {
        sum += toFloat(x[i]);
    }
    float mu = warpReduceSum(sum) / C;
    float squares = 0.0f;
    for (int i = lane; i < C; i += NAPKIN_WARP) {
        float d = toFloat(x[i]) - mu;
        squares += d * d;
    }
    float s = 1.0f / sqrtf(warpReduceSum(squares) / C + LAYERNORM_EPS);
    floatX* y = out + (size_t)row * C;
    for (int i = lane; i < C; i += NAPKIN_WARP) {
        float n = (toFloat(x[i]) - mu) * s;
        y[i] = fromFloat<floatX>(n * toFloat(weight[i]) + toFloat(bias[i]));
    }
    if (lane == 0) {
        if (mean != nullptr) {
            mean[row] = mu;
        }
        if (rstd != nullptr) {
            rstd[row] = s;
        }
    }
}

// dinp (N, C) += dx, with n = (x - mean) * rstd, g = weight * dout: dx = rstd * (g - mean(g) - n * mean(g * n)).
// One warp per row. Launch: block 256 (8 rows; any multiple of 32), grid ceil(N / (block/32)), no dynamic shared.
template <class floatX>
__device__ void layernorm_backward(floatX* dinp, const floatX* dout, const floatX* inp, const floatX* weight,
                                   const float* mean, const float* rstd, int N, int C) {
    int lane = threadIdx.x % NAPKIN_WARP;
    int row = blockIdx.x * (blockDim.x / NAPKIN_WARP) + threadIdx.x / NAPKIN_WARP;
    if (row >= N) {
        return;
    }
    size_t o = (size_t)row * C;
    float mu = mean[row];
    float s = rstd[row];
    float sumG = 0.0f;
    float sumGn = 0.0f;
    for (int i = lane; i < C; i += NAPKIN_WARP) {
        float g = toFloat(weight[i]) * toFloat(dout[o + i]);
        sumG += g;
        sumGn += g * ((toFloat(inp[o + i]) - mu) * s);
    }
    float meanG = warpReduceSum(sumG) / C;
    float meanGn = warpReduceSum(sumGn) / C;
    for (int i = lane; i < C; i += NAPKIN_WARP) {
        float n = (toFloat(inp[o + i]) - mu) * s;
        float dx = s * (toFloat(weight[i]) * toFloat(dout[o + i]) - meanG - n * meanGn);
        dinp[o + i] = fromFloat<floatX>(toFloat(dinp[o + i]) + dx);
    }
}

// dweight (C) += sum over rows of dout * n, dbias (C) += sum over rows of dout; fp32.
// Block j owns channels 32j .. 32j+31 (one per lane, so each row's load is one contiguous segment); its 32 warps
// take rows w, w + 32, ... and their partial sums are added in warp order: one writer per channel, fixed order.
// Launch: block 1024 (exactly: 32 warps), grid ceil(C / 32), no dynamic shared.
template <class floatX>
__device__ void layernorm_backward_params(float* dweight, float* dbias, const floatX* dout, const floatX* inp,
                                          const float* mean, const float* rstd, int N, int C) {
    __shared__ float partialWeight[COLUMN_SUM_WARPS][NAPKIN_WARP + 1];
    __shared__ float partialBias[COLUMN_SUM_WARPS][NAPKIN_WARP + 1];
    int lane = threadIdx.x % NAPKIN_WARP;
    int warp = threadIdx.x / NAPKIN_WARP;
    int c = blockIdx.x * NAPKIN_WARP + lane;
    float sumWeight = 0.0f;
    float sumBias = 0.0f;
    if (c < C) {
        for (int r = warp; r < N; r += COLUMN_SUM_WARPS) {
            float d = toFloat(dout[(size_t)r * C + c]);
            float n = (toFloat(inp[(size_t)r * C + c]) - mean[r]) * rstd[r];
            sumWeight += n * d;
            sumBias += d;
        }
    }
    partialWeight[warp][lane] = sumWeight;
    partialBias[warp][lane] = sumBias;
    __syncthreads();
    if (warp == 0 && c < C) {
        float w = 0.0f;
        float b = 0.0f;
        for (int k = 0; k < COLUMN_SUM_WARPS; k++) {
            w += partialWeight[k][lane];
            b += partialBias[k][lane];
        }
        dweight[c] += w;
        dbias[c] += b;
    }
}

extern "C" __global__ void layernorm_forward_f32(float* out, float* mean, float* rstd, const float* inp,
                                                 const float* weight, const float* bias, int N, int C) {
    layernorm_forward(out, mean, rstd, inp, weight, bias, N, C);
}
extern "C" __global__ void layernorm_forward_bf16(__nv_bfloat16* out, float* mean, float* rstd,
                                                  const __nv_bfloat16* inp, const __nv_bfloat16* weight,
                                                  const __nv_bfloat16* bias, int N, int C) {
    layernorm_forward(out, mean, rstd, inp, weight, bias, N, C);
}
extern "C" __global__ void layernorm_backward_f32(float* dinp, const float* dout, const float* inp,
                                                  const float* weight, const float* mean, const float* rstd, int N,
                                                  int C) {
    layernorm_backward(dinp, dout, inp, weight, mean, rstd, N, C);
}
extern "C" __global__ void layernorm_backward_bf16(__nv_bfloat16* dinp, const __nv_bfloat16* dout,
                                                   const __nv_bfloat16* inp, const __nv_bfloat16* weight,
                                                   const float* mean, const float* rstd, int N, int C) {
    layernorm_backward(dinp, dout, inp, weight, mean, rstd, N, C);
}
extern "C" __global__ void layernorm_backward_params_f32(float* dweight, float* dbias, const float* dout,
                                                         const float* inp, const float* mean, const float* rstd,
                                                         int N, int C) {
    layernorm_backward_params(dweight, dbias, dout, inp, mean, rstd, N, C);
}
extern "C" __global__ void layernorm_backward_params_bf16(float* dweight, float* dbias, const __nv_bfloat16* dout,
                                                          const __nv_bfloat16* inp, const float* mean,
                                                          const float* rstd, int N, int C) {
    layernorm_backward_params(dweight, dbias, dout, inp, mean, rstd, N, C);
}
