package dev.napkin.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.hub.HubPresets;
import dev.napkin.estimator.model.LayoutFlops;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.ParameterCount;
import dev.napkin.gpu.ComputeDtype;
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
     * matmul of 2·V·C they are Chinchilla appendix F's forward as napkin counts it for a layout.
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
        Profile p = profile(m, AttentionKind.NAIVE, seq);
        double layerMatmuls = 0;
        double attention = 0;
        double softmax = 0;
        double head = 0;
        for (OpCost op : p.ops()) {
            if (op.kind() == OpKind.LM_HEAD) {
                head += op.forwardFlops();
            } else if (op.kind().isLinearLayer()) {
                layerMatmuls += op.backwardInputFlops(); // dX = dY·Wᵀ: the forward GEMM's 2·n·k·m, no bias
            } else if (op.kind() == OpKind.ATTN_SCORES || op.kind() == OpKind.ATTN_VALUES) {
                attention += op.forwardFlops();
            } else if (op.kind() == OpKind.SOFTMAX) {
                softmax += op.forwardFlops();
            }
        }
        double rel = 1e-12;
        double perTokenMatmuls = LayoutFlops.layerMatmuls(s, s.layoutOrNull());
        assertEquals(perTokenMatmuls, layerMatmuls / tokens, rel * perTokenMatmuls, id);
        double perTokenAttention = LayoutFlops.attentionMatmuls(s.layoutOrNull(), seq);
        assertEquals(perTokenAttention, attention / tokens, rel * perTokenAttention, id);
        assertEquals(LayoutFlops.softmax(s.layoutOrNull(), seq), softmax / tokens, rel * perTokenAttention, id);
        assertEquals(2.0 * s.dModel() * s.vocab(), head / tokens, 1e-3, id);
        double chinchilla = FlopsFormula.CHINCHILLA.perToken(m, seq).forward();
        double embeddingAsMatmul = 2.0 * s.vocab() * s.dModel();
        assertEquals(chinchilla, (layerMatmuls + attention + softmax + head) / tokens + embeddingAsMatmul,
                rel * chinchilla, id);
        // the fused kernel does the same matmuls: 2·H·T·K·(d_qk + d_v) forward, plus 4 per score
        Profile fused = profile(m, AttentionKind.FUSED, seq);
        double fusedCore = fused.ops().stream().filter(op -> op.kind() == OpKind.FUSED_ATTENTION)
                .mapToDouble(OpCost::forwardFlops).sum();
        assertEquals(attention + softmax / 3 * 4, fusedCore, rel * fusedCore, id);
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
}
