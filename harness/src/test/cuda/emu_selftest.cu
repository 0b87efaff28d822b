// Kernels that test the emulator itself (cuda_emu.h, runtime.cpp): each exercises one CUDA behaviour the napkin
// kernels rely on, or plants a bug the emulator must report. Compiled only into the tests' emulator library.
#include "common.cuh"

// out[b] = sum of in[b*n .. b*n+n): grid-stride loop, warp shuffles, a shared array and a barrier.
extern "C" __global__ void selftest_block_sum(float* out, const float* in, int n) {
    __shared__ float partial[32];
    float v = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) v += in[blockIdx.x * n + i];
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    if (threadIdx.x % 32 == 0) partial[threadIdx.x / 32] = v;
    __syncthreads();
    if (threadIdx.x < 32) {
        v = threadIdx.x < (blockDim.x + 31) / 32 ? partial[threadIdx.x] : 0.0f;
        for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
        if (threadIdx.x == 0) out[blockIdx.x] = v;
    }
}

// out[4 * t + i]: what lane t receives from the four shuffles of its lane number, with width 16.
extern "C" __global__ void selftest_shuffles(int* out) {
    int lane = threadIdx.x;
    out[4 * lane + 0] = __shfl_down_sync(0xffffffffu, lane, 3, 16);
    out[4 * lane + 1] = __shfl_up_sync(0xffffffffu, lane, 2, 16);
    out[4 * lane + 2] = __shfl_xor_sync(0xffffffffu, lane, 5, 16);
    out[4 * lane + 3] = __shfl_sync(0xffffffffu, lane, 7, 16);
}

// Reverses n ints through dynamic shared memory (n = blockDim.x).
extern "C" __global__ void selftest_reverse(int* data) {
    NAPKIN_DYNAMIC_SHARED(int, buffer);
    int t = threadIdx.x;
    buffer[t] = data[t];
    __syncthreads();
    data[t] = buffer[blockDim.x - 1 - t];
}

// Thread 0 leaves before the barrier the others wait at: a deadlock on a GPU.
extern "C" __global__ void selftest_divergent_barrier(float* out) {
    if (threadIdx.x == 0) return;
    __syncthreads();
    out[threadIdx.x] = 1.0f;
}

// Writes one element past the end of an n-element buffer.
extern "C" __global__ void selftest_write_past_end(float* out, int n) {
    if (threadIdx.x == 0) out[n] = 1.0f;
}

// counter[0] += 1 from every thread of every block.
extern "C" __global__ void selftest_atomic_count(int* counter) { atomicAdd(counter, 1); }
