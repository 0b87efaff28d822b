// The global gradient norm, for clipping: sqrt(sum of g^2) over every parameter gradient, in two fixed-order steps.
#include "common.cuh"

// grads (n) fp32; partials (gridDim.x): partials[j] = sum of g^2 over the elements j*block + tid + k*grid*block.
// The value depends on the launch shape, so the host keeps it fixed to repeat results bit for bit.
// Launch: block 256 (any multiple of 32 up to 1024), grid G <= 1024 (e.g. min(ceil(n / 256), 1024)), no dynamic
// shared; partials must hold G floats.
extern "C" __global__ void global_norm_squared(float* partials, const float* grads, long n) {
    float sum = 0.0f;
    for (size_t i = globalThread(); i < (size_t)n; i += gridThreads()) {
        float g = grads[i];
        sum += g * g;
    }
    sum = blockReduceSum(sum);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = sum;
    }
}

// out[0] = sum of partials (n). Launch: one block of 1024 (any multiple of 32 up to 1024), grid 1, no dynamic shared.
extern "C" __global__ void reduce_sum(float* out, const float* partials, int n) {
    float sum = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        sum += partials[i];
    }
    sum = blockReduceSum(sum);
    if (threadIdx.x == 0) {
        out[0] = sum;
    }
}
