package dev.napkin.harness.gpu.emu;

import dev.napkin.harness.gpu.Bf16;
import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.GemmCall;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * cublasGemmStridedBatchedEx computed plainly in Java, on device memory that is host memory: column-major
 * operands, op(X) = X or Xᵀ, leading dimensions and batch strides in elements, C not read when beta is 0, fp32
 * accumulation, TF32 inputs rounded as the tensor cores round them, and the result rounded to C's type. A
 * transposition or leading-dimension mistake in the trainer fails here as it would on the GPU.
 */
final class ReferenceGemm {
    private ReferenceGemm() {
    }

    static void run(MemorySegment memory, GemmCall g) {
        int m = g.m();
        int n = g.n();
        int k = g.k();
        boolean tf32 = g.compute() == GemmCall.ComputeType.F32_FAST_TF32;
        float[] a = new float[m * k]; // op(A) row i, column p at a[i * k + p]
        float[] b = new float[k * n]; // op(B) row p, column j at b[j * k + p]
        for (int batch = 0; batch < g.batchCount(); batch++) {
            long aBase = g.a().pointer().address() + (long) batch * g.a().stride() * g.a().type().bytes;
            long bBase = g.b().pointer().address() + (long) batch * g.b().stride() * g.b().type().bytes;
            long cBase = g.c().pointer().address() + (long) batch * g.c().stride() * g.c().type().bytes;
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    // op(A)(i, p) is A(i, p) (at i + p·lda) or A(p, i) (at p + i·lda)
                    long index = g.transA() == GemmCall.Op.N ? i + (long) p * g.a().ld() : p + (long) i * g.a().ld();
                    float x = load(memory, aBase, index, g.a().type());
                    a[i * k + p] = tf32 ? Bf16.roundTf32(x) : x;
                }
            }
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    long index = g.transB() == GemmCall.Op.N ? p + (long) j * g.b().ld() : j + (long) p * g.b().ld();
                    float x = load(memory, bBase, index, g.b().type());
                    b[j * k + p] = tf32 ? Bf16.roundTf32(x) : x;
                }
            }
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    float sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum = Math.fma(a[i * k + p], b[j * k + p], sum);
                    }
                    long index = i + (long) j * g.c().ld();
                    float result = g.alpha() * sum;
                    if (g.beta() != 0) {
                        result += g.beta() * load(memory, cBase, index, g.c().type());
                    }
                    store(memory, cBase, index, g.c().type(), result);
                }
            }
        }
    }

    private static float load(MemorySegment memory, long base, long index, DataType type) {
        return type == DataType.F32
                ? memory.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + 4 * index)
                : Bf16.toFloat(memory.get(ValueLayout.JAVA_SHORT_UNALIGNED, base + 2 * index));
    }

    private static void store(MemorySegment memory, long base, long index, DataType type, float value) {
        if (type == DataType.F32) {
            memory.set(ValueLayout.JAVA_FLOAT_UNALIGNED, base + 4 * index, value);
        } else {
            memory.set(ValueLayout.JAVA_SHORT_UNALIGNED, base + 2 * index, Bf16.fromFloat(value));
        }
    }
}
