package dev.napkin.harness.gpu;

import java.util.Locale;

/**
 * How the GPU trainer stores and multiplies: fp32 throughout; fp32 with TF32 tensor-core matmuls; or bf16 mixed
 * precision (bf16 parameters, activations and matmul inputs, fp32 accumulation, fp32 master weights, gradients and
 * AdamW moments, as mixed-precision training keeps them: Micikevicius et al. 2018, section 3).
 */
public enum GpuPrecision {
    FP32("fp32", DataType.F32, GemmCall.ComputeType.F32),
    TF32("tf32", DataType.F32, GemmCall.ComputeType.F32_FAST_TF32),
    BF16_MIXED("bf16-mixed", DataType.BF16, GemmCall.ComputeType.F32);

    /** The {@code --precision} name. */
    public final String id;
    /** Parameters and activations. */
    public final DataType storage;
    /** What the GEMMs compute in. */
    public final GemmCall.ComputeType gemmCompute;

    GpuPrecision(String id, DataType storage, GemmCall.ComputeType gemmCompute) {
        this.id = id;
        this.storage = storage;
        this.gemmCompute = gemmCompute;
    }

    /** Whether an fp32 master copy of the parameters exists beside the working copy. */
    public boolean keepsMaster() {
        return storage != DataType.F32;
    }

    public static GpuPrecision parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (GpuPrecision p : values()) {
            if (p.id.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown GPU precision '" + text + "'; use fp32, tf32 or bf16-mixed");
    }
}
