package dev.napkin.profiler.plan;

/**
 * Layers per pipeline stage. When PP does not divide the layer count, the remainder goes to the middle stages
 * first, as large runs do by giving the first stage (which also holds the embedding) and the last (the head and
 * loss) fewer layers (Llama 3, Dubey et al. 2024, section 3.3.2: one layer fewer on the first and last stage).
 */
final class StageLayers {
    private StageLayers() {
    }

    static int[] split(int layers, int stages) {
        int[] out = new int[stages];
        int base = layers / stages;
        int extra = layers % stages;
        java.util.Arrays.fill(out, base);
        // middle stages first, then the last, then the first
        for (int i = 1; i < stages - 1 && extra > 0; i++, extra--) {
            out[i]++;
        }
        if (extra > 0 && stages > 1) {
            out[stages - 1]++;
            extra--;
        }
        if (extra > 0) {
            out[0]++;
        }
        return out;
    }
}
