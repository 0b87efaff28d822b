package dev.napkin.harness.cpu;

/**
 * GELU with the tanh approximation, as Raschka's GELU (Build a Large Language Model From Scratch,
 * chapter 4; Hendrycks and Gimpel 2016):
 * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). The arithmetic is in {@link VectorMath}.
 */
final class Gelu {
    private static final int CHUNK = 1 << 13;

    private Gelu() {
    }

    static void geluForward(Parallel team, WorkerScratch[] scratch, float[] out, float[] in, int n) {
        team.run((n + CHUNK - 1) / CHUNK, (task, worker) ->
                VectorMath.gelu(in, out, task * CHUNK, Math.min(CHUNK, n - task * CHUNK), scratch[worker].math));
    }

    /** In place: dOutAndIn holds dOut and becomes dIn; tanh is recomputed from the saved input, not stored. */
    static void geluBackward(Parallel team, WorkerScratch[] scratch, float[] dOutAndIn, float[] in, int n) {
        team.run((n + CHUNK - 1) / CHUNK, (task, worker) -> VectorMath.geluBackward(dOutAndIn, in, task * CHUNK,
                Math.min(CHUNK, n - task * CHUNK), scratch[worker].math));
    }
}
