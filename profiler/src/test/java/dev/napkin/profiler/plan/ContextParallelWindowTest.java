package dev.napkin.profiler.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.napkin.estimator.hub.HubPresets;
import dev.napkin.estimator.model.AttentionSpan;
import dev.napkin.estimator.model.Dropout;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuCatalog;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.profiler.AttentionKind;
import org.junit.jupiter.api.Test;

/**
 * Context parallelism splits the queries over c GPUs, so the attention core's work per GPU is 1/c of the whole:
 * (T/c)·T scores for full attention, (T/c)·W for a sliding window W (gpt-oss-20b alternates 128-token windows with
 * full attention). The cores' forward times, each op at max(FLOPs/peak, bytes/bandwidth), follow within the GEMM
 * table's size curve.
 */
class ContextParallelWindowTest {
    private static final GpuSpec H100 = GpuCatalog.builtIn().find("h100-sxm");

    private static double coreForward(ModelShape s, int layer, int c, int seq) {
        return LayerCosts.of(s, 1, c, 1, 1, seq, ComputeDtype.BF16, Dropout.NONE, AttentionKind.FUSED, H100,
                GemmEfficiency.builtIn()).layers(layer, layer + 1).attentionForward();
    }

    @Test
    void eachGpuDoesItsShareOfAWindowedLayer() {
        ModelShape s = HubPresets.builtIn().find("openai/gpt-oss-20b").orElseThrow().model().shape().orElseThrow();
        int seq = 32_768;
        int c = 8;
        int sliding = s.layoutOrNull().layers().get(0).span().kind() == AttentionSpan.Kind.FULL ? 1 : 0;
        int full = 1 - sliding;
        double slidingShare = coreForward(s, sliding, c, seq) / coreForward(s, sliding, 1, seq);
        double fullShare = coreForward(s, full, c, seq) / coreForward(s, full, 1, seq);
        // 1/8 each; the whole layer's work was charged to every GPU of a windowed layer before (a share of 1.0)
        assertEquals(1.0 / c, fullShare, 0.5 / c, "full attention");
        assertEquals(1.0 / c, slidingShare, 0.5 / c, "128-token window");
    }
}
