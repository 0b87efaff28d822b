package dev.napkin.profiler.plan;

import dev.napkin.estimator.memory.MemoryBreakdown;

/**
 * One layout's predicted step.
 *
 * @param modelFlopsPerSecPerGpu model FLOPs (the job's convention) per second per GPU: what MFU counts
 * @param mfu                    model FLOP/s over the dense peak (Chowdhery et al. 2022, section 4.1)
 * @param hfu                    hardware FLOP/s (recomputation included) over the dense peak
 * @param memory                 bytes per GPU on the stage that needs most
 * @param fits                   whether {@code memory} fits in the GPU's memory
 */
public record Prediction(Layout layout, StepBreakdown breakdown, double stepSeconds, double tokensPerSecond,
                         double modelFlopsPerSecPerGpu, double hardwareFlopsPerSecPerGpu, double mfu, double hfu,
                         MemoryBreakdown memory, boolean fits) {
}
