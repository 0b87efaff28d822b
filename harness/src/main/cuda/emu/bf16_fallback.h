// bf16_fallback.h: what the emulator needs of cuda_bf16.h and vector_types.h where no CUDA toolkit is installed:
// the bf16 storage type with round-to-nearest-even conversion (as __float2bfloat16), uint3 and dim3.
#pragma once

#include <cstdint>
#include <cstring>

struct uint3 {
    unsigned int x, y, z;
};

struct dim3 {
    unsigned int x, y, z;
    constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
};

struct __nv_bfloat16 {
    unsigned short __x;
};

inline __nv_bfloat16 __float2bfloat16(float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    __nv_bfloat16 r;
    if ((bits & 0x7fffffffu) > 0x7f800000u) {
        r.__x = static_cast<unsigned short>((bits >> 16) | 0x40u);  // NaN stays NaN
    } else {
        r.__x = static_cast<unsigned short>((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
    }
    return r;
}

inline float __bfloat162float(__nv_bfloat16 h) {
    uint32_t bits = static_cast<uint32_t>(h.__x) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}
