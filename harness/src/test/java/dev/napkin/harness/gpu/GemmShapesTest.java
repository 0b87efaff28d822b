package dev.napkin.harness.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.TokenBatch;
import dev.napkin.harness.TrainConfig;
import dev.napkin.harness.gpu.emu.EmulatedDevice;
import dev.napkin.harness.gpu.emu.EmulatorLibrary;
import dev.napkin.profiler.CountMode;
import dev.napkin.profiler.OpCost;
import dev.napkin.profiler.OpKind;
import dev.napkin.profiler.Profile;
import dev.napkin.profiler.ProfileSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The GEMM shapes of a training step: their FLOPs against the profiler's, and the shapes against the GEMMs GpuModel
 * actually issues.
 */
class GemmShapesTest {
    /**
     * GPT-2 small (L 12, C 768, NH 12, V 50257), B 8, T 1024, naive attention. The GPU trainer's GEMMs are every
     * matmul of the step, forward and backward, and nothing else: each weight matmul runs three times (forward,
     * input gradient, weight gradient) and each attention product three times (forward, and the two operand
     * gradients), so their FLOPs are 3 x the forward matmul FLOPs of the profiler: thop's count (the nn.Linear
     * layers, LM head included, without biases) plus the forward FLOPs of the scores and values ops. In closed form
     * 6·(12·L·C² + V·C)·B·T + 12·L·B·T²·C = 6.0718e12 + 0.9277e12 = 6.9996e12; all terms are integers below 2^53, so the sums
     * agree exactly.
     */
    @Test
    void stepGemmFlopsAreThreeTimesTheProfilersForwardMatmulFlops() {
        Model gpt2 = ModelPresets.builtIn().find("gpt2-small").model();
        ModelShape s = gpt2.shape().orElseThrow();
        int b = 8;
        int t = 1024;
        double thopForward = Profile.of(gpt2, new ProfileSettings(b, t, ComputeDtype.BF16, false,
                dev.napkin.profiler.AttentionKind.NAIVE, CountMode.THOP), false).forwardFlops();
        List<OpCost> full = Profile.of(gpt2, new ProfileSettings(b, t, ComputeDtype.BF16, false,
                dev.napkin.profiler.AttentionKind.NAIVE, CountMode.FULL), false).ops();
        double attentionForward = full.stream().filter(op -> op.kind() == OpKind.ATTN_SCORES
                || op.kind() == OpKind.ATTN_VALUES).mapToDouble(OpCost::forwardFlops).sum();

        double naive = GemmShapes.stepFlops(GemmShapes.of(s, b, t, options("bf16-mixed", "naive")));
        assertEquals(3 * (thopForward + attentionForward), naive);
        double l = s.layers();
        double c = s.dModel();
        assertEquals(6 * (12 * l * c * c + (double) s.vocab() * c) * b * t + 12 * l * b * (double) t * t * c, naive);
        // fused attention runs its products inside its kernels: the GEMMs are the weight matmuls alone
        double fused = GemmShapes.stepFlops(GemmShapes.of(s, b, t, options("bf16-mixed", "fused")));
        assertEquals(3 * thopForward, fused);
        System.out.printf(Locale.ROOT, "GPT-2 small, B 8, T 1024: GEMMs of a step %.5e FLOPs (naive attention), "
                + "%.5e (fused)%n", naive, fused);
    }

    @Test
    void aShapeBuildsTheCallItDescribes() {
        GemmShapes.Shape dK = GemmShapes.of(GpuStepComparison.tiny(2, 48, 4, 67, 16), 2, 13,
                options("bf16-mixed", "naive")).stream().filter(x -> x.name().equals("attn.scores dK")).findFirst()
                .orElseThrow();
        DevicePointer p = new DevicePointer(256);
        GemmCall call = dK.call(p, p, p);
        // dk (HS, T_k) = q (HS, T_q) · dScoresᵀ per (b, h): 2 x 4 heads of HS 12, T 13
        assertEquals(List.of(12, 13, 13, 8), List.of(call.m(), call.n(), call.k(), call.batchCount()));
        assertEquals(List.of(12, 13, 12), List.of(call.a().ld(), call.b().ld(), call.c().ld()));
        assertEquals(List.of(12L * 13, 13L * 13, 12L * 13), List.of(call.a().stride(), call.b().stride(),
                call.c().stride()));
        assertEquals(2L * 12 * 13 * 13 * 8 * 2, (long) dK.stepFlops()); // two layers
    }

    /** The shapes, expanded by their counts, against what GpuModel issues in one forward and backward. */
    @ParameterizedTest(name = "{0}, {1} attention")
    @CsvSource({"bf16-mixed, naive", "tf32, fused"})
    void theShapesAreTheGemmsTheTrainerIssues(String precision, String attention) {
        assumeTrue(EmulatorLibrary.unavailableReason().isEmpty(), EmulatorLibrary.unavailableReason().orElse(""));
        ModelShape shape = GpuStepComparison.tiny(2, 48, 4, 67, 16);
        int batch = 2;
        int seq = 13;
        GpuOptions options = options(precision, attention);
        TrainConfig config = new TrainConfig("tiny", shape, batch, seq, 1, 1L << 30, AdamWSettings.gpt2());
        List<GemmCall> issued = new ArrayList<>();
        try (EmulatedDevice emulated = EmulatorLibrary.device(1L << 30);
             GpuBackend gpu = GpuBackend.open(config, options, new Recording(emulated, issued))) {
            gpu.init(5);
            gpu.lossAndGradients(TokenBatch.random(batch, seq, shape.vocab(), 3));
        }
        Map<String, Integer> expected = new TreeMap<>();
        for (GemmShapes.Shape s : GemmShapes.of(shape, batch, seq, options)) {
            DevicePointer p = new DevicePointer(256);
            expected.merge(key(s.call(p, p, p)), s.perStep(), Integer::sum);
        }
        Map<String, Integer> actual = new TreeMap<>();
        for (GemmCall g : issued) {
            actual.merge(key(g), 1, Integer::sum);
        }
        assertEquals(expected, actual);
        assertTrue(actual.size() >= 9, "distinct GEMMs: " + actual.size());
    }

    /** What a GEMM is, pointers aside: strides only where there are batches (GpuModel passes 0 otherwise). */
    private static String key(GemmCall g) {
        return String.join(" ", g.transA().name() + g.transB().name(), "m" + g.m(), "n" + g.n(), "k" + g.k(),
                "lda" + g.a().ld(), "ldb" + g.b().ld(), "ldc" + g.c().ld(), "x" + g.batchCount(),
                g.batchCount() > 1 ? g.a().stride() + "/" + g.b().stride() + "/" + g.c().stride() : "",
                g.a().type() + "->" + g.c().type(), "alpha" + g.alpha(), "beta" + g.beta(), g.compute().name());
    }

    private static GpuOptions options(String precision, String attention) {
        return new GpuOptions(GpuPrecision.parse(precision), AttentionKind.parse(attention));
    }

    /** A device that notes every GEMM and passes everything on. */
    private static final class Recording extends ForwardingDevice {
        private final List<GemmCall> gemms;

        Recording(Device inner, List<GemmCall> gemms) {
            super(inner);
            this.gemms = gemms;
        }

        @Override
        public void gemm(GemmCall call) {
            gemms.add(call);
            inner.gemm(call);
        }
    }
}
