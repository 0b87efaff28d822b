package dev.napkin.harness.cpu;

import java.util.Arrays;
import java.util.SplittableRandom;

/** GPT-2's initialisation from a seed, tensor by tensor in layout order (so it does not depend on threads). */
final class Init {
    /** Standard deviation of every weight (nanoGPT's model.py _init_weights; Radford et al. 2019). */
    static final double STD = 0.02;

    private Init() {
    }

    static void initialise(float[] params, Gpt2Parameters layout, int layers, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double residualStd = STD / Math.sqrt(2.0 * layers);
        for (Gpt2Parameters.Tensor t : layout.all) {
            int from = t.offset();
            int to = from + t.length();
            switch (t.init()) {
                case ZEROS -> Arrays.fill(params, from, to, 0f);
                case ONES -> Arrays.fill(params, from, to, 1f);
                case NORMAL -> normal(params, from, to, STD, random);
                case NORMAL_RESIDUAL -> normal(params, from, to, residualStd, random);
            }
        }
    }

    private static void normal(float[] params, int from, int to, double std, SplittableRandom random) {
        for (int i = from; i < to; i++) {
            params[i] = (float) (std * random.nextGaussian());
        }
    }
}
