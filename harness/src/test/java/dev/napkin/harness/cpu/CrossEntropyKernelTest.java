package dev.napkin.harness.cpu;

import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.Dim3;
import dev.napkin.harness.gpu.KernelArgs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * crossentropy.cu against {@link CrossEntropy#crossEntropyForward} then {@link CrossEntropy#crossEntropyBackward},
 * on the emulator: N = 14 rows of V = 67 logits from normal(0, 2), dlossScale = 1/N as the twin's mean loss. The twin
 * stores the logits (V, N), a column per token; the kernel (N, V), a row per token: the test transposes. Launched with
 * the production block of 1024 threads (one element a thread), and with 32 (each thread strides over three).
 *
 * <p>Both sides take the same max and the same x − max; exp differs by 6 u ({@link KernelBench#EXP_ROUNDINGS}); the
 * sums of exp differ in order: the twin's V − 1 roundings, the kernel's ⌈V/block⌉ − 1 per thread and 10 for the block
 * reduction. p = exp·(1/sum): two roundings a side. So p differs by at most 2·6 + (V − 1) + (⌈V/block⌉ + 9) + 4 =
 * V + ⌈V/block⌉ + 24 u relative, and dlogits = p·scale − scale·[target] (two roundings a side) by
 * V + ⌈V/block⌉ + 28 u of scale·(p + [target]) = 5.7e-6 (block 1024).
 * The loss: the twin's −log p_target (p's error on its side, 5 + (V − 1) + 2, and the cast to float, |loss|), the
 * kernel's log(sum) + max − logit (the sum's 2 + ⌈V/block⌉ + 9; logf, within 0.82 ulp, 2|log sum|; + max and − logit
 * round, |log sum + max| and |loss|): within V + ⌈V/block⌉ + 17 u of |loss| + |log sum| + |max| + 1.
 * bf16 (logits and their gradient stored as bf16, losses fp32): u_bf16 more for dlogits.
 */
class CrossEntropyKernelTest {
    private static final int N = 14;
    private static final int V = 67;

    @BeforeAll
    static void emulator() {
        KernelBench.assumeEmulator();
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void lossesAndGradientsMatchTheTwin(DataType type) {
        for (int block : new int[] {1024, 32}) {
            try (KernelBench bench = KernelBench.open(type, 20)) {
                float[] logits = bench.normal(N * V, 0, 2);
                int[] targets = bench.ints(N, V);
                float scale = 1f / N;

                float[] columns = new float[V * N]; // the twin's layout: (V, N)
                for (int n = 0; n < N; n++) {
                    for (int v = 0; v < V; v++) {
                        columns[v * N + n] = logits[n * V + v];
                    }
                }
                float[] losses = new float[N];
                CrossEntropy.crossEntropyForward(bench.team, WorkerScratch.forTeam(1, 1, 1), columns, losses, targets,
                        N, V);
                CrossEntropy.crossEntropyBackward(bench.team, columns, targets, N, V);
                float[] expected = new float[N * V];
                for (int n = 0; n < N; n++) {
                    for (int v = 0; v < V; v++) {
                        expected[n * V + v] = columns[v * N + n];
                    }
                }

                DevicePointer logitsDevice = bench.upload(logits);
                DevicePointer lossesDevice = bench.device.allocate(4L * N);
                DevicePointer targetsDevice = bench.uploadInts(targets);
                if (block == 1024) {
                    bench.kernels.crossEntropyForwardBackward(logitsDevice, lossesDevice, targetsDevice, N, V, scale);
                } else {
                    bench.device.launch("crossentropy_forward_backward_" + type.suffix(), Dim3.of(N), Dim3.of(block),
                            0, KernelArgs.of().ptr(logitsDevice).ptr(lossesDevice).ptr(targetsDevice).i32(N).i32(V)
                                    .f32(scale));
                }

                double[] gradientMagnitude = new double[N * V];
                double[] lossMagnitude = new double[N];
                for (int n = 0; n < N; n++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int v = 0; v < V; v++) {
                        max = Math.max(max, logits[n * V + v]);
                    }
                    double sum = 0;
                    for (int v = 0; v < V; v++) {
                        sum += Math.exp(logits[n * V + v] - max);
                    }
                    for (int v = 0; v < V; v++) {
                        double p = Math.exp(logits[n * V + v] - max) / sum;
                        gradientMagnitude[n * V + v] = scale * (p + (v == targets[n] ? 1 : 0));
                    }
                    lossMagnitude[n] = Math.abs(Math.log(sum)) + Math.abs(max) + 1;
                }
                int perThread = (V + block - 1) / block;
                double u = KernelBench.FP32_UNIT;
                String shape = "block " + block;
                bench.agree("crossentropy_forward_backward", "losses, " + shape, losses,
                        bench.downloadF32(lossesDevice, N), lossMagnitude, (V + perThread + 17) * u);
                bench.agree("crossentropy_forward_backward", "dlogits, " + shape, expected,
                        bench.download(logitsDevice, N * V), gradientMagnitude,
                        bench.storageUnit() + (V + perThread + 28) * u);
            }
        }
    }
}
