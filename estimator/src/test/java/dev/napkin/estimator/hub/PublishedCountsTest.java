package dev.napkin.estimator.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.model.LayerLayout;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.MultiTokenPrediction;
import dev.napkin.estimator.model.ParameterCount;
import dev.napkin.estimator.model.ParameterTensors;
import org.junit.jupiter.api.Test;

/**
 * The counts of the bundled configs against the totals their publishers state. A figure given to three or more
 * significant digits is matched within 0.5%; one given as "22B" is matched by the rounding its publisher uses,
 * said at each test (the counts themselves are exact: napkin adds up the modules the modeling files create).
 */
class PublishedCountsTest {
    private static ParameterCount count(String hubId) {
        return HubPresets.builtIn().find(hubId).orElseThrow().model().parameterCount().orElseThrow();
    }

    private static void within(double published, long count, double tolerance, String what) {
        assertEquals(published, count, published * tolerance, what + ": " + count + " against " + published);
    }

    /** The count, in units of {@code unit}, rounds half-up to the published figure. */
    private static void roundsTo(double published, long count, double unit, String what) {
        assertEquals(published, Math.round(count / unit) * unit, unit / 1000, what + ": " + count);
    }

    /** The count, in units of {@code unit}, truncates to the published figure (its publisher drops the rest). */
    private static void truncatesTo(double published, long count, double unit, String what) {
        assertEquals(published, Math.floor(count / unit) * unit, unit / 1000, what + ": " + count);
    }

    @Test // Qwen3-8B model card: 8.2B parameters, 6.95B non-embedding
    void qwen3Dense() {
        ParameterCount c = count("Qwen/Qwen3-8B");
        within(8.2e9, c.total(), 0.005, "total");
        within(6.95e9, c.nonEmbedding(), 0.005, "non-embedding");
    }

    @Test // Qwen3-235B-A22B model card: 235B total, 234B non-embedding, 22B activated (its figures truncate)
    void qwen3Moe235B() {
        ParameterCount c = count("Qwen/Qwen3-235B-A22B");
        within(235e9, c.total(), 0.005, "total");
        within(234e9, c.nonEmbedding(), 0.005, "non-embedding");
        truncatesTo(22e9, c.active(), 1e9, "activated");
    }

    @Test // Qwen3-30B-A3B model card: 30.5B total, 29.9B non-embedding, 3.3B activated (truncated: 3.35B)
    void qwen3Moe30B() {
        ParameterCount c = count("Qwen/Qwen3-30B-A3B");
        within(30.5e9, c.total(), 0.005, "total");
        within(29.9e9, c.nonEmbedding(), 0.005, "non-embedding");
        truncatesTo(3.3e9, c.active(), 1e8, "activated");
    }

    @Test // Qwen1.5-MoE-A2.7B model card: 14.3B total, 2.7B activated at runtime
    void qwen2MoeWithSharedExpert() {
        ParameterCount c = count("Qwen/Qwen1.5-MoE-A2.7B");
        within(14.3e9, c.total(), 0.005, "total");
        within(2.7e9, c.active(), 0.005, "activated");
    }

    @Test // DeepSeek-V3 technical report: 671B total, 37B activated; model card: 685B on the Hub with the MTP module
    void deepSeekV3() {
        Model m = HubPresets.builtIn().find("deepseek-ai/DeepSeek-V3").orElseThrow().model();
        ParameterCount c = m.parameterCount().orElseThrow();
        within(671e9, c.total(), 0.005, "main model");
        // the report's 37B: the activated weights without the embedding's lookup table, 36.6B, rounded
        roundsTo(37e9, c.activeWithoutEmbeddingLookup(), 1e9, "activated");
        ModelShape s = m.shape().orElseThrow();
        MultiTokenPrediction mtp = s.layout().flatMap(l -> java.util.Optional.ofNullable(l.mtpOrNull())).orElseThrow();
        within(685e9, c.total() + mtp.checkpointParams(s.dModel(), s.vocab()), 0.005, "Hub checkpoint");
        LayerLayout layout = s.layout().orElseThrow();
        assertEquals(58, layout.moeLayers(), "first_k_dense_replace 3 of 61 layers are dense");
    }

    @Test // gpt-oss model card, table 1: 116.83B / 5.13B active (120b), 20.91B / 3.61B (20b), the unembedding counted
    void gptOss() {
        ParameterCount big = count("openai/gpt-oss-120b");
        within(116.83e9, big.total(), 0.0005, "120b total");
        within(5.13e9, big.activeWithoutEmbeddingLookup(), 0.005, "120b active");
        ParameterCount small = count("openai/gpt-oss-20b");
        within(20.91e9, small.total(), 0.0005, "20b total");
        within(3.61e9, small.activeWithoutEmbeddingLookup(), 0.005, "20b active");
    }

    @Test // Gemma 2 technical report, table 1: embedding and non-embedding parameters
    void gemma2() {
        ParameterCount nine = count("google/gemma-2-9b");
        assertEquals(917_504_000L, nine.tokenEmbedding());
        assertEquals(8_324_201_984L, nine.nonEmbedding());
        assertEquals(26_047_480_320L, count("google/gemma-2-27b").nonEmbedding());
    }

    @Test // Gemma 3 technical report, table 1: 27B has 25,600M non-embedding; 1B has 302M embedding and 698M others
    void gemma3() {
        within(25_600e6, count("google/gemma-3-27b-pt").nonEmbedding(), 0.005, "27B non-embedding");
        ParameterCount one = count("google/gemma-3-1b-pt");
        within(302e6, one.tokenEmbedding(), 0.005, "1B embedding");
        within(698e6, one.nonEmbedding(), 0.005, "1B non-embedding");
    }

    @Test // Llama 4 model cards: 17B activated for both; Maverick 400B total (napkin counts the language model only)
    void llama4() {
        roundsTo(17e9, count("meta-llama/Llama-4-Scout-17B-16E").active(), 1e9, "Scout activated");
        ParameterCount maverick = count("meta-llama/Llama-4-Maverick-17B-128E");
        within(400e9, maverick.total(), 0.005, "Maverick total");
        roundsTo(17e9, maverick.active(), 1e9, "Maverick activated");
    }

    @Test // Llama-4-Scout's 109,676,279,296 parameters, printed module by module from the Hub checkpoint: the
          // language model's embedding and head are 202048 x 5120 = 1,034,485,760 each
    void llama4ScoutEmbedding() {
        assertEquals(1_034_485_760L, count("meta-llama/Llama-4-Scout-17B-16E").tokenEmbedding());
    }

    @Test // Phi-3 technical report: phi-3-mini, 3.8B parameters; the Hub's safetensors total 3,821,079,552
    void phi3() {
        ParameterCount c = count("microsoft/Phi-3-mini-4k-instruct");
        roundsTo(3.8e9, c.total(), 1e8, "total");
        assertEquals(3_821_079_552L, c.total());
    }

    @Test // the Hub: OLMo-2-1124-7B has 7.3B parameters
    void olmo2() {
        within(7.3e9, count("allenai/OLMo-2-1124-7B").total(), 0.005, "total");
    }

    @Test
    void tensorListAgreesWithTheCountForEveryBundledModel() {
        for (HubPreset p : HubPresets.builtIn().all()) {
            ModelShape shape = p.model().shape().orElseThrow();
            long elements = ParameterTensors.of(shape).stream().mapToLong(ParameterTensors.Tensor::elements).sum();
            assertEquals(ParameterCount.of(shape).total(), elements, p.model().id());
            assertTrue(p.model().activeParams() <= p.model().totalParams(), p.model().id());
        }
    }
}
