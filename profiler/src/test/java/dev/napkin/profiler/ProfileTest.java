package dev.napkin.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.MemoryBreakdown;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Dropout;
import dev.napkin.estimator.model.HfConfig;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.ParameterCount;
import dev.napkin.estimator.model.PositionKind;
import dev.napkin.gpu.ComputeDtype;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileTest {
    private static Model preset(String id) {
        return ModelPresets.builtIn().find(id).model();
    }

    private static ProfileSettings settings(int batch, int seq, boolean dropout, AttentionKind attention, CountMode count) {
        return new ProfileSettings(batch, seq, ComputeDtype.BF16, dropout, attention, count);
    }

    /** A GPT block without biases, so that the papers' matmul-only formulas apply exactly. */
    private static Model gptWithoutBiases() {
        ModelShape s = ModelShape.builder().layers(24).dModel(2048).heads(16).ffnHidden(8192).vocab(50257)
                .context(2048).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED)
                .biases(false).tiedEmbeddings(true).build();
        return Model.ofShape("gpt-no-bias", "GPT without biases", s, false);
    }

    // Raschka's flops-analysis notebook (LLMs-from-scratch, ch04/02_performance-analysis): thop on GPTModel,
    // batch 2 x 1024 tokens, qkv_bias=True
    @ParameterizedTest
    @CsvSource({"gpt2-small, 5.1e+11", "gpt2-medium, 1.4e+12", "gpt2-large, 3.2e+12", "gpt2-xl, 6.4e+12"})
    void thopCountMatchesTheNotebook(String model, String printed) {
        Profile p = Profile.of(preset(model), settings(2, 1024, false, AttentionKind.NAIVE, CountMode.THOP), false);
        assertEquals(printed, String.format(Locale.ROOT, "%.1e", p.forwardFlops()));
        assertEquals(0, p.backwardFlops());
    }

    @Test
    void parametersAddUpToTheEstimatorsExactCountForEveryPreset() {
        for (ModelPresets.Preset preset : ModelPresets.builtIn().all()) {
            Model m = preset.model();
            Profile p = Profile.of(m, settings(1, 128, true, AttentionKind.NAIVE, CountMode.FULL), false);
            assertEquals(ParameterCount.of(m.shape().orElseThrow()).total(), p.params(), m.id());
        }
    }

    private static final Set<OpKind> CHINCHILLA_OPS = EnumSet.of(OpKind.QKV_PROJ, OpKind.ATTN_SCORES, OpKind.SOFTMAX,
            OpKind.ATTN_VALUES, OpKind.OUT_PROJ, OpKind.MLP_UP, OpKind.MLP_GATE, OpKind.MLP_DOWN, OpKind.LM_HEAD);

    @ParameterizedTest // Chinchilla appendix F counts these ops, and the embedding as a one-hot matmul, 2·T·V·C
    @CsvSource({"llama2-7b", "gpt-no-bias"})
    void chinchillaAppendixFIsTheSumOfTheOpsItCounts(String which) {
        Model m = which.equals("gpt-no-bias") ? gptWithoutBiases() : preset(which);
        int batch = 2;
        int seq = 2048;
        Profile p = Profile.of(m, settings(batch, seq, false, AttentionKind.NAIVE, CountMode.FULL), false);
        double counted = p.ops().stream().filter(op -> CHINCHILLA_OPS.contains(op.kind()))
                .mapToDouble(OpCost::forwardFlops).sum();
        ModelShape s = m.shape().orElseThrow();
        double embeddingAsMatmul = 2.0 * batch * seq * s.vocab() * s.dModel();
        double chinchilla = FlopsFormula.CHINCHILLA.perToken(m, seq).forward() * batch * seq;
        assertEquals(chinchilla, counted + embeddingAsMatmul, 1e-12 * chinchilla);
        // what Chinchilla leaves out (norms, GELU, residuals, scale, loss) is a few percent of the full forward
        double others = p.forwardFlops() - counted;
        assertTrue(others > 0 && others < 0.05 * p.forwardFlops(), "others " + others / p.forwardFlops());
    }

    @Test // PaLM appendix B: matmuls are 6 FLOPs per weight per token plus 12·L·H·Q·T for attention
    void palmAppendixBIsTheSumOfTheMatmuls() {
        Model m = preset("llama3-8b");
        int seq = 8192;
        Profile p = Profile.of(m, settings(1, seq, false, AttentionKind.NAIVE, CountMode.FULL), false);
        double matmuls = p.ops().stream().filter(op -> op.kind().isMatmul()).mapToDouble(OpCost::flops).sum();
        ParameterCount count = m.parameterCount().orElseThrow();
        // PaLM's N includes the input embedding (a lookup here) and the norms (elementwise): take them out
        double notInMatmuls = count.tokenEmbedding() + count.positionEmbedding() + count.norms();
        double palm = FlopsFormula.PALM.perToken(m, seq).model() * seq;
        assertEquals(palm - 6 * notInMatmuls * seq, matmuls, 1e-12 * palm);
    }

    @Test // Korthikanti et al. 2022, appendix A: 24·B·s·h² + 4·B·s²·h per layer forward, 2·B·s·h·V for the logits
    void korthikantiPerLayerForward() {
        Model m = gptWithoutBiases();
        ModelShape s = m.shape().orElseThrow();
        int b = 4;
        int seq = 2048;
        Profile p = Profile.of(m, settings(b, seq, false, AttentionKind.NAIVE, CountMode.FULL), false);
        double h = s.dModel();
        double layer3 = p.ops().stream().filter(op -> op.layer() == 3 && op.kind().isMatmul())
                .mapToDouble(OpCost::forwardFlops).sum();
        assertEquals(24 * b * seq * h * h + 4.0 * b * seq * seq * h, layer3, 1e-9 * layer3);
        double logits = p.ops().stream().filter(op -> op.kind() == OpKind.LM_HEAD).mapToDouble(OpCost::forwardFlops).sum();
        assertEquals(2.0 * b * seq * h * s.vocab(), logits);
    }

    @Test // transformers' Mixtral router: F.softmax(router_logits, dim=1, dtype=torch.float), kept for its backward
    void theRouterKeepsItsProbabilitiesInFp32() {
        Profile p = Profile.of(preset("mixtral-8x7b"), settings(1, 4096, false, AttentionKind.FUSED, CountMode.FULL),
                false);
        double router = p.ops().stream().filter(op -> op.kind() == OpKind.ROUTER).mapToDouble(OpCost::activationBytes)
                .sum();
        assertEquals(32.0 * 4096 * 8 * 4, router); // 32 layers x T x 8 experts x 4 bytes = 4,194,304
    }

    @Test // the activations the ops keep are what the estimator's memory model predicts (Korthikanti section 4)
    void activationBytesAgreeWithTheEstimator() {
        check(preset("gpt2-small"), 8, 1024, true, AttentionKind.NAIVE);
        check(preset("llama3-8b"), 2, 4096, false, AttentionKind.FUSED);
        check(preset("mixtral-8x7b"), 1, 4096, false, AttentionKind.FUSED);
    }

    private static void check(Model m, int batch, int seq, boolean dropout, AttentionKind attention) {
        check(m, batch, seq, Dropout.of(dropout), attention);
    }

    private static void check(Model m, int batch, int seq, Dropout dropout, AttentionKind attention) {
        Profile p = Profile.of(m, new ProfileSettings(batch, seq, ComputeDtype.BF16, dropout, attention,
                CountMode.FULL), false);
        MemoryBreakdown b = MemoryEstimate.of(m, Precision.BF16_MIXED, Optimizer.ADAMW, Parallelism.single(),
                Optional.of(new ActivationSettings(batch, seq, Recompute.NONE, attention == AttentionKind.FUSED, dropout)))
                .breakdown();
        assertEquals(b.activations() + b.logits(), p.activationBytes(), 1e-9 * p.activationBytes(), m.id());
    }

    /**
     * Each dropout kind where Hugging Face's modeling_gpt2.py applies it: resid_pdrop after the attention and MLP
     * output projections, attn_pdrop on the softmax probabilities, embd_pdrop after the embeddings. A GPT-2 config
     * with resid_pdrop 0.1 and attn_pdrop 0 has no attention-probability dropout: no B·NH·T·T masks and no dropped
     * copy of the probabilities, in the profile's ops as in {@code napkin memory}'s activations (Korthikanti et al.
     * 2022, section 4.1: the a·s²·b mask and the 2·a·s²·b dropout output are attention dropout's).
     */
    @Test
    void eachDropoutKindAsTheConfigApplies(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"model_type": "gpt2", "n_layer": 12, "n_embd": 768, "n_head": 12, "n_positions": 1024,
                 "vocab_size": 50257, "resid_pdrop": 0.1, "attn_pdrop": 0.0, "embd_pdrop": 0.1}""");
        Model m = HfConfig.read(config);
        assertEquals(new Dropout(true, false, true), m.dropout());
        int batch = 1;
        int seq = 1024;
        check(m, batch, seq, m.dropout(), AttentionKind.NAIVE);
        Profile residualOnly = Profile.of(m, new ProfileSettings(batch, seq, ComputeDtype.BF16, m.dropout(),
                AttentionKind.NAIVE, CountMode.FULL), false);
        assertTrue(residualOnly.ops().stream().noneMatch(op -> op.name().endsWith("attn.dropout")));
        assertEquals(2 * 12 + 1, residualOnly.ops().stream().filter(op -> op.kind() == OpKind.DROPOUT).count());
        // against every kind: per layer the NH·T·T mask (1 byte) and the dropped probabilities (2 bytes) go
        Profile all = Profile.of(m, settings(batch, seq, true, AttentionKind.NAIVE, CountMode.FULL), false);
        double scores = (double) batch * 12 * seq * seq;
        assertEquals(12 * scores * (1 + 2), all.activationBytes() - residualOnly.activationBytes(),
                1e-9 * all.activationBytes());
    }

    @Test // attention makes the full count exceed 6·P·T, more so at long sequences
    void ratioToSixPt() {
        double short256 = Profile.of(preset("gpt2-small"), settings(1, 256, false, AttentionKind.NAIVE, CountMode.FULL),
                false).ratioToSixPt();
        double long1024 = Profile.of(preset("gpt2-small"), settings(1, 1024, false, AttentionKind.NAIVE, CountMode.FULL),
                false).ratioToSixPt();
        assertTrue(short256 > 1 && long1024 > short256, short256 + " " + long1024);
    }

    @Test
    void fusedAttentionCostsMoreFlopsButMovesFewerBytes() {
        Profile naive = Profile.of(preset("gpt2-small"), settings(8, 1024, false, AttentionKind.NAIVE, CountMode.FULL), false);
        Profile fused = Profile.of(preset("gpt2-small"), settings(8, 1024, false, AttentionKind.FUSED, CountMode.FULL), false);
        assertTrue(fused.flops() > naive.flops());
        assertTrue(fused.bytesMoved() < 0.5 * naive.bytesMoved());
    }

    @Test // GPT-2's position table has 1024 rows; Llama's rotary positions have none (ContextLength's rule)
    void longerThanALearnedContextIsRefusedAndRotaryIsCounted() {
        ProfileSettings s = settings(1, 2048, false, AttentionKind.NAIVE, CountMode.FULL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Profile.of(preset("gpt2-small"), s, true));
        assertEquals("--seq 2048 is above gpt2-small's context 1024 (its learned position embedding has 1024 rows); "
                + "use --seq 1024 or less", e.getMessage());
        assertTrue(Profile.of(preset("llama2-7b"), settings(1, 8192, false, AttentionKind.NAIVE, CountMode.FULL)).flops() > 0);
        assertThrows(IllegalArgumentException.class, () -> settings(0, 1024, false, AttentionKind.NAIVE, CountMode.FULL));
        assertThrows(IllegalArgumentException.class, () -> Profile.of(Model.ofParams(7e9), s, false));
    }

    @Test
    void viewsPartitionTheOps() {
        Profile p = Profile.of(preset("gpt2-small"), settings(2, 1024, true, AttentionKind.NAIVE, CountMode.FULL), false);
        assertEquals(p.flops(), p.byKind().stream().mapToDouble(g -> g.forwardFlops() + g.backwardFlops()).sum(),
                1e-6 * p.flops());
        assertEquals(13, p.byLayer().size());
        assertEquals(p.params(), p.byLayer().stream().mapToLong(g -> g.totals().params()).sum());
        assertEquals(OpCost.OUTSIDE_LAYERS, p.byLayer().getFirst().layer());
        assertEquals("layer 11", p.byLayer().getLast().totals().name());
        assertEquals(11, p.byLayer().getLast().layer());
    }
}
