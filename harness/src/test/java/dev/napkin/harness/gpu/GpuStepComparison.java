package dev.napkin.harness.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;
import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.TokenBatch;
import dev.napkin.harness.TrainConfig;
import dev.napkin.harness.cpu.CpuBackend;
import dev.napkin.harness.cpu.Gpt2Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The whole GPU training step (every kernel and GEMM of {@link GpuModel}) on a device, against the CPU
 * trainer from the same seed and batch: the loss, every parameter tensor's gradient, the global gradient norm, and
 * three AdamW steps (each step's loss, and in fp32 every parameter's update). In bf16 the updates are not compared
 * element by element: Adam's first steps move a parameter by about ±lr whatever the gradient's size, so a gradient
 * near zero whose bf16 rounding flips its sign moves the opposite way; the losses of the steps are compared instead.
 *
 * <p>Tolerances, as relative L2 errors per tensor. fp32: both devices round every operation to fp32 but sum in other
 * orders; sums of K terms differ by about K·2^-24 relative at worst, which for the largest K here (BT·V = 1,300
 * terms in dWte) is 8e-5, and in practice by about sqrt(K)·2^-24 = 2e-6: bound 5e-6 (4e-7 seen). bf16 mixed:
 * activations and matmul inputs are rounded to 8 significant bits (relative error up to 2^-8 = 4e-3 each, 2e-3 on
 * average), and a gradient passes through about a dozen such roundings on its way from the loss, which adds up to
 * about sqrt(12)·2e-3 = 7e-3: bound 2e-2 (9e-3
 * seen). tf32 (GPU only): GEMM inputs rounded to 11 significant bits, bound 2e-2 as for bf16; updates not compared.
 */
final class GpuStepComparison {
    private GpuStepComparison() {
    }

    static ModelShape tiny(int layers, int c, int heads, int vocab, int context) {
        return ModelShape.builder().layers(layers).dModel(c).heads(heads).ffnHidden(4 * c).vocab(vocab)
                .context(context).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED)
                .biases(true).tiedEmbeddings(true).build();
    }

    /**
     * Trains {@code shape} at batch 2 and sequence 13 (odd sizes on purpose: T and V not multiples of a warp, C not of a
     * block) on {@code device} and on the CPU, and asserts they agree within {@code bound}.
     */
    static void compare(Device device, String where, ModelShape shape, String precision, String attention,
                        double bound) {
        int batch = 2;
        int seq = 13;
        TrainConfig config = new TrainConfig("tiny", shape, batch, seq, 1, 1L << 30, AdamWSettings.gpt2());
        GpuOptions options = new GpuOptions(GpuPrecision.parse(precision), AttentionKind.parse(attention));
        Gpt2Parameters layout = Gpt2Parameters.of("tiny", shape);
        TokenBatch tokens = TokenBatch.random(batch, seq, shape.vocab(), 3);
        long started = System.nanoTime();
        try (CpuBackend cpu = CpuBackend.open(config); GpuBackend gpu = GpuBackend.open(config, options, device)) {
            cpu.init(5);
            gpu.init(5);
            float cpuLoss = cpu.lossAndGradients(tokens);
            float gpuLoss = gpu.lossAndGradients(tokens);
            assertEquals(cpuLoss, gpuLoss, bound * cpuLoss, "loss");
            List<String> report = new ArrayList<>();
            double worst = worstTensorError("gradient", layout, cpu.gradients(), gpu.gradients(), bound, report);
            double norm = l2(cpu.gradients());
            assertEquals(norm, gpu.gradientNorm(), bound * norm, "global gradient norm");

            // three AdamW steps: each step's loss reflects the updates before it
            float[] start = cpu.parameters();
            for (int s = 0; s < 3; s++) {
                TokenBatch b = TokenBatch.random(batch, seq, shape.vocab(), 10 + s);
                float expected = cpu.step(b);
                assertEquals(expected, gpu.step(b), bound * expected, "loss of step " + (s + 1));
            }
            float[] cpuUpdate = minus(cpu.parameters(), start);
            float[] gpuUpdate = minus(gpu.parameters(), start);
            double worstUpdate = 0;
            for (int i = 0; i < cpuUpdate.length; i++) {
                worstUpdate = Math.max(worstUpdate, Math.abs(cpuUpdate[i] - gpuUpdate[i]));
            }
            worstUpdate /= 3 * config.adamW().learningRate();
            if (options.precision() == GpuPrecision.FP32) {
                // Adam's step m/(sqrt(v) + eps) amplifies a gradient below eps (1e-8) by up to 1/eps: the key bias's
                // gradient, zero in exact arithmetic (softmax ignores a constant added to a row), is rounding noise of
                // about 1e-10 on either device, which moves its update by about 1e-2 of the learning rate
                assertTrue(worstUpdate <= 1e-2, "AdamW updates differ by " + worstUpdate + " of the learning rate");
            }
            System.out.printf(Locale.ROOT, "GPU step on %s, %s %s: loss %.6f vs %.6f, worst gradient error "
                            + "%.2e, largest update difference after 3 AdamW steps %.2e of lr, %.1f s%n  %s%n", where,
                    precision, attention, gpuLoss, cpuLoss, worst, worstUpdate, (System.nanoTime() - started) / 1e9,
                    String.join("\n  ", report));
        }
    }

    /** The largest relative L2 error over the tensors; asserts each is within {@code bound}. */
    private static double worstTensorError(String what, Gpt2Parameters layout, float[] expected, float[] actual,
                                           double bound, List<String> report) {
        double worst = 0;
        for (Gpt2Parameters.Tensor t : layout.all) {
            double diff = 0;
            double ref = 0;
            for (int i = t.offset(); i < t.offset() + t.length(); i++) {
                diff += (actual[i] - (double) expected[i]) * (actual[i] - (double) expected[i]);
                ref += (double) expected[i] * expected[i];
            }
            assertTrue(ref > 0, what + " of " + t.name() + " is zero on the CPU: the comparison would prove nothing");
            double rel = Math.sqrt(diff / ref);
            worst = Math.max(worst, rel);
            report.add(String.format(Locale.ROOT, "%-8s %-24s %.2e", what, t.name(), rel));
            assertTrue(rel <= bound, what + " of " + t.name() + ": relative error " + rel + " above " + bound);
        }
        return worst;
    }

    private static double l2(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}
