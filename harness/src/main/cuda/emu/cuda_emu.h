// cuda_emu.h: lets g++ (C++20) compile napkin's .cu kernels unchanged and run them on the CPU.
//
// Force-included (g++ -include) before every kernel source. The execution model, after Numba's CUDA simulator:
// - the blocks of a grid run one after another, so a function-static array serves as __shared__;
// - the threads of a block run as cooperative fibers on one OS thread and switch only where CUDA threads
//   synchronise: __syncthreads() (all threads of the block) and the warp operations (__shfl_*_sync, __syncwarp,
//   vote functions), whose participants are the lanes their mask names;
// - a barrier that some thread can never reach (it exited, or waits at another barrier) is reported as a
//   deadlock naming the kernel and the block, instead of hanging;
// - atomicAdd goes through std::atomic_ref; blocks run serially, so inter-block races are not modelled, and
//   neither are mma.sync, cp.async, wgmma or cooperative groups: kernels that the emulator tests avoid them.
#pragma once

#define NAPKIN_EMU 1

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <type_traits>

// CUDA's execution-space keywords mean nothing on the CPU; defined before the toolkit headers, which then keep
// these definitions (crt/host_defines.h defines them only where they are not defined yet).
#define __host__
#define __device__
#define __global__
#define __shared__ static
#define __constant__ static
#define __launch_bounds__(...)
#define __noinline__ __attribute__((noinline))

#if __has_include(<cuda_bf16.h>)
#include <cuda_bf16.h>  // the toolkit's bf16: its host path converts with round-to-nearest-even
#else
#include "bf16_fallback.h"
#endif
#ifndef __forceinline__  // the toolkit's headers define it; the fallback does not
#define __forceinline__ inline
#endif

namespace napkin_emu {

// The thread and block the running fiber stands for; set by the scheduler (runtime.cpp) before each switch.
extern thread_local uint3 thread_idx;
extern thread_local uint3 block_idx;
extern thread_local dim3 block_dim;
extern thread_local dim3 grid_dim;

// Block-wide barrier and warp barrier (mask: the participating lanes); both yield to the scheduler.
void sync_block();
void sync_warp(unsigned mask);

// One warp exchange: every participating lane publishes `value` (up to 8 bytes) and returns the 8 bytes that lane
// `src_lane` published; a lane outside the warp or the mask returns its own value (as CUDA leaves it undefined).
uint64_t exchange(unsigned mask, uint64_t value, int src_lane);
// Votes: the bits of the mask's lanes whose predicate was non-zero.
unsigned ballot(unsigned mask, int predicate);

// Dynamic shared memory of the current launch (sharedMemBytes of the launch, poisoned with NaN bytes per block).
void* dynamic_shared_bytes();

// A kernel-side failure (trap): ends the launch with this message.
[[noreturn]] void fail(const char* message);

inline int lane_id() {
    unsigned linear = thread_idx.x + block_dim.x * (thread_idx.y + block_dim.y * thread_idx.z);
    return static_cast<int>(linear % 32u);
}

template <class T>
uint64_t to_bits(T value) {
    static_assert(sizeof(T) <= 8 && std::is_trivially_copyable_v<T>, "warp shuffles move at most 8 bytes");
    uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof(T));
    return bits;
}

template <class T>
T from_bits(uint64_t bits) {
    T value;
    std::memcpy(&value, &bits, sizeof(T));
    return value;
}

}  // namespace napkin_emu

#define threadIdx (::napkin_emu::thread_idx)
#define blockIdx (::napkin_emu::block_idx)
#define blockDim (::napkin_emu::block_dim)
#define gridDim (::napkin_emu::grid_dim)
static constexpr int warpSize = 32;

template <class T>
inline T* napkin_emu_dynamic_shared() {
    return static_cast<T*>(::napkin_emu::dynamic_shared_bytes());
}

inline void __syncthreads() { ::napkin_emu::sync_block(); }
inline void __syncwarp(unsigned mask = 0xffffffffu) { ::napkin_emu::sync_warp(mask); }
inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence_block() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __trap() { ::napkin_emu::fail("__trap() called"); }

// Warp shuffles (CUDA C++ Programming Guide, "Warp Shuffle Functions"): width splits the warp into segments;
// a source outside the caller's segment leaves the caller's own value.
template <class T>
inline T __shfl_sync(unsigned mask, T var, int src_lane, int width = 32) {
    int lane = ::napkin_emu::lane_id();
    int src = (lane / width) * width + (src_lane % width);
    return ::napkin_emu::from_bits<T>(::napkin_emu::exchange(mask, ::napkin_emu::to_bits(var), src));
}

template <class T>
inline T __shfl_xor_sync(unsigned mask, T var, int lane_mask, int width = 32) {
    int lane = ::napkin_emu::lane_id();
    int src = lane ^ lane_mask;
    if (src / width != lane / width) src = lane;
    return ::napkin_emu::from_bits<T>(::napkin_emu::exchange(mask, ::napkin_emu::to_bits(var), src));
}

template <class T>
inline T __shfl_down_sync(unsigned mask, T var, unsigned delta, int width = 32) {
    int lane = ::napkin_emu::lane_id();
    int src = (lane % width) + static_cast<int>(delta) < width ? lane + static_cast<int>(delta) : lane;
    return ::napkin_emu::from_bits<T>(::napkin_emu::exchange(mask, ::napkin_emu::to_bits(var), src));
}

template <class T>
inline T __shfl_up_sync(unsigned mask, T var, unsigned delta, int width = 32) {
    int lane = ::napkin_emu::lane_id();
    int src = (lane % width) >= static_cast<int>(delta) ? lane - static_cast<int>(delta) : lane;
    return ::napkin_emu::from_bits<T>(::napkin_emu::exchange(mask, ::napkin_emu::to_bits(var), src));
}

inline unsigned __ballot_sync(unsigned mask, int predicate) { return ::napkin_emu::ballot(mask, predicate); }
inline int __any_sync(unsigned mask, int predicate) { return ::napkin_emu::ballot(mask, predicate) != 0; }
inline int __all_sync(unsigned mask, int predicate) {
    return ::napkin_emu::ballot(mask, predicate) == ::napkin_emu::ballot(mask, 1);
}
inline unsigned __activemask() { return 0xffffffffu; }

// Atomics: a CPU atomic on the same address; the emulator runs one block at a time, so they only matter for
// kernels whose threads of one block meet at an address.
template <class T>
inline T atomicAdd(T* address, T value) {
    return std::atomic_ref<T>(*address).fetch_add(value);
}
template <class T>
inline T atomicMax(T* address, T value) {
    std::atomic_ref<T> ref(*address);
    T old = ref.load();
    while (old < value && !ref.compare_exchange_weak(old, value)) {
    }
    return old;
}
template <class T>
inline T atomicExch(T* address, T value) {
    return std::atomic_ref<T>(*address).exchange(value);
}

// Device math functions with no C library twin (CUDA Math API); the intrinsics compute as their accurate twins.
inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
inline float __expf(float x) { return std::exp(x); }
inline float __logf(float x) { return std::log(x); }
inline float __fdividef(float x, float y) { return x / y; }
inline float __frcp_rn(float x) { return 1.0f / x; }
inline float __fsqrt_rn(float x) { return std::sqrt(x); }
inline float __saturatef(float x) { return std::min(1.0f, std::max(0.0f, x)); }
inline float __int_as_float(int x) { return std::bit_cast<float>(x); }
inline int __float_as_int(float x) { return std::bit_cast<int>(x); }
inline unsigned __float_as_uint(float x) { return std::bit_cast<unsigned>(x); }
inline float __uint_as_float(unsigned x) { return std::bit_cast<float>(x); }
template <class T>
inline T __ldg(const T* p) { return *p; }

// CUDA's global min and max overloads, for any mix of arithmetic types (CUDA picks the common type too).
template <class A, class B>
    requires(std::is_arithmetic_v<A> && std::is_arithmetic_v<B>)
inline std::common_type_t<A, B> min(A a, B b) {
    using C = std::common_type_t<A, B>;
    return static_cast<C>(b) < static_cast<C>(a) ? static_cast<C>(b) : static_cast<C>(a);
}
template <class A, class B>
    requires(std::is_arithmetic_v<A> && std::is_arithmetic_v<B>)
inline std::common_type_t<A, B> max(A a, B b) {
    using C = std::common_type_t<A, B>;
    return static_cast<C>(a) < static_cast<C>(b) ? static_cast<C>(b) : static_cast<C>(a);
}
