// The tensor-core GEMM's tile code (gemm.cu: gemm_bf16_mma_body) on the emulator's models of ldmatrix and mma.sync,
// with the parameters and launch shape of gemm_bf16_mma and gemm_bf16_f32out_mma: the emulator checks the tiling,
// the shared layouts, the fragment addressing and the edge handling; only a GPU checks the instructions themselves.
// Compiled only into the tests' emulator library, after the kernel sources (so gemm.cu is already in scope).
#include "common.cuh"

extern "C" __global__ void selftest_gemm_bf16_mma_model(__nv_bfloat16* C, const __nv_bfloat16* A,
                                                        const __nv_bfloat16* B, int transa, int transb, int m, int n,
                                                        int k, float alpha, float beta, int lda, int ldb, int ldc,
                                                        long long strideA, long long strideB, long long strideC) {
    gemm_bf16_mma_body(C, A, B, transa, transb, m, n, k, alpha, beta, lda, ldb, ldc, strideA, strideB, strideC);
}

extern "C" __global__ void selftest_gemm_bf16_f32out_mma_model(float* C, const __nv_bfloat16* A,
                                                               const __nv_bfloat16* B, int transa, int transb, int m,
                                                               int n, int k, float alpha, float beta, int lda, int ldb,
                                                               int ldc, long long strideA, long long strideB,
                                                               long long strideC) {
    gemm_bf16_mma_body(C, A, B, transa, transb, m, n, k, alpha, beta, lda, ldb, ldc, strideA, strideB, strideC);
}
