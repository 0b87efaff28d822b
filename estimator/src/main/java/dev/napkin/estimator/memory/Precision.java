package dev.napkin.estimator.memory;

import dev.napkin.gpu.ComputeDtype;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a training run stores its numbers, in bytes per parameter (weights, gradients, fp32 master copy, one
 * optimizer state tensor) and per activation element, and which peak rate its matmuls run at.
 * Mixed precision keeps 16-bit weights and gradients with an fp32 master copy and fp32 optimizer state:
 * 2 + 2 + 4 + 8 = 16 bytes per parameter with Adam (Rajbhandari et al. 2020, ZeRO, section 3.1; Micikevicius
 * et al. 2018). Pure bf16 keeps everything, optimizer state included, in 2 bytes. fp8-mixed (Micikevicius et al.
 * 2022, FP8 formats) runs the matmuls in fp8 from an fp8 weight copy, with bf16 gradients, fp32 master weights
 * and state; saved activations are counted at 2 bytes, as most stay in bf16. bf16-fp32-state keeps the optimizer
 * state in fp32 apart from the bf16 weights, without a master copy.
 */
public enum Precision {
    FP32("fp32", 4, 4, 0, 4, 4, ComputeDtype.FP32),
    BF16("bf16", 2, 2, 0, 2, 2, ComputeDtype.BF16),
    FP16_MIXED("fp16-mixed", 2, 2, 4, 4, 2, ComputeDtype.FP16),
    BF16_MIXED("bf16-mixed", 2, 2, 4, 4, 2, ComputeDtype.BF16),
    /**
     * bf16 weights and gradients with fp32 optimizer state and no master copy: 2 + 2 + (4 + 4) = 12 bytes per
     * parameter with AdamW, the layout of CS336 lecture 2's second question in its 2025 edition
     * ({@code motivating_questions()}: 8 x 80e9 / 12 = 5.33e10 parameters on 8 H100s).
     */
    BF16_FP32_STATE("bf16-fp32-state", 2, 2, 0, 4, 2, ComputeDtype.BF16),
    FP8_MIXED("fp8-mixed", 1, 2, 4, 4, 2, ComputeDtype.FP8);

    private final String id;
    private final int weightBytes;
    private final int gradientBytes;
    private final int masterWeightBytes;
    private final int stateBytes;
    private final int activationBytes;
    private final ComputeDtype computeDtype;

    Precision(String id, int weightBytes, int gradientBytes, int masterWeightBytes, int stateBytes,
              int activationBytes, ComputeDtype computeDtype) {
        this.id = id;
        this.weightBytes = weightBytes;
        this.gradientBytes = gradientBytes;
        this.masterWeightBytes = masterWeightBytes;
        this.stateBytes = stateBytes;
        this.activationBytes = activationBytes;
        this.computeDtype = computeDtype;
    }

    public String id() {
        return id;
    }

    public int weightBytes() {
        return weightBytes;
    }

    public int gradientBytes() {
        return gradientBytes;
    }

    public int masterWeightBytes() {
        return masterWeightBytes;
    }

    /** Bytes of one optimizer state tensor's element (an 8-bit optimizer overrides this). */
    public int stateBytes() {
        return stateBytes;
    }

    public int activationBytes() {
        return activationBytes;
    }

    /** The dtype whose dense peak the matmuls run at. */
    public ComputeDtype computeDtype() {
        return computeDtype;
    }

    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.id.equalsIgnoreCase(text.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + text + "'; use one of "
                + Arrays.stream(values()).map(Precision::id).collect(Collectors.joining(", ")));
    }
}
