// napkin's own GEMM (KernelGemm.java), for a GPU without cuBLAS: one cublasGemmStridedBatchedEx call per launch,
// with its semantics (GemmCall.java, ReferenceGemm.java). Unlike the other kernels' row-major tensors, matrices here
// are column-major as cuBLAS has them: X(r, c) at X[r + c·ld]. For each batch z = blockIdx.z,
//   C_z (m x n) = alpha · op(A_z) (m x k) · op(B_z) (k x n) + beta · C_z,   X_z = X + z·strideX,
// op(X) = X (trans 0) or Xᵀ (trans 1); with beta 0, C is not read. Products are accumulated in fp32.
//
// Two designs:
// - SIMT (gemm_f32, gemm_bf16, gemm_bf16_f32out): shared-memory tiles, a register micro-tile per thread, one fmaf
//   per product in k order, so its sums equal ReferenceGemm's bit for bit. The emulator runs these.
// - Tensor cores (gemm_bf16_mma, gemm_bf16_f32out_mma), sm_80 and later: mma.sync m16n8k16 bf16 with fp32
//   accumulators, fragments loaded by ldmatrix. Built only where nvcc compiles for sm_80+; everywhere else (the
//   emulator, the host pass) the same entry point runs the SIMT kernel at the mma kernel's tile size, its plain twin.
//   The tile code is also compiled for the emulator, where ldmatrix and mma.sync are models written from the PTX
//   ISA's fragment layouts, so a test kernel (src/test/cuda/gemm_mma_model.cu) checks the tiling and fragment
//   bookkeeping on the CPU; whether the models match the silicon only a GPU can say.
#include "common.cuh"

#define GEMM_THREADS 256
#define GEMM_SIMT_TILE 64 // C tile of the SIMT kernels: 64 x 64, a 4 x 4 micro-tile per thread
#define GEMM_SIMT_K 16    // k per shared-memory step of the SIMT kernels
#define GEMM_MMA_TILE 128 // C tile of the mma kernels (and of their SIMT twin): 128 x 128
#define GEMM_MMA_K 32     // k per shared-memory step of the mma kernels
// Shared tiles of the mma kernels hold 128 rows (i of op(A), j of op(B)) by 32 k, in one of two layouts, whichever
// the operand's memory order fills with 16-byte stores: k-contiguous [row][k] (rows of 40: 80 bytes) or
// row-contiguous [k][row] (rows of 136: 272 bytes). Both paddings keep ldmatrix's row addresses 16-byte aligned and
// its 8 rows of 16 bytes on distinct banks (80 bytes = 20 words and 272 = 68 words: 8 rows cover all 32 banks).
#define GEMM_MMA_KPAD (GEMM_MMA_K + 8)
#define GEMM_MMA_RPAD (GEMM_MMA_TILE + 8)
#define GEMM_MMA_TILE_ELEMENTS (GEMM_MMA_TILE * GEMM_MMA_KPAD)
static_assert(GEMM_MMA_TILE_ELEMENTS >= GEMM_MMA_K * GEMM_MMA_RPAD, "a shared tile holds either layout");

// x rounded to TF32 as cvt.rna.tf32.f32 rounds (nearest, ties away from zero, 10 mantissa bits), in plain C so the
// emulator computes it identically (Bf16.roundTf32). Infinities and NaN pass unchanged.
__device__ __forceinline__ float roundTf32(float x) {
    unsigned bits = __float_as_uint(x);
    if ((bits & 0x7f800000u) == 0x7f800000u) {
        return x;
    }
    return __uint_as_float((bits + 0x1000u) & 0xffffe000u);
}

// C = alpha·acc + beta·C at one element; C read only when beta is not 0 (as ReferenceGemm computes it).
template <class Tout> __device__ __forceinline__ void gemm_store(Tout* c, float acc, float alpha, float beta) {
    float v = alpha * acc;
    if (beta != 0.0f) {
        v += beta * toFloat(*c);
    }
    *c = fromFloat<Tout>(v);
}

// ---- SIMT ----------------------------------------------------------------------------------------------------
// Block: a BM x BN tile of C; 256 threads as (BM/TM) x (BN/TN), thread (ti, tj) owning C rows ti + r·(BM/TM) and
// columns tj + c·(BN/TN) (strided, so a warp's shared reads and C stores are consecutive). Per step of BK: op(A)'s
// BM x BK and op(B)'s BK x BN tiles go to shared memory as fp32 (TF32-rounded if asked), zero outside the matrices;
// consecutive threads load consecutive addresses whichever the transposition. Any m, n, k, ld.
template <class Tin, class Tout, int BM, int BN, int BK, int TM, int TN>
__device__ void gemm_simt(Tout* C, const Tin* A, const Tin* B, int transa, int transb, int m, int n, int k,
                          float alpha, float beta, int lda, int ldb, int ldc, long long strideA, long long strideB,
                          long long strideC, bool tf32) {
    constexpr int ROW_THREADS = BM / TM;
    constexpr int COL_THREADS = BN / TN;
    static_assert(ROW_THREADS * COL_THREADS == GEMM_THREADS, "one C element of the micro-tiles per thread");
    __shared__ float As[BK][BM + 1]; // op(A)(i, p) at As[p][i]; +1: the transposed loads' stores spread over banks
    __shared__ float Bs[BK][BN + 1]; // op(B)(p, j) at Bs[p][j]
    A += blockIdx.z * strideA;
    B += blockIdx.z * strideB;
    C += blockIdx.z * strideC;
    int i0 = blockIdx.x * BM;
    int j0 = blockIdx.y * BN;
    int ti = threadIdx.x % ROW_THREADS;
    int tj = threadIdx.x / ROW_THREADS;
    float acc[TM][TN];
    NAPKIN_UNROLL
    for (int r = 0; r < TM; r++) {
        NAPKIN_UNROLL
        for (int c = 0; c < TN; c++) {
            acc[r][c] = 0.0f;
        }
    }
    for (int p0 = 0; p0 < k; p0 += BK) {
        for (int e = threadIdx.x; e < BM * BK; e += GEMM_THREADS) {
            // op(A)(i, p) = A(i, p) at i + p·lda (consecutive along i), or A(p, i) at p + i·lda (along p)
            int i = transa ? e / BK : e % BM;
            int p = transa ? e % BK : e / BM;
            long long gi = i0 + i;
            long long gp = p0 + p;
            float v = 0.0f;
            if (gi < m && gp < k) {
                v = toFloat(transa ? A[gp + gi * lda] : A[gi + gp * lda]);
            }
            As[p][i] = tf32 ? roundTf32(v) : v;
        }
        for (int e = threadIdx.x; e < BK * BN; e += GEMM_THREADS) {
            // op(B)(p, j) = B(p, j) at p + j·ldb (consecutive along p), or B(j, p) at j + p·ldb (along j)
            int p = transb ? e / BN : e % BK;
            int j = transb ? e % BN : e / BK;
            long long gp = p0 + p;
            long long gj = j0 + j;
            float v = 0.0f;
            if (gp < k && gj < n) {
                v = toFloat(transb ? B[gj + gp * ldb] : B[gp + gj * ldb]);
            }
            Bs[p][j] = tf32 ? roundTf32(v) : v;
        }
        __syncthreads();
        for (int p = 0; p < BK; p++) {
            float a[TM];
            float b[TN];
            NAPKIN_UNROLL
            for (int r = 0; r < TM; r++) {
                a[r] = As[p][ti + r * ROW_THREADS];
            }
            NAPKIN_UNROLL
            for (int c = 0; c < TN; c++) {
                b[c] = Bs[p][tj + c * COL_THREADS];
            }
            NAPKIN_UNROLL
            for (int r = 0; r < TM; r++) {
                NAPKIN_UNROLL
                for (int c = 0; c < TN; c++) {
                    acc[r][c] = fmaf(a[r], b[c], acc[r][c]); // past k both are 0: the sum stays as it is
                }
            }
        }
        __syncthreads();
    }
    NAPKIN_UNROLL
    for (int r = 0; r < TM; r++) {
        NAPKIN_UNROLL
        for (int c = 0; c < TN; c++) {
            long long i = i0 + ti + r * ROW_THREADS;
            long long j = j0 + tj + c * COL_THREADS;
            if (i < m && j < n) {
                gemm_store(C + i + j * ldc, acc[r][c], alpha, beta);
            }
        }
    }
}

// ---- tensor cores: the two warp instructions ------------------------------------------------------------------
// ldmatrix_x4<TRANS>(r, row): lanes 8q .. 8q+7 give the addresses of the 8 rows (8 bf16, 16 bytes each) of matrix
// q; lane l receives in r[q] the pair (row l/4, columns 2(l%4), 2(l%4)+1) of matrix q, or of its transpose, lower
// column in the low half (PTX ISA, "ldmatrix").
// mma_bf16_16816(d, a, b): d (16 x 8, fp32) += a (16 x 16 bf16) · b (16 x 8 bf16), fragments as the PTX ISA lays
// them out for mma.m16n8k16 (g = lane/4, t = lane%4): a[0] = A(g, 2t..2t+1), a[1] = A(g+8, 2t..), a[2] = A(g, 2t+8..),
// a[3] = A(g+8, 2t+8..); b[0] = B(2t..2t+1, g), b[1] = B(2t+8..2t+9, g); d[e] = D(g + 8·(e/2), 2t + e%2).
#ifdef NAPKIN_EMU
// Models for the emulator: each lane publishes what it holds in a per-warp scratch array and takes what the
// instruction hands it. The model's mma adds the 16 products in k order with fmaf; the tensor cores' order and
// intermediate rounding are their own.
__device__ inline uint32_t gemm_pack(__nv_bfloat16 lo, __nv_bfloat16 hi) {
    uint16_t l;
    uint16_t h;
    memcpy(&l, &lo, sizeof l);
    memcpy(&h, &hi, sizeof h);
    return static_cast<uint32_t>(l) | static_cast<uint32_t>(h) << 16;
}

__device__ inline float gemm_unpack(uint32_t pair, int high) {
    uint16_t bits = static_cast<uint16_t>(high ? pair >> 16 : pair & 0xffffu);
    __nv_bfloat16 x;
    memcpy(static_cast<void*>(&x), &bits, sizeof x);
    return __bfloat162float(x);
}

template <bool TRANS> __device__ inline void ldmatrix_x4(uint32_t r[4], const __nv_bfloat16* row) {
    __shared__ const __nv_bfloat16* rows[32][NAPKIN_WARP]; // [warp][lane]: the row address each lane gave
    int warp = threadIdx.x / NAPKIN_WARP;
    int lane = threadIdx.x % NAPKIN_WARP;
    rows[warp][lane] = row;
    __syncwarp();
    for (int q = 0; q < 4; q++) {
        const __nv_bfloat16* const* matrix = &rows[warp][8 * q];
        int g = lane / 4;
        int t2 = 2 * (lane % 4);
        r[q] = TRANS ? gemm_pack(matrix[t2][g], matrix[t2 + 1][g]) : gemm_pack(matrix[g][t2], matrix[g][t2 + 1]);
    }
    __syncwarp();
}

__device__ inline void mma_bf16_16816(float d[4], const uint32_t a[4], const uint32_t b[2]) {
    __shared__ uint32_t fragmentA[32][NAPKIN_WARP][4];
    __shared__ uint32_t fragmentB[32][NAPKIN_WARP][2];
    int warp = threadIdx.x / NAPKIN_WARP;
    int lane = threadIdx.x % NAPKIN_WARP;
    for (int q = 0; q < 4; q++) {
        fragmentA[warp][lane][q] = a[q];
    }
    fragmentB[warp][lane][0] = b[0];
    fragmentB[warp][lane][1] = b[1];
    __syncwarp();
    for (int e = 0; e < 4; e++) {
        int row = lane / 4 + 8 * (e / 2);
        int col = 2 * (lane % 4) + e % 2;
        float sum = d[e];
        for (int p = 0; p < 16; p++) {
            // A(row, p): lane 4·(row%8) + (p%8)/2, register row/8 + 2·(p/8); B(p, col): lane 4·col + (p%8)/2,
            // register p/8; the half is p%2 in both
            uint32_t x = fragmentA[warp][4 * (row % 8) + (p % 8) / 2][row / 8 + 2 * (p / 8)];
            uint32_t y = fragmentB[warp][4 * col + (p % 8) / 2][p / 8];
            sum = fmaf(gemm_unpack(x, p % 2), gemm_unpack(y, p % 2), sum);
        }
        d[e] = sum;
    }
    __syncwarp();
}
#else
template <bool TRANS> __device__ __forceinline__ void ldmatrix_x4(uint32_t r[4], const __nv_bfloat16* row) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    unsigned address = static_cast<unsigned>(__cvta_generic_to_shared(row));
    if (TRANS) {
        asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0, %1, %2, %3}, [%4];\n"
                     : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
                     : "r"(address));
    } else {
        asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];\n"
                     : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
                     : "r"(address));
    }
#endif
}

__device__ __forceinline__ void mma_bf16_16816(float d[4], const uint32_t a[4], const uint32_t b[2]) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
                 "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};\n"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
#endif
}
#endif

// ---- tensor cores: the tile ----------------------------------------------------------------------------------
// An operand tile is 128 rows r by 32 k of X(r, p) = op(A)(r, p) or op(B)(p, r), moved as 512 chunks of 8 bf16,
// two per thread. k-contiguous operands (X(r, p) at p + r·ld: op(A) with transa 1, op(B) with transb 0): chunk c is
// row c/4, k 8·(c%4) .. +7, stored at [r][p]. Row-contiguous ones (X(r, p) at r + p·ld): chunk c is k c/16, rows
// 8·(c%16) .. +7, stored at [p][r]. A warp's 32 chunks are 8 rows x 64 bytes or 2 k x 256 bytes of memory either
// way. The layout is a run-time choice, uniform over the grid, so each output type has one kernel, not four.
typedef Pack128<__nv_bfloat16> Bf16x8;

// One operand as a thread sees it: fixed for the whole k loop, which only moves p0.
struct MmaOperand {
    const __nv_bfloat16* x;
    int ld;
    int rows;    // m for A, n for B
    bool kContig;
    bool vector; // 16-byte loads allowed: base aligned and ld a multiple of 8 (every chunk start is then aligned)
    int r[2];    // the thread's two chunks: row and k of the first element, within the tile
    int p[2];
    int stored[2]; // where they go in the shared tile (elements)
    int rowStride; // shared tile strides (elements) along r and along k
    int kStride;
    int lane;      // offset of the row this lane hands ldmatrix for the fragment block at (0, 0)
};

// The operand's fragment geometry for ldmatrix_x4: lane l gives row l%8 of matrix l/8. A (fragB false): matrices
// (rows 0-7, k 0-7), (8-15, 0-7), (0-7, 8-15), (8-15, 8-15), the a[0..3] of mma. B (fragB true): (cols 0-7, k 0-7),
// (0-7, 8-15), (8-15, 0-7), (8-15, 8-15): b[0..1] of columns 0-7, then of columns 8-15. Stored [k][r], the 8 x 8
// blocks are transposed, so ldmatrix .trans; and the 8 rows a lane points into run along k.
__device__ __forceinline__ MmaOperand mma_operand(const __nv_bfloat16* x, int ld, int rows, bool kContig,
                                                  bool fragB) {
    MmaOperand o;
    o.x = x;
    o.ld = ld;
    o.rows = rows;
    o.kContig = kContig;
    o.vector = aligned16(x) && ld % 8 == 0;
    for (int c = 0; c < 2; c++) {
        int chunk = threadIdx.x + c * GEMM_THREADS;
        o.r[c] = kContig ? chunk / 4 : (chunk % 16) * 8;
        o.p[c] = kContig ? (chunk % 4) * 8 : chunk / 16;
        o.stored[c] = kContig ? o.r[c] * GEMM_MMA_KPAD + o.p[c] : o.p[c] * GEMM_MMA_RPAD + o.r[c];
    }
    o.rowStride = kContig ? GEMM_MMA_KPAD : 1;
    o.kStride = kContig ? 1 : GEMM_MMA_RPAD;
    int lane = threadIdx.x % NAPKIN_WARP;
    int q = lane / 8;
    int blockR = fragB ? q >> 1 : q & 1; // which 8 of the 16 rows (A) or columns (B) matrix q covers
    int blockK = fragB ? q & 1 : q >> 1; // which 8 of the 16 k
    o.lane = kContig ? (8 * blockR + lane % 8) * o.rowStride + 8 * blockK
                     : (8 * blockK + lane % 8) * o.kStride + 8 * blockR;
    return o;
}

// Chunk c of the tile at rows r0.., k p0..; zeros outside the matrix.
__device__ __forceinline__ Bf16x8 mma_load_chunk(const MmaOperand& o, int c, int r0, int p0, int k) {
    long long r = r0 + o.r[c];
    long long p = p0 + o.p[c];
    long long along = o.kContig ? p : r; // the chunk's 8 elements run along this index
    long long limit = o.kContig ? k : o.rows;
    bool inside = o.kContig ? r < o.rows : p < k; // the other index
    Bf16x8 v;
    if (!inside) {
        for (int e = 0; e < Bf16x8::SIZE; e++) {
            v.v[e] = __float2bfloat16(0.0f);
        }
        return v;
    }
    const __nv_bfloat16* src = o.kContig ? o.x + p + r * o.ld : o.x + r + p * o.ld;
    if (o.vector && along + Bf16x8::SIZE <= limit) {
        return load128(src);
    }
    for (int e = 0; e < Bf16x8::SIZE; e++) {
        v.v[e] = along + e < limit ? src[e] : __float2bfloat16(0.0f);
    }
    return v;
}

// The four 8 x 8 matrices of the fragment block at row (or column) r, k kk, as mma_operand describes them.
__device__ __forceinline__ void mma_fragment(uint32_t f[4], const MmaOperand& o, const __nv_bfloat16* tile, int r,
                                             int kk) {
    const __nv_bfloat16* row = tile + o.lane + r * o.rowStride + kk * o.kStride;
    if (o.kContig) {
        ldmatrix_x4<false>(f, row);
    } else {
        ldmatrix_x4<true>(f, row);
    }
}

// One 128 x 128 tile of C. Warps 2 (along m) x 4 (along n), each 64 x 32 of C: 4 x 4 mma tiles of 16 x 8, 64 fp32
// accumulators a thread. Per 32-wide step of k: the chunks fetched during the previous step go to shared memory,
// the next step's are fetched into registers, and each warp runs 2 x 16 mma.sync on ldmatrix fragments. Outside
// the matrices the tiles are zeros; C is written straight from the accumulators, bounds-checked.
template <class Tout>
__device__ void gemm_mma_tile(Tout* C, const MmaOperand& a, const MmaOperand& b, int m, int n, int k, float alpha,
                              float beta, int ldc, __nv_bfloat16* As, __nv_bfloat16* Bs) {
    int lane = threadIdx.x % NAPKIN_WARP;
    int warp = threadIdx.x / NAPKIN_WARP;
    int wm = (warp % 2) * 64;
    int wn = (warp / 2) * 32;
    int i0 = blockIdx.x * GEMM_MMA_TILE;
    int j0 = blockIdx.y * GEMM_MMA_TILE;
    float acc[4][4][4];
    NAPKIN_UNROLL
    for (int mt = 0; mt < 4; mt++) {
        NAPKIN_UNROLL
        for (int nt = 0; nt < 4; nt++) {
            NAPKIN_UNROLL
            for (int e = 0; e < 4; e++) {
                acc[mt][nt][e] = 0.0f;
            }
        }
    }
    Bf16x8 nextA[2];
    Bf16x8 nextB[2];
    NAPKIN_UNROLL
    for (int c = 0; c < 2; c++) {
        nextA[c] = mma_load_chunk(a, c, i0, 0, k);
        nextB[c] = mma_load_chunk(b, c, j0, 0, k);
    }
    for (int p0 = 0; p0 < k; p0 += GEMM_MMA_K) {
        __syncthreads(); // every warp is done with the previous step's tiles
        NAPKIN_UNROLL
        for (int c = 0; c < 2; c++) {
            store128(As + a.stored[c], nextA[c]);
            store128(Bs + b.stored[c], nextB[c]);
        }
        __syncthreads();
        if (p0 + GEMM_MMA_K < k) {
            NAPKIN_UNROLL
            for (int c = 0; c < 2; c++) {
                nextA[c] = mma_load_chunk(a, c, i0, p0 + GEMM_MMA_K, k);
                nextB[c] = mma_load_chunk(b, c, j0, p0 + GEMM_MMA_K, k);
            }
        }
        NAPKIN_UNROLL
        for (int kk = 0; kk < GEMM_MMA_K; kk += 16) {
            uint32_t fa[4][4];
            uint32_t fb[4][2];
            NAPKIN_UNROLL
            for (int mt = 0; mt < 4; mt++) {
                mma_fragment(fa[mt], a, As, wm + 16 * mt, kk);
            }
            NAPKIN_UNROLL
            for (int pair = 0; pair < 2; pair++) {
                uint32_t f[4];
                mma_fragment(f, b, Bs, wn + 16 * pair, kk);
                fb[2 * pair][0] = f[0];
                fb[2 * pair][1] = f[1];
                fb[2 * pair + 1][0] = f[2];
                fb[2 * pair + 1][1] = f[3];
            }
            NAPKIN_UNROLL
            for (int mt = 0; mt < 4; mt++) {
                NAPKIN_UNROLL
                for (int nt = 0; nt < 4; nt++) {
                    mma_bf16_16816(acc[mt][nt], fa[mt], fb[nt]);
                }
            }
        }
    }
    int g = lane / 4;
    int t = lane % 4;
    NAPKIN_UNROLL
    for (int mt = 0; mt < 4; mt++) {
        NAPKIN_UNROLL
        for (int nt = 0; nt < 4; nt++) {
            NAPKIN_UNROLL
            for (int e = 0; e < 4; e++) {
                long long i = i0 + wm + 16 * mt + g + 8 * (e / 2);
                long long j = j0 + wn + 8 * nt + 2 * t + e % 2;
                if (i < m && j < n) {
                    gemm_store(C + i + j * ldc, acc[mt][nt][e], alpha, beta);
                }
            }
        }
    }
}

// The mma kernels' body: batch offsets, the shared tiles, and each operand's layout. op(A) is k-contiguous when
// transposed (A(p, i) at p + i·lda), op(B) when not (B(p, j) at p + j·ldb).
template <class Tout>
__device__ void gemm_bf16_mma_body(Tout* C, const __nv_bfloat16* A, const __nv_bfloat16* B, int transa,
                                   int transb, int m, int n, int k, float alpha, float beta, int lda, int ldb,
                                   int ldc, long long strideA, long long strideB, long long strideC) {
    __shared__ Bf16x8 tiles[2 * GEMM_MMA_TILE_ELEMENTS / Bf16x8::SIZE]; // 20 KiB: A's tile, then B's
    MmaOperand a = mma_operand(A + blockIdx.z * strideA, lda, m, transa != 0, false);
    MmaOperand b = mma_operand(B + blockIdx.z * strideB, ldb, n, transb == 0, true);
    gemm_mma_tile(C + blockIdx.z * strideC, a, b, m, n, k, alpha, beta, ldc, tiles[0].v,
                  tiles[GEMM_MMA_TILE_ELEMENTS / Bf16x8::SIZE].v);
}

// ---- entry points ---------------------------------------------------------------------------------------------
// Parameters of all: C, A, B, transa, transb (0 N, 1 T), m, n, k, alpha, beta, lda, ldb, ldc, strideA, strideB,
// strideC (elements); gemm_f32 adds tf32 (non-zero: inputs rounded to TF32, as CUBLAS_COMPUTE_32F_FAST_TF32).
// Launch, SIMT: block 256, grid (ceil(m / 64), ceil(n / 64), batches), no dynamic shared (static 8.1 KiB).
// Launch, mma: block 256, grid (ceil(m / 128), ceil(n / 128), batches), no dynamic shared (static 20 KiB); only
// on compute capability 8.0 or later.

extern "C" __global__ void gemm_f32(float* C, const float* A, const float* B, int transa, int transb, int m, int n,
                                    int k, float alpha, float beta, int lda, int ldb, int ldc, long long strideA,
                                    long long strideB, long long strideC, int tf32) {
    gemm_simt<float, float, GEMM_SIMT_TILE, GEMM_SIMT_TILE, GEMM_SIMT_K, 4, 4>(
        C, A, B, transa, transb, m, n, k, alpha, beta, lda, ldb, ldc, strideA, strideB, strideC, tf32 != 0);
}
extern "C" __global__ void gemm_bf16(__nv_bfloat16* C, const __nv_bfloat16* A, const __nv_bfloat16* B, int transa,
                                     int transb, int m, int n, int k, float alpha, float beta, int lda, int ldb,
                                     int ldc, long long strideA, long long strideB, long long strideC) {
    gemm_simt<__nv_bfloat16, __nv_bfloat16, GEMM_SIMT_TILE, GEMM_SIMT_TILE, GEMM_SIMT_K, 4, 4>(
        C, A, B, transa, transb, m, n, k, alpha, beta, lda, ldb, ldc, strideA, strideB, strideC, false);
}
extern "C" __global__ void gemm_bf16_f32out(float* C, const __nv_bfloat16* A, const __nv_bfloat16* B, int transa,
                                            int transb, int m, int n, int k, float alpha, float beta, int lda,
                                            int ldb, int ldc, long long strideA, long long strideB,
                                            long long strideC) {
    gemm_simt<__nv_bfloat16, float, GEMM_SIMT_TILE, GEMM_SIMT_TILE, GEMM_SIMT_K, 4, 4>(
        C, A, B, transa, transb, m, n, k, alpha, beta, lda, ldb, ldc, strideA, strideB, strideC, false);
}

extern "C" __global__ void gemm_bf16_mma(__nv_bfloat16* C, const __nv_bfloat16* A, const __nv_bfloat16* B,
                                         int transa, int transb, int m, int n, int k, float alpha, float beta,
                                         int lda, int ldb, int ldc, long long strideA, long long strideB,
                                         long long strideC) {
#if !defined(NAPKIN_EMU) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    gemm_bf16_mma_body(C, A, B, transa, transb, m, n, k, alpha, beta, lda, ldb, ldc, strideA, strideB, strideC);
#else
    gemm_simt<__nv_bfloat16, __nv_bfloat16, GEMM_MMA_TILE, GEMM_MMA_TILE, GEMM_SIMT_K, 8, 8>(
        C, A, B, transa, transb, m, n, k, alpha, beta, lda, ldb, ldc, strideA, strideB, strideC, false);
#endif
}
extern "C" __global__ void gemm_bf16_f32out_mma(float* C, const __nv_bfloat16* A, const __nv_bfloat16* B,
                                                int transa, int transb, int m, int n, int k, float alpha,
                                                float beta, int lda, int ldb, int ldc, long long strideA,
                                                long long strideB, long long strideC) {
#if !defined(NAPKIN_EMU) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    gemm_bf16_mma_body(C, A, B, transa, transb, m, n, k, alpha, beta, lda, ldb, ldc, strideA, strideB, strideC);
#else
    gemm_simt<__nv_bfloat16, float, GEMM_MMA_TILE, GEMM_MMA_TILE, GEMM_SIMT_K, 8, 8>(
        C, A, B, transa, transb, m, n, k, alpha, beta, lda, ldb, ldc, strideA, strideB, strideC, false);
#endif
}
