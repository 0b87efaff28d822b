package dev.napkin.harness.gpu;

/** What the GPU trainer adds to a training configuration: its precision and its attention path. */
public record GpuOptions(GpuPrecision precision, AttentionKind attention) {
    public GpuOptions {
        if (precision == null || attention == null) {
            throw new IllegalArgumentException("a GPU run needs a precision and an attention path");
        }
    }
}
