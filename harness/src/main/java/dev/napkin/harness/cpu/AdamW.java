package dev.napkin.harness.cpu;

import dev.napkin.harness.AdamWSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter 2019, algorithm 2, as torch.optim.AdamW computes it): p ← p (1 - lr·wd), then
 * m ← β1 m + (1 - β1) g, v ← β2 v + (1 - β2) g², p ← p - lr · m̂ / (sqrt(v̂) + ε) with bias-corrected m̂ = m / (1 - β1^t)
 * and v̂ = v / (1 - β2^t). Weight decay on matrices and embeddings only (nanoGPT's configure_optimizers:
 * every parameter of two or more dimensions).
 */
final class AdamW {
    /** Elements per task. */
    private static final int CHUNK = 1 << 16;

    private record Chunk(int start, int end, boolean decay) {
    }

    private final List<Chunk> chunks;
    private final AdamWSettings settings;

    AdamW(Gpt2Parameters layout, AdamWSettings settings) {
        List<Chunk> list = new ArrayList<>();
        for (Gpt2Parameters.Tensor t : layout.all) {
            for (int s = t.offset(); s < t.offset() + t.length(); s += CHUNK) {
                list.add(new Chunk(s, Math.min(t.offset() + t.length(), s + CHUNK), t.init().decayed()));
            }
        }
        this.chunks = List.copyOf(list);
        this.settings = settings;
    }

    /** Update {@code params} for step {@code step} (1-based). */
    void adamWUpdate(Parallel team, float[] params, float[] grads, float[] m, float[] v, int step) {
        float lr = settings.learningRate();
        float b1 = settings.beta1();
        float b2 = settings.beta2();
        float eps = settings.epsilon();
        float correction1 = (float) (1 - Math.pow(b1, step));
        float correction2 = (float) (1 - Math.pow(b2, step));
        float decayed = 1 - lr * settings.weightDecay();
        team.run(chunks.size(), (task, worker) -> {
            Chunk c = chunks.get(task);
            float shrink = c.decay() ? decayed : 1f;
            for (int i = c.start(); i < c.end(); i++) {
                float g = grads[i];
                float mi = b1 * m[i] + (1 - b1) * g;
                float vi = b2 * v[i] + (1 - b2) * g * g;
                m[i] = mi;
                v[i] = vi;
                float mHat = mi / correction1;
                float vHat = vi / correction2;
                params[i] = params[i] * shrink - lr * mHat / ((float) Math.sqrt(vHat) + eps);
            }
        });
    }
}
