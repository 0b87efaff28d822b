package dev.napkin.harness.gpu;

/**
 * One cublasGemmStridedBatchedEx call, with cuBLAS's semantics (cuBLAS library guide, cublasGemmEx and
 * cublasGemmStridedBatchedEx): matrices are column-major; for each batch i,
 * C_i (m x n) = alpha · op(A_i) (m x k) · op(B_i) (k x n) + beta · C_i, where op(X) is X or Xᵀ; X_i starts
 * {@code stride} elements after X_{i-1}; with beta 0, C is not read. Built with {@link #builder()}.
 *
 * <p>A row-major (R, S) matrix is a column-major (S, R) one, so a row-major product Y (M, N) = X (M, K) · W (K, N)
 * is the column-major call m = N, n = M, k = K, A = W (lda N), B = X (ldb K), C = Y (ldc N).
 */
public record GemmCall(Op transA, Op transB, int m, int n, int k, float alpha, Operand a, Operand b, float beta,
                       Operand c, int batchCount, ComputeType compute) {

    /** cublasOperation_t: N 0, T 1. */
    public enum Op {
        N(0), T(1);

        public final int cublasValue;

        Op(int cublasValue) {
            this.cublasValue = cublasValue;
        }
    }

    /** cublasComputeType_t (cublas_api.h, CUDA 12 and 13): 32F is 68, 32F_FAST_TF32 is 77. */
    public enum ComputeType {
        F32(68), F32_FAST_TF32(77);

        public final int cublasValue;

        ComputeType(int cublasValue) {
            this.cublasValue = cublasValue;
        }
    }

    /** A matrix operand: where it is, its element type, its leading dimension, and the stride between batches. */
    public record Operand(DevicePointer pointer, DataType type, int ld, long stride) {
        public Operand {
            if (ld < 1 || stride < 0) {
                throw new IllegalArgumentException("a leading dimension is at least 1 and a stride at least 0, got "
                        + ld + " and " + stride);
            }
        }
    }

    /** Checks what cuBLAS checks (it answers CUBLAS_STATUS_INVALID_VALUE or NOT_SUPPORTED); names the argument. */
    public GemmCall {
        if (m < 0 || n < 0 || k < 0 || batchCount < 0) {
            throw new IllegalArgumentException("gemm sizes are at least 0, got m " + m + ", n " + n + ", k " + k
                    + ", batch " + batchCount);
        }
        if (a.ld < Math.max(1, transA == Op.N ? m : k)) {
            throw new IllegalArgumentException("gemm lda " + a.ld + " is below " + (transA == Op.N ? "m " + m : "k " + k));
        }
        if (b.ld < Math.max(1, transB == Op.N ? k : n)) {
            throw new IllegalArgumentException("gemm ldb " + b.ld + " is below " + (transB == Op.N ? "k " + k : "n " + n));
        }
        if (c.ld < Math.max(1, m)) {
            throw new IllegalArgumentException("gemm ldc " + c.ld + " is below m " + m);
        }
        if (a.type != b.type) {
            throw new IllegalArgumentException("gemm A and B types differ: " + a.type + " and " + b.type);
        }
        if (a.type == DataType.F32 && c.type != DataType.F32) {
            throw new IllegalArgumentException("gemm with fp32 inputs writes fp32, not " + c.type);
        }
        if (compute == ComputeType.F32_FAST_TF32 && a.type != DataType.F32) {
            throw new IllegalArgumentException("TF32 compute takes fp32 inputs, not " + a.type);
        }
    }

    /** Rows of op(A)'s stored matrix times columns, per batch: the elements one batch of A spans. */
    public long aSpan() {
        return span(a.ld, transA == Op.N ? k : m);
    }

    public long bSpan() {
        return span(b.ld, transB == Op.N ? n : k);
    }

    public long cSpan() {
        return span(c.ld, n);
    }

    private static long span(int ld, int cols) {
        return cols == 0 ? 0 : (long) ld * (cols - 1) + ld;
    }

    /** 2·m·n·k per batch: the FLOPs of the call. */
    public double flops() {
        return 2.0 * m * n * k * batchCount;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named construction: {@code GemmCall.builder().ops(N, T).size(m, n, k).a(...).b(...).c(...).build()}. */
    public static final class Builder {
        private Op transA = Op.N;
        private Op transB = Op.N;
        private int m;
        private int n;
        private int k;
        private float alpha = 1f;
        private float beta;
        private Operand a;
        private Operand b;
        private Operand c;
        private int batchCount = 1;
        private ComputeType compute = ComputeType.F32;

        public Builder ops(Op transA, Op transB) {
            this.transA = transA;
            this.transB = transB;
            return this;
        }

        public Builder size(int m, int n, int k) {
            this.m = m;
            this.n = n;
            this.k = k;
            return this;
        }

        public Builder alpha(float alpha) {
            this.alpha = alpha;
            return this;
        }

        public Builder beta(float beta) {
            this.beta = beta;
            return this;
        }

        public Builder a(DevicePointer p, DataType type, int ld) {
            return a(p, type, ld, 0);
        }

        public Builder a(DevicePointer p, DataType type, int ld, long stride) {
            this.a = new Operand(p, type, ld, stride);
            return this;
        }

        public Builder b(DevicePointer p, DataType type, int ld) {
            return b(p, type, ld, 0);
        }

        public Builder b(DevicePointer p, DataType type, int ld, long stride) {
            this.b = new Operand(p, type, ld, stride);
            return this;
        }

        public Builder c(DevicePointer p, DataType type, int ld) {
            return c(p, type, ld, 0);
        }

        public Builder c(DevicePointer p, DataType type, int ld, long stride) {
            this.c = new Operand(p, type, ld, stride);
            return this;
        }

        public Builder batches(int count) {
            this.batchCount = count;
            return this;
        }

        public Builder compute(ComputeType compute) {
            this.compute = compute;
            return this;
        }

        public GemmCall build() {
            if (a == null || b == null || c == null) {
                throw new IllegalStateException("a gemm needs its A, B and C operands");
            }
            return new GemmCall(transA, transB, m, n, k, alpha, a, b, beta, c, batchCount, compute);
        }
    }
}
