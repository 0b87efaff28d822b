package dev.napkin.harness.gpu;

import dev.napkin.estimator.model.ModelShape;
import dev.napkin.harness.gpu.GemmCall.ComputeType;
import dev.napkin.harness.gpu.GemmCall.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The GEMMs one GPT-2 training step issues on the GPU trainer ({@link GpuModel}), call site by call site, with how
 * many times a step runs each: the shapes a GEMM benchmark times, cuBLAS's against napkin's kernels. Row-major
 * (R, S) buffers are column-major (S, R) matrices to cuBLAS, so a linear layer out (BT, N) = in (BT, K) · W (K, N)
 * is the column-major call (N, BT) = W (N, K) · in (K, BT), as GpuModel issues it. Leading dimensions are the
 * smallest the operands allow and batches lie back to back, as in GpuModel.
 */
public final class GemmShapes {
    private GemmShapes() {
    }

    /**
     * One GEMM call site. {@code accumulate}: beta 1 into an fp32 gradient (the weight gradients); otherwise beta 0.
     *
     * @param perStep how many times one training step runs it (the layers, or 1)
     */
    public record Shape(String name, Op transA, Op transB, int m, int n, int k, int batches, DataType inputs,
                       DataType output, boolean accumulate, ComputeType compute, int perStep) {
        public Shape {
            if (m < 1 || n < 1 || k < 1 || batches < 1 || perStep < 1) {
                throw new IllegalArgumentException("gemm shape " + name + " needs positive sizes, got m " + m + ", n "
                        + n + ", k " + k + ", batches " + batches + ", per step " + perStep);
            }
        }

        /** 2·m·n·k per batch: the FLOPs of one call. */
        public double flops() {
            return 2.0 * m * n * k * batches;
        }

        /** The FLOPs of all its calls in one step. */
        public double stepFlops() {
            return flops() * perStep;
        }

        public int lda() {
            return transA == Op.N ? m : k;
        }

        public int ldb() {
            return transB == Op.N ? k : n;
        }

        public int ldc() {
            return m;
        }

        /** Elements of A, B and C over all batches: what a benchmark allocates. */
        public long aElements() {
            return (long) m * k * batches;
        }

        public long bElements() {
            return (long) k * n * batches;
        }

        public long cElements() {
            return (long) m * n * batches;
        }

        /** The call on buffers of {@link #aElements()}, {@link #bElements()} and {@link #cElements()} elements. */
        public GemmCall call(DevicePointer a, DevicePointer b, DevicePointer c) {
            long strideA = batches == 1 ? 0 : (long) m * k;
            long strideB = batches == 1 ? 0 : (long) k * n;
            long strideC = batches == 1 ? 0 : (long) m * n;
            return GemmCall.builder().ops(transA, transB).size(m, n, k).a(a, inputs, lda(), strideA)
                    .b(b, inputs, ldb(), strideB).c(c, output, ldc(), strideC).beta(accumulate ? 1f : 0f)
                    .batches(batches).compute(compute).build();
        }
    }

    /** Every GEMM call site of one training step of {@code shape} on B sequences of T tokens, in GpuModel's order. */
    public static List<Shape> of(ModelShape shape, int batch, int seq, GpuOptions options) {
        if (batch < 1 || seq < 1) {
            throw new IllegalArgumentException("a training step needs B and T of at least 1, got " + batch + " and "
                    + seq);
        }
        int bt = Math.multiplyExact(batch, seq);
        int c = shape.dModel();
        int f = shape.ffnHidden();
        int v = shape.vocab();
        int layers = shape.layers();
        int nh = shape.heads();
        int hs = c / nh;
        DataType x = options.precision().storage;
        ComputeType compute = options.precision().gemmCompute;
        List<Shape> all = new ArrayList<>();
        // forward: each linear (BT, K) -> (BT, N) is C (N, BT) = W (N, K) · in (K, BT)
        linearForward(all, "attn.qkv", c, 3 * c, bt, layers, x, compute);
        if (options.attention() == AttentionKind.NAIVE) {
            // per (b, h): scores (T, T) = q kᵀ, column-major (T_k, T_q) = kᵀ (T, HS) · q (HS, T)
            all.add(new Shape("attn.scores forward", Op.T, Op.N, seq, seq, hs, batch * nh, x, x, false, compute,
                    layers));
            // y (T, HS) = att v, column-major (HS, T) = v (HS, T) · att (T_k, T_q)
            all.add(new Shape("attn.values forward", Op.N, Op.N, hs, seq, seq, batch * nh, x, x, false, compute,
                    layers));
        }
        linearForward(all, "attn.out", c, c, bt, layers, x, compute);
        linearForward(all, "mlp.up", c, f, bt, layers, x, compute);
        linearForward(all, "mlp.down", f, c, bt, layers, x, compute);
        // LM head tied to wte: logits (BT, V) = lnf (BT, C) · wteᵀ, column-major (V, BT) = wteᵀ (V, C) · lnf (C, BT)
        all.add(new Shape("head.logits forward", Op.T, Op.N, v, bt, c, 1, x, x, false, compute, 1));
        // backward of the head: dLnf (C, BT) = wte (C, V) · dLogits (V, BT); dWte (C, V) += lnf (C, BT) · dLogitsᵀ
        all.add(new Shape("head.logits dInput", Op.N, Op.N, c, bt, v, 1, x, x, false, compute, 1));
        all.add(new Shape("head.logits dWeight", Op.N, Op.T, c, v, bt, 1, x, DataType.F32, true, compute, 1));
        linearBackward(all, "mlp.down", f, c, bt, layers, x, compute);
        linearBackward(all, "mlp.up", c, f, bt, layers, x, compute);
        linearBackward(all, "attn.out", c, c, bt, layers, x, compute);
        if (options.attention() == AttentionKind.NAIVE) {
            int heads = batch * nh;
            // dAtt (T_q, T_k) = dy vᵀ: (T_k, T_q) = vᵀ · dy; dv (T_k, HS) = attᵀ dy: (HS, T_k) = dy (HS, T_q) · attᵀ
            all.add(new Shape("attn.values dAtt", Op.T, Op.N, seq, seq, hs, heads, x, x, false, compute, layers));
            all.add(new Shape("attn.values dV", Op.N, Op.T, hs, seq, seq, heads, x, x, false, compute, layers));
            // dq (T_q, HS) = dScores k: (HS, T_q) = k · dScores; dk (T_k, HS) = dScoresᵀ q: (HS, T_k) = q · dScoresᵀ
            all.add(new Shape("attn.scores dQ", Op.N, Op.N, hs, seq, seq, heads, x, x, false, compute, layers));
            all.add(new Shape("attn.scores dK", Op.N, Op.T, hs, seq, seq, heads, x, x, false, compute, layers));
        }
        linearBackward(all, "attn.qkv", c, 3 * c, bt, layers, x, compute);
        return List.copyOf(all);
    }

    /** The FLOPs of all the GEMMs of a step. */
    public static double stepFlops(List<Shape> shapes) {
        return shapes.stream().mapToDouble(Shape::stepFlops).sum();
    }

    // out (BT, N) = in (BT, K) · W (K, N)
    private static void linearForward(List<Shape> all, String name, int k, int n, int bt, int count, DataType x,
                                      ComputeType compute) {
        all.add(new Shape(name + " forward", Op.N, Op.N, n, bt, k, 1, x, x, false, compute, count));
    }

    // dIn (K, BT) = W (N, K)ᵀ · dOut (N, BT); dW (N, K) += dOut (N, BT) · in (K, BT)ᵀ in fp32
    private static void linearBackward(List<Shape> all, String name, int k, int n, int bt, int count, DataType x,
                                       ComputeType compute) {
        all.add(new Shape(name + " dInput", Op.T, Op.N, k, bt, n, 1, x, x, false, compute, count));
        all.add(new Shape(name + " dWeight", Op.N, Op.T, n, k, bt, 1, x, DataType.F32, true, compute, count));
    }
}
