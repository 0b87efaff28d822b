// Shared by every kernel file: storage conversions, 128-bit packs, warp and block reductions.
// Compiled by nvcc, and by g++ with emu/cuda_emu.h force-included (NAPKIN_EMU defined).
#pragma once

#ifdef NAPKIN_EMU
// cuda_emu.h has brought in the toolkit's cuda_bf16.h, or its own bf16 type where no toolkit is installed.
#include <string.h>
#else
#include <cuda_bf16.h>
#endif
#include <math.h>
#include <stddef.h>
#include <stdint.h>

// Dynamic shared memory. nvcc: the block's extern array. The emulator hands out the buffer of the block it is
// running, since C++ has no extern array local to a function. Every kernel here declares it as float, under its
// own name: all files are compiled into one module, where two extern __shared__ arrays of one name must agree.
#ifdef NAPKIN_EMU
#define NAPKIN_DYNAMIC_SHARED(type, name) type* name = napkin_emu_dynamic_shared<type>()
#else
#define NAPKIN_DYNAMIC_SHARED(type, name) extern __shared__ type name[]
#endif

// Full unrolling of loops with compile-time trip counts, so small per-thread arrays stay in registers.
#ifdef NAPKIN_EMU
#define NAPKIN_UNROLL
#else
#define NAPKIN_UNROLL _Pragma("unroll")
#endif

#define NAPKIN_WARP 32
#define NAPKIN_FULL_MASK 0xffffffffu
// Warps of a column-sum block (bias and LayerNorm parameter gradients): block 32 x 32 = 1024 threads.
#define COLUMN_SUM_WARPS 32

// ---- storage <-> fp32 -----------------------------------------------------------------------------------------
// All arithmetic is fp32; floatX (float or __nv_bfloat16) is only how a tensor is stored.

__device__ __forceinline__ float toFloat(float x) { return x; }
__device__ __forceinline__ float toFloat(__nv_bfloat16 x) { return __bfloat162float(x); }

// fromFloat<floatX>(x): a template, because overloads cannot differ by return type alone.
template <class T> __device__ __forceinline__ T fromFloat(float x);
template <> __device__ __forceinline__ float fromFloat<float>(float x) { return x; }
template <> __device__ __forceinline__ __nv_bfloat16 fromFloat<__nv_bfloat16>(float x) {
    return __float2bfloat16(x); // round to nearest even
}

// ---- 128-bit packs ----------------------------------------------------------------------------------------------
// 4 floats or 8 bf16 moved by one 16-byte load or store. Kernels take the pack path only when every pointer is
// 16-byte aligned (checked at run time, uniform over the grid) and finish the tail element by element.

template <class T> struct alignas(16) Pack128 {
    static constexpr int SIZE = 16 / sizeof(T);
    T v[SIZE];
};

template <class T> __device__ __forceinline__ Pack128<T> load128(const T* p) {
    Pack128<T> r;
#ifdef NAPKIN_EMU
    memcpy(static_cast<void*>(&r), p, sizeof r);
#else
    *reinterpret_cast<uint4*>(&r) = *reinterpret_cast<const uint4*>(p);
#endif
    return r;
}

template <class T> __device__ __forceinline__ void store128(T* p, const Pack128<T>& x) {
#ifdef NAPKIN_EMU
    memcpy(static_cast<void*>(p), &x, sizeof x);
#else
    *reinterpret_cast<uint4*>(p) = *reinterpret_cast<const uint4*>(&x);
#endif
}

__device__ __forceinline__ bool aligned16(const void* p) { return (reinterpret_cast<uintptr_t>(p) & 15) == 0; }

// ---- grid-stride indexing -----------------------------------------------------------------------------------

__device__ __forceinline__ size_t globalThread() { return (size_t)blockIdx.x * blockDim.x + threadIdx.x; }
__device__ __forceinline__ size_t gridThreads() { return (size_t)gridDim.x * blockDim.x; }

// ---- reductions -------------------------------------------------------------------------------------------------
// Butterfly (xor) shuffles: every lane ends with the same bits, since each step adds a pair in both orders and
// float addition is commutative. The order is fixed by the lane layout alone, so results repeat run to run.

__device__ __forceinline__ float warpReduceSum(float v) {
    for (int offset = NAPKIN_WARP / 2; offset > 0; offset >>= 1) {
        v += __shfl_xor_sync(NAPKIN_FULL_MASK, v, offset);
    }
    return v;
}

__device__ __forceinline__ float warpReduceMax(float v) {
    for (int offset = NAPKIN_WARP / 2; offset > 0; offset >>= 1) {
        v = fmaxf(v, __shfl_xor_sync(NAPKIN_FULL_MASK, v, offset));
    }
    return v;
}

// Sum (or max) over the whole block, returned to every thread. blockDim.x a multiple of 32, at most 1024; every
// thread of the block must call it. The leading barrier lets a kernel call it again right away: nobody
// overwrites the partials before everyone has read the previous call's.
__device__ __forceinline__ float blockReduceSum(float v) {
    __shared__ float partialSum[NAPKIN_WARP];
    int lane = threadIdx.x % NAPKIN_WARP;
    int warp = threadIdx.x / NAPKIN_WARP;
    int warps = blockDim.x / NAPKIN_WARP;
    v = warpReduceSum(v);
    __syncthreads();
    if (lane == 0) {
        partialSum[warp] = v;
    }
    __syncthreads();
    return warpReduceSum(lane < warps ? partialSum[lane] : 0.0f);
}

__device__ __forceinline__ float blockReduceMax(float v) {
    __shared__ float partialMax[NAPKIN_WARP];
    int lane = threadIdx.x % NAPKIN_WARP;
    int warp = threadIdx.x / NAPKIN_WARP;
    int warps = blockDim.x / NAPKIN_WARP;
    v = warpReduceMax(v);
    __syncthreads();
    if (lane == 0) {
        partialMax[warp] = v;
    }
    __syncthreads();
    return warpReduceMax(lane < warps ? partialMax[lane] : -INFINITY);
}
