// Fused causal attention (FlashAttention-2, Dao 2023, algorithms 1 and 2, in plain fp32 SIMT code): the T x T
// score matrix lives only tile by tile in shared memory. Same math as Attention.java: P = softmax(Q K^T / sqrt(HS))
// over keys t2 <= t, out = P V.
//
// qkv (B, T, 3C): row (b, t) holds Q, K, V, C = NH*HS columns each, head h at columns h*HS of each third.
// out, dout (B, T, C); lse, delta (B, NH, T) fp32; dqkv (B, T, 3C) like qkv.
//
// Tiles: R query rows by R key rows, R = 32 for HS <= 64 and R = 16 for 64 < HS <= 128, so a tile holds at most
// 2048 values of a head. HS above 128 is not supported: the host checks HS <= 128 (the kernels do not).
// Shared tiles are fp32 with rows padded to HS + 1 floats, so the rows that a warp reads together fall in
// different banks.
// 128 threads as 16 x 8: thread (ty, tx) = (tid / 8, tid % 8) owns tile rows ty + 16i and, within a score tile,
// columns tx + 8j; within an R x HS accumulator, dimensions tx + 8k. A row's 8 owners are 8 consecutive lanes,
// so row maxima and sums are three xor shuffles.
//
// Launch, all three main kernels: block 128 (exactly), grid (B*NH, ceil(T / R)); dynamic shared bytes:
//   forward: 4 * (3*R*(HS+1) + R*(R+1))
//   dkdv:    4 * (4*R*(HS+1) + 2*R*(R+1) + 2*R)
//   dq:      4 * (4*R*(HS+1) + R*(R+1))
// At most 41,984 bytes (dkdv, HS = 64), under the 48 KiB that needs no opt-in.
// blockIdx.y is mapped so that the blocks with the most tiles to visit start first.
#include "common.cuh"

#define FLASH_THREADS 128
#define FLASH_TILE_VALUES 2048 // R * (largest HS for that R)

// Tile rows for a head size: 32 up to HS 64, else 16.
__device__ __forceinline__ int flashTileRows(int HS) { return HS <= 64 ? 32 : 16; }

// dst[r * (HS + 1) + d] = src[(r0 + r) * rowStride + d] for r < R, d < HS; zeros for rows at or past T.
template <class floatX, int R>
__device__ __forceinline__ void flashLoadTile(float* dst, const floatX* src, size_t rowStride, int r0, int T,
                                              int HS) {
    for (int idx = threadIdx.x; idx < R * HS; idx += FLASH_THREADS) {
        int r = idx / HS;
        int d = idx % HS;
        dst[r * (HS + 1) + d] = r0 + r < T ? toFloat(src[(size_t)(r0 + r) * rowStride + d]) : 0.0f;
    }
}

// The two products a backward tile needs, over HS for one thread's register tile: S = A·Bᵀ and dP = G·Wᵀ, rows
// ty + 16i of A and G against rows tx + 8j of B and W (all four R x HS tiles in shared memory, leading dimension
// HS + 1). dK/dV takes K, V against Q, dO; dQ takes Q, dO against K, V.
template <int RI, int RJ>
__device__ __forceinline__ void flashScoreTiles(float (&s)[RI][RJ], float (&dp)[RI][RJ], const float* sA,
                                                const float* sG, const float* sB, const float* sW, int HS, int ty,
                                                int tx) {
    const int LD = HS + 1;
    NAPKIN_UNROLL
    for (int i = 0; i < RI; i++) {
        NAPKIN_UNROLL
        for (int j = 0; j < RJ; j++) {
            s[i][j] = 0.0f;
            dp[i][j] = 0.0f;
        }
    }
    for (int d = 0; d < HS; d++) {
        float a[RI];
        float g[RI];
        float b[RJ];
        float w[RJ];
        NAPKIN_UNROLL
        for (int i = 0; i < RI; i++) {
            a[i] = sA[(ty + 16 * i) * LD + d];
            g[i] = sG[(ty + 16 * i) * LD + d];
        }
        NAPKIN_UNROLL
        for (int j = 0; j < RJ; j++) {
            b[j] = sB[(tx + 8 * j) * LD + d];
            w[j] = sW[(tx + 8 * j) * LD + d];
        }
        NAPKIN_UNROLL
        for (int i = 0; i < RI; i++) {
            NAPKIN_UNROLL
            for (int j = 0; j < RJ; j++) {
                s[i][j] += a[i] * b[j];
                dp[i][j] += g[i] * w[j];
            }
        }
    }
}

// Max and sum over the 8 lanes that own one tile row.
__device__ __forceinline__ float rowGroupMax(float v) {
    for (int offset = 1; offset < 8; offset <<= 1) {
        v = fmaxf(v, __shfl_xor_sync(NAPKIN_FULL_MASK, v, offset));
    }
    return v;
}
__device__ __forceinline__ float rowGroupSum(float v) {
    for (int offset = 1; offset < 8; offset <<= 1) {
        v += __shfl_xor_sync(NAPKIN_FULL_MASK, v, offset);
    }
    return v;
}

// out and lse for the R queries of one (b, h, query tile), visiting key tiles 0 .. qt with an online softmax:
// running max m and sum l per row; when the max grows, the sum and the output accumulator are rescaled by
// exp(m_old - m_new). lse = m + log(l), of the scaled scores.
template <class floatX, int R>
__device__ void flash_attention_forward(floatX* out, float* lse, const floatX* qkv, int B, int T, int NH, int HS) {
    constexpr int RI = R / 16;
    constexpr int RJ = R / 8;
    constexpr int DK = FLASH_TILE_VALUES / R / 8;
    (void)B; // the grid gives b
    const int LD = HS + 1;
    NAPKIN_DYNAMIC_SHARED(float, flashForwardShared);
    float* sQ = flashForwardShared;
    float* sK = sQ + R * LD;
    float* sV = sK + R * LD;
    float* sP = sV + R * LD; // R x (R + 1)

    int b = blockIdx.x / NH;
    int h = blockIdx.x % NH;
    int qt = gridDim.y - 1 - blockIdx.y;
    int q0 = qt * R;
    int C = NH * HS;
    size_t rowStride = 3 * (size_t)C;
    const floatX* base = qkv + (size_t)b * T * rowStride + h * HS;
    float scale = 1.0f / sqrtf((float)HS);
    int ty = threadIdx.x / 8;
    int tx = threadIdx.x % 8;

    flashLoadTile<floatX, R>(sQ, base, rowStride, q0, T, HS);
    float m[RI];
    float l[RI];
    float acc[RI][DK];
    NAPKIN_UNROLL
    for (int i = 0; i < RI; i++) {
        m[i] = -INFINITY;
        l[i] = 0.0f;
        NAPKIN_UNROLL
        for (int k = 0; k < DK; k++) {
            acc[i][k] = 0.0f;
        }
    }

    for (int kt = 0; kt <= qt; kt++) {
        int k0 = kt * R;
        __syncthreads(); // the previous tile's readers of sK, sV and sP are done
        flashLoadTile<floatX, R>(sK, base + C, rowStride, k0, T, HS);
        flashLoadTile<floatX, R>(sV, base + 2 * C, rowStride, k0, T, HS);
        __syncthreads();

        float s[RI][RJ];
        NAPKIN_UNROLL
        for (int i = 0; i < RI; i++) {
            NAPKIN_UNROLL
            for (int j = 0; j < RJ; j++) {
                s[i][j] = 0.0f;
            }
        }
        for (int d = 0; d < HS; d++) {
            float q[RI];
            float k[RJ];
            NAPKIN_UNROLL
            for (int i = 0; i < RI; i++) {
                q[i] = sQ[(ty + 16 * i) * LD + d];
            }
            NAPKIN_UNROLL
            for (int j = 0; j < RJ; j++) {
                k[j] = sK[(tx + 8 * j) * LD + d];
            }
            NAPKIN_UNROLL
            for (int i = 0; i < RI; i++) {
                NAPKIN_UNROLL
                for (int j = 0; j < RJ; j++) {
                    s[i][j] += q[i] * k[j];
                }
            }
        }

        NAPKIN_UNROLL

        for (int i = 0; i < RI; i++) {
            int row = q0 + ty + 16 * i;
            float tileMax = -INFINITY;
            NAPKIN_UNROLL
            for (int j = 0; j < RJ; j++) {
                s[i][j] = k0 + tx + 8 * j <= row ? s[i][j] * scale : -INFINITY;
                tileMax = fmaxf(tileMax, s[i][j]);
            }
            // finite: key 0 is visible to every row, so the first key tile sets a finite max
            float mNew = fmaxf(m[i], rowGroupMax(tileMax));
            float correction = expf(m[i] - mNew);
            float tileSum = 0.0f;
            NAPKIN_UNROLL
            for (int j = 0; j < RJ; j++) {
                float p = expf(s[i][j] - mNew);
                sP[(ty + 16 * i) * (R + 1) + tx + 8 * j] = p;
                tileSum += p;
            }
            l[i] = l[i] * correction + rowGroupSum(tileSum);
            m[i] = mNew;
            NAPKIN_UNROLL
            for (int k = 0; k < DK; k++) {
                acc[i][k] *= correction;
            }
        }
        __syncthreads();

        for (int c = 0; c < R; c++) {
            float p[RI];
            NAPKIN_UNROLL
            for (int i = 0; i < RI; i++) {
                p[i] = sP[(ty + 16 * i) * (R + 1) + c];
            }
            NAPKIN_UNROLL
            for (int k = 0; k < DK; k++) {
                int d = tx + 8 * k;
                float v = d < HS ? sV[c * LD + d] : 0.0f;
                NAPKIN_UNROLL
                for (int i = 0; i < RI; i++) {
                    acc[i][k] += p[i] * v;
                }
            }
        }
    }

    NAPKIN_UNROLL

    for (int i = 0; i < RI; i++) {
        int row = q0 + ty + 16 * i;
        if (row >= T) {
            continue;
        }
        float inv = 1.0f / l[i];
        floatX* o = out + ((size_t)b * T + row) * C + h * HS;
        NAPKIN_UNROLL
        for (int k = 0; k < DK; k++) {
            int d = tx + 8 * k;
            if (d < HS) {
                o[d] = fromFloat<floatX>(acc[i][k] * inv);
            }
        }
        if (tx == 0) {
            lse[((size_t)b * NH + h) * T + row] = m[i] + logf(l[i]);
        }
    }
}

// delta (B, NH, T) = sum over d of dout * out, per row of each head. One warp per (b, t, h).
// Launch: block 256 (8 rows; any multiple of 32), grid ceil(B*T*NH / (block/32)), no dynamic shared.
template <class floatX>
__device__ void flash_attention_backward_preprocess(float* delta, const floatX* out, const floatX* dout, int B, int T,
                                                    int NH, int HS) {
    int lane = threadIdx.x % NAPKIN_WARP;
    int row = blockIdx.x * (blockDim.x / NAPKIN_WARP) + threadIdx.x / NAPKIN_WARP; // (b * T + t) * NH + h
    if (row >= B * T * NH) {
        return;
    }
    int h = row % NH;
    int bt = row / NH;
    int b = bt / T;
    int t = bt % T;
    size_t o = (size_t)row * HS; // row (b, t), columns h*HS ..
    float sum = 0.0f;
    for (int d = lane; d < HS; d += NAPKIN_WARP) {
        sum += toFloat(dout[o + d]) * toFloat(out[o + d]);
    }
    sum = warpReduceSum(sum);
    if (lane == 0) {
        delta[((size_t)b * NH + h) * T + t] = sum;
    }
}

// dK and dV for the R keys of one (b, h, key tile), visiting query tiles kt .. last (those that can see the keys).
// Per query tile, with the scores recomputed from Q and K:
//   P = exp(S * scale - lse), dV += P^T dO, dP = dO V^T, dS = P (dP - delta), dK += dS^T Q (times scale at the end).
// Each block writes only its own keys' columns: no atomics.
template <class floatX, int R>
__device__ void flash_attention_backward_dkdv(floatX* dqkv, const floatX* dout, const floatX* qkv, const float* lse,
                                              const float* delta, int B, int T, int NH, int HS) {
    constexpr int RI = R / 16;
    constexpr int RJ = R / 8;
    constexpr int DK = FLASH_TILE_VALUES / R / 8;
    (void)B; // the grid gives b
    const int LD = HS + 1;
    NAPKIN_DYNAMIC_SHARED(float, flashDkdvShared);
    float* sK = flashDkdvShared;
    float* sV = sK + R * LD;
    float* sQ = sV + R * LD;
    float* sdO = sQ + R * LD;
    float* sP = sdO + R * LD;      // R keys x (R + 1) queries
    float* sdS = sP + R * (R + 1); // likewise
    float* sLse = sdS + R * (R + 1);
    float* sDelta = sLse + R;

    int b = blockIdx.x / NH;
    int h = blockIdx.x % NH;
    int kt = blockIdx.y; // key tile 0 sees every query tile: start it first
    int k0 = kt * R;
    int C = NH * HS;
    size_t rowStride = 3 * (size_t)C;
    const floatX* base = qkv + (size_t)b * T * rowStride + h * HS;
    const floatX* doutBase = dout + (size_t)b * T * C + h * HS;
    const float* lseHead = lse + ((size_t)b * NH + h) * T;
    const float* deltaHead = delta + ((size_t)b * NH + h) * T;
    float scale = 1.0f / sqrtf((float)HS);
    int ty = threadIdx.x / 8;
    int tx = threadIdx.x % 8;

    flashLoadTile<floatX, R>(sK, base + C, rowStride, k0, T, HS);
    flashLoadTile<floatX, R>(sV, base + 2 * C, rowStride, k0, T, HS);
    float dK[RI][DK];
    float dV[RI][DK];
    NAPKIN_UNROLL
    for (int i = 0; i < RI; i++) {
        NAPKIN_UNROLL
        for (int k = 0; k < DK; k++) {
            dK[i][k] = 0.0f;
            dV[i][k] = 0.0f;
        }
    }

    for (int qt = kt; qt < (int)gridDim.y; qt++) {
        int q0 = qt * R;
        __syncthreads(); // the previous tile's readers of sQ, sdO, sP, sdS are done
        flashLoadTile<floatX, R>(sQ, base, rowStride, q0, T, HS);
        flashLoadTile<floatX, R>(sdO, doutBase, C, q0, T, HS);
        for (int r = threadIdx.x; r < R; r += FLASH_THREADS) {
            sLse[r] = q0 + r < T ? lseHead[q0 + r] : 0.0f;
            sDelta[r] = q0 + r < T ? deltaHead[q0 + r] : 0.0f;
        }
        __syncthreads();

        float s[RI][RJ];
        float dp[RI][RJ];
        flashScoreTiles<RI, RJ>(s, dp, sK, sV, sQ, sdO, HS, ty, tx); // S = K·Qᵀ, dP = V·dOᵀ
        NAPKIN_UNROLL
        for (int i = 0; i < RI; i++) {
            int key = k0 + ty + 16 * i;
            NAPKIN_UNROLL
            for (int j = 0; j < RJ; j++) {
                int query = q0 + tx + 8 * j;
                float p = 0.0f;
                float ds = 0.0f;
                if (query >= key && query < T) {
                    p = expf(s[i][j] * scale - sLse[tx + 8 * j]);
                    ds = p * (dp[i][j] - sDelta[tx + 8 * j]);
                }
                sP[(ty + 16 * i) * (R + 1) + tx + 8 * j] = p;
                sdS[(ty + 16 * i) * (R + 1) + tx + 8 * j] = ds;
            }
        }
        __syncthreads();

        for (int c = 0; c < R; c++) {
            float p[RI];
            float ds[RI];
            NAPKIN_UNROLL
            for (int i = 0; i < RI; i++) {
                p[i] = sP[(ty + 16 * i) * (R + 1) + c];
                ds[i] = sdS[(ty + 16 * i) * (R + 1) + c];
            }
            NAPKIN_UNROLL
            for (int k = 0; k < DK; k++) {
                int d = tx + 8 * k;
                float g = d < HS ? sdO[c * LD + d] : 0.0f;
                float q = d < HS ? sQ[c * LD + d] : 0.0f;
                NAPKIN_UNROLL
                for (int i = 0; i < RI; i++) {
                    dV[i][k] += p[i] * g;
                    dK[i][k] += ds[i] * q;
                }
            }
        }
    }

    NAPKIN_UNROLL

    for (int i = 0; i < RI; i++) {
        int key = k0 + ty + 16 * i;
        if (key >= T) {
            continue;
        }
        floatX* row = dqkv + ((size_t)b * T + key) * rowStride + h * HS;
        NAPKIN_UNROLL
        for (int k = 0; k < DK; k++) {
            int d = tx + 8 * k;
            if (d < HS) {
                row[C + d] = fromFloat<floatX>(dK[i][k] * scale);
                row[2 * C + d] = fromFloat<floatX>(dV[i][k]);
            }
        }
    }
}

// dQ for the R queries of one (b, h, query tile), visiting key tiles 0 .. qt:
//   P = exp(S * scale - lse), dP = dO V^T, dS = P (dP - delta), dQ += dS K (times scale at the end).
template <class floatX, int R>
__device__ void flash_attention_backward_dq(floatX* dqkv, const floatX* dout, const floatX* qkv, const float* lse,
                                            const float* delta, int B, int T, int NH, int HS) {
    constexpr int RI = R / 16;
    constexpr int RJ = R / 8;
    constexpr int DK = FLASH_TILE_VALUES / R / 8;
    (void)B; // the grid gives b
    const int LD = HS + 1;
    NAPKIN_DYNAMIC_SHARED(float, flashDqShared);
    float* sQ = flashDqShared;
    float* sdO = sQ + R * LD;
    float* sK = sdO + R * LD;
    float* sV = sK + R * LD;
    float* sdS = sV + R * LD; // R queries x (R + 1) keys

    int b = blockIdx.x / NH;
    int h = blockIdx.x % NH;
    int qt = gridDim.y - 1 - blockIdx.y;
    int q0 = qt * R;
    int C = NH * HS;
    size_t rowStride = 3 * (size_t)C;
    const floatX* base = qkv + (size_t)b * T * rowStride + h * HS;
    const float* lseHead = lse + ((size_t)b * NH + h) * T;
    const float* deltaHead = delta + ((size_t)b * NH + h) * T;
    float scale = 1.0f / sqrtf((float)HS);
    int ty = threadIdx.x / 8;
    int tx = threadIdx.x % 8;

    flashLoadTile<floatX, R>(sQ, base, rowStride, q0, T, HS);
    flashLoadTile<floatX, R>(sdO, dout + (size_t)b * T * C + h * HS, C, q0, T, HS);
    float rowLse[RI];
    float rowDelta[RI];
    float dQ[RI][DK];
    NAPKIN_UNROLL
    for (int i = 0; i < RI; i++) {
        int query = q0 + ty + 16 * i;
        rowLse[i] = query < T ? lseHead[query] : 0.0f;
        rowDelta[i] = query < T ? deltaHead[query] : 0.0f;
        NAPKIN_UNROLL
        for (int k = 0; k < DK; k++) {
            dQ[i][k] = 0.0f;
        }
    }

    for (int kt = 0; kt <= qt; kt++) {
        int k0 = kt * R;
        __syncthreads(); // the previous tile's readers of sK, sdS are done
        flashLoadTile<floatX, R>(sK, base + C, rowStride, k0, T, HS);
        flashLoadTile<floatX, R>(sV, base + 2 * C, rowStride, k0, T, HS);
        __syncthreads();

        float s[RI][RJ];
        float dp[RI][RJ];
        flashScoreTiles<RI, RJ>(s, dp, sQ, sdO, sK, sV, HS, ty, tx); // S = Q·Kᵀ, dP = dO·Vᵀ
        NAPKIN_UNROLL
        for (int i = 0; i < RI; i++) {
            int query = q0 + ty + 16 * i;
            NAPKIN_UNROLL
            for (int j = 0; j < RJ; j++) {
                int key = k0 + tx + 8 * j;
                float ds = 0.0f;
                if (key <= query && query < T) {
                    float p = expf(s[i][j] * scale - rowLse[i]);
                    ds = p * (dp[i][j] - rowDelta[i]);
                }
                sdS[(ty + 16 * i) * (R + 1) + tx + 8 * j] = ds;
            }
        }
        __syncthreads();

        for (int c = 0; c < R; c++) {
            float ds[RI];
            NAPKIN_UNROLL
            for (int i = 0; i < RI; i++) {
                ds[i] = sdS[(ty + 16 * i) * (R + 1) + c];
            }
            NAPKIN_UNROLL
            for (int k = 0; k < DK; k++) {
                int d = tx + 8 * k;
                float key = d < HS ? sK[c * LD + d] : 0.0f;
                NAPKIN_UNROLL
                for (int i = 0; i < RI; i++) {
                    dQ[i][k] += ds[i] * key;
                }
            }
        }
    }

    NAPKIN_UNROLL

    for (int i = 0; i < RI; i++) {
        int query = q0 + ty + 16 * i;
        if (query >= T) {
            continue;
        }
        floatX* row = dqkv + ((size_t)b * T + query) * rowStride + h * HS;
        NAPKIN_UNROLL
        for (int k = 0; k < DK; k++) {
            int d = tx + 8 * k;
            if (d < HS) {
                row[d] = fromFloat<floatX>(dQ[i][k] * scale);
            }
        }
    }
}

// The entry points pick the tile size from HS (uniform over the grid).
template <class floatX>
__device__ __forceinline__ void flashForward(floatX* out, float* lse, const floatX* qkv, int B, int T, int NH,
                                             int HS) {
    if (flashTileRows(HS) == 32) {
        flash_attention_forward<floatX, 32>(out, lse, qkv, B, T, NH, HS);
    } else {
        flash_attention_forward<floatX, 16>(out, lse, qkv, B, T, NH, HS);
    }
}
template <class floatX>
__device__ __forceinline__ void flashDkdv(floatX* dqkv, const floatX* dout, const floatX* qkv, const float* lse,
                                          const float* delta, int B, int T, int NH, int HS) {
    if (flashTileRows(HS) == 32) {
        flash_attention_backward_dkdv<floatX, 32>(dqkv, dout, qkv, lse, delta, B, T, NH, HS);
    } else {
        flash_attention_backward_dkdv<floatX, 16>(dqkv, dout, qkv, lse, delta, B, T, NH, HS);
    }
}
template <class floatX>
__device__ __forceinline__ void flashDq(floatX* dqkv, const floatX* dout, const floatX* qkv, const float* lse,
                                        const float* delta, int B, int T, int NH, int HS) {
    if (flashTileRows(HS) == 32) {
        flash_attention_backward_dq<floatX, 32>(dqkv, dout, qkv, lse, delta, B, T, NH, HS);
    } else {
        flash_attention_backward_dq<floatX, 16>(dqkv, dout, qkv, lse, delta, B, T, NH, HS);
    }
}

extern "C" __global__ void flash_attention_forward_f32(float* out, float* lse, const float* qkv, int B, int T, int NH,
                                                       int HS) {
    flashForward(out, lse, qkv, B, T, NH, HS);
}
extern "C" __global__ void flash_attention_forward_bf16(__nv_bfloat16* out, float* lse, const __nv_bfloat16* qkv,
                                                        int B, int T, int NH, int HS) {
    flashForward(out, lse, qkv, B, T, NH, HS);
}
extern "C" __global__ void flash_attention_backward_preprocess_f32(float* delta, const float* out, const float* dout,
                                                                   int B, int T, int NH, int HS) {
    flash_attention_backward_preprocess(delta, out, dout, B, T, NH, HS);
}
extern "C" __global__ void flash_attention_backward_preprocess_bf16(float* delta, const __nv_bfloat16* out,
                                                                    const __nv_bfloat16* dout, int B, int T, int NH,
                                                                    int HS) {
    flash_attention_backward_preprocess(delta, out, dout, B, T, NH, HS);
}
extern "C" __global__ void flash_attention_backward_dkdv_f32(float* dqkv, const float* dout, const float* qkv,
                                                             const float* lse, const float* delta, int B, int T,
                                                             int NH, int HS) {
    flashDkdv(dqkv, dout, qkv, lse, delta, B, T, NH, HS);
}
extern "C" __global__ void flash_attention_backward_dkdv_bf16(__nv_bfloat16* dqkv, const __nv_bfloat16* dout,
                                                              const __nv_bfloat16* qkv, const float* lse,
                                                              const float* delta, int B, int T, int NH, int HS) {
    flashDkdv(dqkv, dout, qkv, lse, delta, B, T, NH, HS);
}
extern "C" __global__ void flash_attention_backward_dq_f32(float* dqkv, const float* dout, const float* qkv,
                                                           const float* lse, const float* delta, int B, int T, int NH,
                                                           int HS) {
    flashDq(dqkv, dout, qkv, lse, delta, B, T, NH, HS);
}
extern "C" __global__ void flash_attention_backward_dq_bf16(__nv_bfloat16* dqkv, const __nv_bfloat16* dout,
                                                            const __nv_bfloat16* qkv, const float* lse,
                                                            const float* delta, int B, int T, int NH, int HS) {
    flashDq(dqkv, dout, qkv, lse, delta, B, T, NH, HS);
}
