package dev.napkin.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuCatalog;
import dev.napkin.gpu.GpuSpec;
import org.junit.jupiter.api.Test;

class RooflineTest {
    private final GpuSpec h100 = GpuCatalog.builtIn().find("h100-sxm");
    private final Profile gpt2 = Profile.of(ModelPresets.builtIn().find("gpt2-small").model(),
            new ProfileSettings(8, 1024, ComputeDtype.BF16, false, AttentionKind.NAIVE, CountMode.FULL), false);

    private OpTime op(Roofline r, String name) {
        return r.times().stream().filter(t -> t.op().name().equals(name)).findFirst().orElseThrow();
    }

    @Test // elementwise ops do a few FLOPs per byte, far below the H100's 989.5e12 / 3.35e12 = 295 FLOPs per byte
    void elementwiseOpsAreMemoryBoundAndMatmulsComputeBound() {
        Roofline r = Roofline.of(gpt2, h100, ComputeDtype.BF16);
        assertEquals(Bound.MEMORY, op(r, "L0.attn.softmax").bound());
        assertEquals(Bound.MEMORY, op(r, "L0.norm1").bound());
        assertEquals(Bound.MEMORY, op(r, "L0.mlp.gelu").bound());
        assertEquals(Bound.COMPUTE, op(r, "L0.mlp.up").bound());
        assertEquals(Bound.COMPUTE, op(r, "head.logits").bound());
    }

    @Test // an op's time is max(FLOPs / peak, bytes / bandwidth) for forward plus the same for backward
    void opTimeIsTheRoof() {
        Roofline r = Roofline.of(gpt2, h100, ComputeDtype.BF16);
        OpCost softmax = op(r, "L0.attn.softmax").op();
        double expected = Math.max(softmax.forwardFlops() / 67e12,
                (softmax.forwardBytesRead() + softmax.forwardBytesWritten()) / 3.35e12)
                + Math.max(softmax.backwardFlops() / 67e12,
                (softmax.backwardBytesRead() + softmax.backwardBytesWritten()) / 3.35e12);
        assertEquals(expected, op(r, "L0.attn.softmax").seconds(), 1e-15);
    }

    @Test // memory-bound ops are where the roofline departs from 6·P·T at peak
    void stepIsSlowerThanSixPtAtPeak() {
        Roofline r = Roofline.of(gpt2, h100, ComputeDtype.BF16);
        assertTrue(r.stepSeconds() > r.sixPtSeconds());
        assertTrue(r.mfuCeiling() > 0 && r.mfuCeiling() < 1, "ceiling " + r.mfuCeiling());
        assertTrue(r.memoryBoundShare() > 0.2, "memory-bound share " + r.memoryBoundShare());
    }

    // The first MLP matmul of GPT-2 small at B 8, T 1024, by hand: forward 2 x (8 x 1024) x 768 x 3072 = 3.8655e10
    // FLOPs, backward twice that (input and weight gradients); its bias adds 8192 x 3072 = 2.52e7 forward and as
    // many backward (the bias gradient's sum): 1.16014e11 FLOPs in all, at the H100 SXM's dense BF16 989.5e12
    // (datasheet: 1,979 with sparsity) 1.1725e-4 s. Compute-bound: its forward moves (8192 x 768 + 768 x 3072 +
    // 8192 x 3072) x 2 bytes = 67.6e6 bytes, 2.02e-5 s at 3.35e12 B/s, under its 3.91e-5 s of FLOPs.
    @Test
    void anMlpMatmulTakesItsFlopsAtThePeak() {
        OpTime up = op(Roofline.of(gpt2, h100, ComputeDtype.BF16), "L0.mlp.up");
        assertEquals(Bound.COMPUTE, up.bound());
        assertEquals(1.1725e-4, up.seconds(), 0.0001e-4);
    }

    @Test // fusing attention removes the T x T traffic and raises the ceiling
    void fusedAttentionRaisesTheCeiling() {
        Profile fused = Profile.of(gpt2.model(), new ProfileSettings(8, 1024, ComputeDtype.BF16, false,
                AttentionKind.FUSED, CountMode.FULL), false);
        assertTrue(Roofline.of(fused, h100, ComputeDtype.BF16).mfuCeiling()
                > Roofline.of(gpt2, h100, ComputeDtype.BF16).mfuCeiling());
    }
}
