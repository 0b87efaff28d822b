package dev.napkin.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.hub.HubPresets;
import dev.napkin.estimator.model.LayoutFlops;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.ParameterCount;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.MemoryBreakdown;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Dropout;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The profiler walks the layer layouts of the bundled Hugging Face models and agrees with the estimator's counts. */
class LayoutProfileTest {

    private static Model hub(String id) {
        return HubPresets.builtIn().find(id).orElseThrow().model();
    }

    private static Profile profile(Model m, AttentionKind attention, int seq) {
        return Profile.of(m, new ProfileSettings(2, seq, ComputeDtype.BF16, false, attention, CountMode.FULL));
    }

    @ParameterizedTest // every parameter of the layout sits on exactly one op: the exact count (LayoutCount)
    @ValueSource(strings = {"Qwen/Qwen3-8B", "Qwen/Qwen3-30B-A3B", "Qwen/Qwen1.5-MoE-A2.7B", "openai/gpt-oss-20b",
        "deepseek-ai/DeepSeek-V3", "google/gemma-3-1b-pt", "google/gemma-2-9b", "meta-llama/Llama-4-Scout-17B-16E",
        "microsoft/Phi-3-mini-4k-instruct", "allenai/OLMo-2-1124-7B"})
    void parametersAddUpToTheExactCount(String id) {
        Model m = hub(id);
        for (AttentionKind attention : AttentionKind.values()) {
            assertEquals(ParameterCount.of(m.shape().orElseThrow()).total(), profile(m, attention, 512).params(), id);
        }
    }

    /*
     * The forward matmuls, per token: the linear layers' 2·k·m per row without their bias adds (each row of a
     * routed expert's GEMM is one of a token's k visits), Q·Kᵀ and P·V over each layer's keys, and the softmax
     * (3 per score) are the estimator's LayoutFlops; with the head's 2·C·V and Chinchilla's one-hot embedding
     * matmul of 2·V·C they are Chinchilla appendix F's forward as napkin counts it for a layout. The keys are those
     * each layer's window or chunk holds in the fused kernel, which skips masked blocks; eager (naive) attention
     * computes all T x T scores and masks them, so it matches LayoutFlops where no window binds.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Qwen/Qwen3-8B", "Qwen/Qwen3-30B-A3B", "Qwen/Qwen1.5-MoE-A2.7B", "openai/gpt-oss-20b",
        "deepseek-ai/DeepSeek-V3", "google/gemma-3-1b-pt", "meta-llama/Llama-4-Scout-17B-16E",
        "allenai/OLMo-2-1124-7B"})
    void forwardMatmulsAreTheEstimatorsPerTokenCount(String id) {
        Model m = hub(id);
        ModelShape s = m.shape().orElseThrow();
        int seq = 16_384; // past gpt-oss's 128-token and Gemma 3's 512-token windows and Llama 4's 8,192-token chunks
        double tokens = 2.0 * seq;
        Matmuls naive = Matmuls.of(profile(m, AttentionKind.NAIVE, seq));
        double rel = 1e-12;
        double perTokenMatmuls = LayoutFlops.layerMatmuls(s, s.layoutOrNull());
        assertEquals(perTokenMatmuls, naive.layers / tokens, rel * perTokenMatmuls, id);
        assertEquals(2.0 * s.dModel() * s.vocab(), naive.head / tokens, 1e-3, id);
        // the fused kernel: 2·H·T·K·(d_qk + d_v) forward, plus 4 per score, over the keys each span holds
        double perTokenAttention = LayoutFlops.attentionMatmuls(s.layoutOrNull(), seq);
        double perTokenSoftmax = LayoutFlops.softmax(s.layoutOrNull(), seq);
        double fusedCore = profile(m, AttentionKind.FUSED, seq).ops().stream()
                .filter(op -> op.kind() == OpKind.FUSED_ATTENTION).mapToDouble(OpCost::forwardFlops).sum();
        assertEquals(perTokenAttention + perTokenSoftmax / 3 * 4, fusedCore / tokens, rel * perTokenAttention, id);
        double chinchilla = FlopsFormula.CHINCHILLA.perToken(m, seq).forward();
        double embeddingAsMatmul = 2.0 * s.vocab() * s.dModel();
        assertEquals(chinchilla, (naive.layers + naive.head) / tokens + perTokenAttention + perTokenSoftmax
                + embeddingAsMatmul, rel * chinchilla, id);
        // eager attention: LayoutFlops at a sequence inside every window; beyond one, more than the window's share
        int inside = 128;
        Matmuls eager = Matmuls.of(profile(m, AttentionKind.NAIVE, inside));
        double shortAttention = LayoutFlops.attentionMatmuls(s.layoutOrNull(), inside);
        assertEquals(shortAttention, eager.attention / (2.0 * inside), rel * shortAttention, id);
        assertEquals(LayoutFlops.softmax(s.layoutOrNull(), inside), eager.softmax / (2.0 * inside),
                rel * shortAttention, id);
        assertTrue(naive.attention / tokens >= perTokenAttention * (1 - rel), id);
    }

    /** The forward FLOPs of a profile's ops by what they are. */
    private record Matmuls(double layers, double attention, double softmax, double head) {
        static Matmuls of(Profile p) {
            double layers = 0;
            double attention = 0;
            double softmax = 0;
            double head = 0;
            for (OpCost op : p.ops()) {
                if (op.kind() == OpKind.LM_HEAD) {
                    head += op.forwardFlops();
                } else if (op.kind().isLinearLayer()) {
                    layers += op.backwardInputFlops(); // dX = dY·Wᵀ: the forward GEMM's 2·n·k·m, no bias
                } else if (op.kind() == OpKind.ATTN_SCORES || op.kind() == OpKind.ATTN_VALUES) {
                    attention += op.forwardFlops();
                } else if (op.kind() == OpKind.SOFTMAX) {
                    softmax += op.forwardFlops();
                }
            }
            return new Matmuls(layers, attention, softmax, head);
        }
    }

    @ParameterizedTest // a routed expert's ops carry all E experts' weights but only the k visits' FLOPs
    @ValueSource(strings = {"Qwen/Qwen3-30B-A3B", "openai/gpt-oss-20b"})
    void expertsCountOnlyTheActiveOnesFlops(String id) {
        Model m = hub(id);
        Profile p = profile(m, AttentionKind.FUSED, 1024);
        ModelShape s = m.shape().orElseThrow();
        double perToken = p.ops().stream().filter(op -> TrainingStepOps.isRoutedExpert(s, op)
                && op.kind().isLinearLayer()).mapToDouble(OpCost::backwardInputFlops).sum() / (2.0 * 1024);
        // 2 x k x 3·C·F_e per MoE layer (Qwen3-30B-A3B: 48 layers, k 8, C 2048, F_e 768; gpt-oss-20b: 24, 4, 2880, 2880)
        double expected = id.startsWith("Qwen") ? 48 * 2.0 * 8 * 3 * 2048 * 768 : 24 * 2.0 * 4 * 3 * 2880 * 2880;
        assertEquals(expected, perToken, 1e-9 * expected);
    }

    /*
     * The bytes the ops keep for backward are what napkin memory's activation model counts for the same layout
     * (Korthikanti et al. 2022, section 4, kind by kind of layer), for each dropout kind alone: attention dropout
     * keeps the probabilities' mask and dropped copy, residual dropout two masks per layer.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Qwen/Qwen3-8B", "Qwen/Qwen3-30B-A3B", "openai/gpt-oss-20b", "deepseek-ai/DeepSeek-V3",
        "google/gemma-2-9b", "meta-llama/Llama-4-Scout-17B-16E", "allenai/OLMo-2-1124-7B"})
    void keptActivationsAreNapkinMemorys(String id) {
        Model m = hub(id);
        int batch = 1;
        int seq = 2048;
        for (Dropout dropout : new Dropout[] {Dropout.NONE, new Dropout(false, true, false),
            new Dropout(true, false, false), Dropout.ALL}) {
            for (AttentionKind attention : AttentionKind.values()) {
                Profile p = Profile.of(m, new ProfileSettings(batch, seq, ComputeDtype.BF16, dropout, attention,
                        CountMode.FULL), false);
                MemoryBreakdown b = MemoryEstimate.of(m, Precision.BF16_MIXED, Optimizer.ADAMW, Parallelism.single(),
                        Optional.of(new ActivationSettings(batch, seq, Recompute.NONE,
                                attention == AttentionKind.FUSED, dropout))).breakdown();
                assertEquals(b.activations() + b.logits(), p.activationBytes(), 1e-9 * p.activationBytes(),
                        id + ", dropout " + dropout.describe() + ", " + attention);
            }
        }
    }
}
