package dev.napkin.estimator.flops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.ParameterCount;
import dev.napkin.estimator.model.PositionKind;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FlopsFormulaTest {
    private static Model preset(String id) {
        return ModelPresets.builtIn().find(id).model();
    }

    @Test // GPT-3 paper, table D.1: 3.14e23 FLOPs for 175B on 300B tokens (6 FLOPs per parameter per token)
    void gpt3TotalComputeBySixPt() {
        double total = FlopsFormula.SIX_PT.perToken(preset("gpt3-175b"), 2048).model() * 300e9;
        assertEquals(3.14e23, total, 0.005 * 3.14e23);
    }

    @Test // PaLM table 22: 3.28 TFLOPs per token for 540B at sequence 2048 (6N + 12LHQT)
    void palmPerTokenFlops() {
        FlopsPerToken f = FlopsFormula.PALM.perToken(preset("palm-540b"), 2048);
        assertEquals(3.28e12, f.model(), 0.005e12);
    }

    @Test // PaLM section 4.1: 238.3K tokens/s on 6144 TPU v4 chips (275 TFLOP/s each) is 46.2% MFU
    void palmMfuFromItsThroughput() {
        double perToken = FlopsFormula.PALM.perToken(preset("palm-540b"), 2048).model();
        assertEquals(0.462, 238.3e3 * perToken / (6144 * 275e12), 0.001);
    }

    @Test // Korthikanti et al. 2022, appendix A, eq. 7: 72·B·s·l·h²·(1 + s/(6h) + V/(12lh)) per iteration
    void megatronModelFlopsAreKorthikantiEquation7() {
        ModelShape s = preset("gpt3-175b").shape().orElseThrow();
        double h = s.dModel();
        double l = s.layers();
        int seq = 2048;
        double eq7PerToken = 72 * l * h * h * (1 + seq / (6 * h) + s.vocab() / (12 * l * h));
        FlopsPerToken f = FlopsFormula.MEGATRON.perToken(preset("gpt3-175b"), seq);
        assertEquals(eq7PerToken, f.model(), 1e-9 * eq7PerToken);
        // Narayanan et al. 2021, eq. 3: with full recompute 96·B·s·l·h²·(1 + s/(6h) + V/(16lh))
        double eq3PerToken = 96 * l * h * h * (1 + seq / (6 * h) + s.vocab() / (16 * l * h));
        assertEquals(eq3PerToken, f.hardware(Recompute.FULL), 1e-9 * eq3PerToken);
    }

    @Test // the lecture: with full recompute the hardware does 8·P·T, so MFU = HFU · 6/8
    void fullRecomputeIsEightPt() {
        FlopsPerToken f = FlopsFormula.SIX_PT.perToken(Model.ofParams(70e9), 4096);
        assertEquals(6.0 / 8, f.model() / f.hardware(Recompute.FULL), 1e-12);
    }

    @Test // Chinchilla table A4: their per-op count over 6·N·D is 0.99-1.10 for 73M-6.8B models
    void chinchillaCountIsCloseToSixPtAtScale() {
        Model chinchilla = preset("chinchilla-70b");
        double ratio = FlopsFormula.CHINCHILLA.perToken(chinchilla, 2048).model()
                / FlopsFormula.SIX_PT.perToken(chinchilla, 2048).model();
        assertTrue(ratio > 0.95 && ratio < 1.10, "ratio " + ratio);
    }

    @Test // for a GPT shape the Chinchilla and Megatron counts describe the same matmuls (up to embeddings/softmax)
    void chinchillaAndMegatronAgreeOnGpt3() {
        Model gpt3 = preset("gpt3-175b");
        double chinchilla = FlopsFormula.CHINCHILLA.perToken(gpt3, 2048).model();
        double megatron = FlopsFormula.MEGATRON.perToken(gpt3, 2048).model();
        assertEquals(1, chinchilla / megatron, 0.01);
    }

    @Test // Mixtral: FLOPs follow the 12.9B active parameters, not the 46.7B total
    void mixtureOfExpertsUsesActiveParameters() {
        Model mixtral = preset("mixtral-8x7b");
        assertEquals(6 * mixtral.activeParams(), FlopsFormula.SIX_PT.perToken(mixtral, 4096).model(), 1);
    }

    @Test
    void finerFormulasNeedAShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlopsFormula.PALM.perToken(Model.ofParams(70e9), 4096));
        assertTrue(e.getMessage().startsWith("the PaLM formula"), e.getMessage());
        assertEquals("unknown FLOPs formula 'kaplan'; use one of 6pt, palm, causal, chinchilla, chinchilla-a4, megatron",
                assertThrows(IllegalArgumentException.class, () -> FlopsFormula.parse("kaplan")).getMessage());
    }

    @Test // llm.c, train_gpt2.cu gpt2_estimate_mfu: 6·N + 6·L·C·T per token, with its README's num_parameters
          // 124439808 for GPT-2 small: 6 * 124439808 + 6 * 12 * 768 * 1024 = 803,261,952 at T = 1024
    void causalIsLlmcsCount() {
        FlopsPerToken f = FlopsFormula.CAUSAL.perToken(preset("gpt2-small"), 1024);
        assertEquals(803_261_952, f.model(), 0.5);
        // and PaLM's count of the same model is 12·L·H·Q·T larger in its attention term: 6·L·C·T more
        assertEquals(6.0 * 12 * 768 * 1024, FlopsFormula.PALM.perToken(preset("gpt2-small"), 1024).model() - f.model(), 0.5);
    }

    /** Chinchilla's table A4 row: layers, d_model, ffw_size, heads, k/q size, and its published ratio. */
    private record TableA4Row(int layers, int dModel, int ffw, int heads, int keySize, double ratio) {
        Model model() {
            // Gopher's block as napkin's chinchilla-70b preset counts it: relative positions, no biases, one
            // 32,000 x d_model embedding, sequence 2048
            ModelShape s = ModelShape.builder().layers(layers).dModel(dModel).heads(heads).headDim(keySize)
                    .ffnHidden(ffw).vocab(32_000).context(2048).mlp(MlpKind.GELU).norm(NormKind.RMSNORM)
                    .position(PositionKind.RELATIVE).biases(false).tiedEmbeddings(true).build();
            return Model.ofShape("a4-" + layers, "table A4 row", s, false);
        }
    }

    @Test // Hoffmann et al. 2022 (Chinchilla), table A4: their FLOPs over 6·N·D, to two decimals
    void chinchillaA4ReproducesTableA4() {
        List<TableA4Row> rows = List.of(new TableA4Row(10, 640, 2560, 10, 64, 1.03),
                new TableA4Row(20, 1024, 4096, 16, 64, 1.10), new TableA4Row(24, 1280, 5120, 10, 128, 1.08),
                new TableA4Row(26, 1792, 7168, 14, 128, 1.04), new TableA4Row(28, 2048, 8192, 16, 128, 1.03),
                new TableA4Row(40, 3584, 14336, 28, 128, 0.99));
        for (TableA4Row row : rows) {
            Model m = row.model();
            double n = ParameterCount.of(m.shape().orElseThrow()).chinchillaCounted();
            double ratio = FlopsFormula.CHINCHILLA_A4.perToken(m, 2048).model() / (6 * n);
            double appendixF = FlopsFormula.CHINCHILLA.perToken(m, 2048).model() / (6 * m.totalParams());
            System.out.printf(Locale.ROOT, "table A4 %d x %d: N %.4g, chinchilla-a4 %.3f (paper %.2f), "
                    + "chinchilla over 6·P %.3f%n", row.layers(), row.dModel(), n, ratio, row.ratio(), appendixF);
            assertEquals(row.ratio(), ratio, 0.005, "row " + row);
        }
    }

    @Test // Korthikanti et al. 2022, eq. 8 against eq. 7: selective recompute costs s/(3h) where the model has s/(6h);
          // section 5: 2.7% more FLOPs for GPT-3 (96 x 12288) and 1.6% for MT-NLG (105 x 20480), s = 2048, V = 51200
    void megatronSelectiveRecomputeIsEquation8() {
        double[][] models = {{96, 12288, 96, 0.027}, {105, 20480, 128, 0.016}};
        for (double[] m : models) {
            ModelShape s = megatronGpt((int) m[0], (int) m[1], (int) m[2]);
            FlopsPerToken f = FlopsFormula.MEGATRON.perToken(Model.ofShape("m", "m", s, false), 2048);
            double h = m[1];
            double l = m[0];
            double eq8 = 72 * l * h * h * (1 + 2048 / (3 * h) + 51_200 / (12 * l * h));
            assertEquals(eq8, f.hardware(Recompute.SELECTIVE), 1e-9 * eq8);
            double overhead = f.hardware(Recompute.SELECTIVE) / f.model() - 1;
            assertEquals(m[3], overhead, 0.0005, "overhead " + overhead);
        }
        // napkin's own count (the default 6pt and palm) reruns the attention core's forward only, a third of eq. 8's
        Model gpt3 = preset("gpt3-175b");
        FlopsPerToken palm = FlopsFormula.PALM.perToken(gpt3, 2048);
        FlopsPerToken megatron = FlopsFormula.MEGATRON.perToken(gpt3, 2048);
        assertEquals(3, (megatron.hardware(Recompute.SELECTIVE) - megatron.model())
                / (palm.hardware(Recompute.SELECTIVE) - palm.model()), 1e-9);
    }

    /**
     * Korthikanti et al. 2022 (arXiv 2205.05198), Table 5, also Megatron-LM's README table: GPTs with sequence
     * parallelism and selective recompute, sequence 2048, vocabulary 51,200, MFU and HFU in percent to three
     * significant digits. HFU counts selective recompute by eq. 8 and MFU by eq. 7, so HFU / MFU is eq. 8 over eq. 7
     * whatever the run's speed: 43.7 / 41.5 = 1.053, 52.8 / 51.4 = 1.027, 57.0 / 56.0 = 1.018, 57.0 / 56.3 = 1.012.
     * Each figure is known to half a unit in its last digit (±0.05 points), so the published ratio lies between
     * (HFU − 0.05) / (MFU + 0.05) and (HFU + 0.05) / (MFU − 0.05).
     */
    @Test
    void megatronSelectiveRecomputeReproducesTable5HardwareOverModelUtilisation() {
        // name, layers, hidden, heads, HFU %, MFU %
        Object[][] rows = {{"22B", 48, 6144, 64, 43.7, 41.5}, {"175B", 96, 12288, 96, 52.8, 51.4},
                {"530B", 105, 20480, 128, 57.0, 56.0}, {"1T", 128, 25600, 160, 57.0, 56.3}};
        double halfUnit = 0.05;
        for (Object[] r : rows) {
            int layers = (int) r[1];
            int hidden = (int) r[2];
            int heads = (int) r[3];
            double hfu = (double) r[4];
            double mfu = (double) r[5];
            ModelShape s = megatronGpt(layers, hidden, heads);
            FlopsPerToken f = FlopsFormula.MEGATRON.perToken(Model.ofShape((String) r[0], "Table 5 GPT", s, false),
                    2048);
            double ratio = f.hardware(Recompute.SELECTIVE) / f.model();
            double low = (hfu - halfUnit) / (mfu + halfUnit);
            double high = (hfu + halfUnit) / (mfu - halfUnit);
            System.out.printf(Locale.ROOT, "Table 5 %s: HFU/MFU napkin %.4f, published %.4f (%.4f..%.4f)%n", r[0],
                    ratio, hfu / mfu, low, high);
            assertTrue(ratio >= low && ratio <= high, r[0] + ": napkin's HFU/MFU " + ratio + " is outside the "
                    + "published " + hfu + " / " + mfu + " with rounding, " + low + ".." + high);
        }
    }

    /** Megatron-LM's GPT: MLP 4h, vocabulary 51,200, sequence 2048, learned positions, every bias. */
    private static ModelShape megatronGpt(int layers, int hidden, int heads) {
        return ModelShape.builder().layers(layers).dModel(hidden).heads(heads).ffnHidden(4 * hidden).vocab(51_200)
                .context(2048).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED).biases(true)
                .tiedEmbeddings(true).build();
    }
}
