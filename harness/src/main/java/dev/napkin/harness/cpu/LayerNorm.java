package dev.napkin.harness.cpu;

/**
 * LayerNorm over the C channels of each row (Ba et al. 2016), as Raschka's LayerNorm (Build a Large
 * Language Model From Scratch, chapter 4): biased variance, eps 1e-5,
 * out = (x - mean) / sqrt(var + eps) * weight + bias.
 */
final class LayerNorm {
    static final float EPS = 1e-5f;
    /** Rows per task. */
    private static final int ROWS = 16;
    /** Channels per task of the weight-gradient pass. */
    private static final int COLS = 64;

    private LayerNorm() {
    }

    /** out (N, C), mean and rstd (N) saved for backward; weight and bias at offsets of {@code params}. */
    static void layerNormForward(Parallel team, float[] out, float[] mean, float[] rstd, float[] in, float[] params,
                                 int weight, int bias, int rows, int c) {
        team.run((rows + ROWS - 1) / ROWS, (task, worker) -> {
            for (int r = task * ROWS; r < Math.min(rows, task * ROWS + ROWS); r++) {
                int o = r * c;
                float sum = 0;
                for (int i = 0; i < c; i++) {
                    sum += in[o + i];
                }
                float mu = sum / c;
                float squares = 0;
                for (int i = 0; i < c; i++) {
                    float d = in[o + i] - mu;
                    squares += d * d;
                }
                float s = (float) (1 / Math.sqrt(squares / c + EPS));
                for (int i = 0; i < c; i++) {
                    out[o + i] = (in[o + i] - mu) * s * params[weight + i] + params[bias + i];
                }
                mean[r] = mu;
                rstd[r] = s;
            }
        });
    }

    /**
     * dIn += the LayerNorm's input gradient; dWeight, dBias (in {@code grads}) += their gradients. With n = (x - mean)
     * · rstd and g = weight · dOut: dx = rstd · (g - mean(g) - n · mean(g · n)). Rows are split over the team for dx;
     * channels for dWeight and dBias, so each sum runs over the rows in order.
     */
    static void layerNormBackward(Parallel team, float[] dIn, float[] grads, int dWeight, int dBias, float[] dOut,
                                  float[] in, float[] mean, float[] rstd, float[] params, int weight, int rows, int c) {
        team.run((rows + ROWS - 1) / ROWS, (task, worker) -> {
            for (int r = task * ROWS; r < Math.min(rows, task * ROWS + ROWS); r++) {
                int o = r * c;
                float mu = mean[r];
                float s = rstd[r];
                float sumG = 0;
                float sumGn = 0;
                for (int i = 0; i < c; i++) {
                    float g = params[weight + i] * dOut[o + i];
                    sumG += g;
                    sumGn += g * (in[o + i] - mu) * s;
                }
                float meanG = sumG / c;
                float meanGn = sumGn / c;
                for (int i = 0; i < c; i++) {
                    float n = (in[o + i] - mu) * s;
                    dIn[o + i] += s * (params[weight + i] * dOut[o + i] - meanG - n * meanGn);
                }
            }
        });
        team.run((c + COLS - 1) / COLS, (task, worker) -> {
            int i0 = task * COLS;
            int i1 = Math.min(c, i0 + COLS);
            for (int r = 0; r < rows; r++) {
                int o = r * c;
                float mu = mean[r];
                float s = rstd[r];
                for (int i = i0; i < i1; i++) {
                    grads[dWeight + i] += (in[o + i] - mu) * s * dOut[o + i];
                    grads[dBias + i] += dOut[o + i];
                }
            }
        });
    }
}
