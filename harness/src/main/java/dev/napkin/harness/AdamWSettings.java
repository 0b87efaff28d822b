package dev.napkin.harness;

/**
 * AdamW (Loshchilov and Hutter 2019): Adam's moments with weight decay applied to the weights directly. The
 * defaults are Karpathy's GPT-2 reproduction's (nanoGPT's train.py and "Let's reproduce GPT-2 (124M)": lr 6e-4,
 * betas 0.9 and 0.95, eps 1e-8, decay 0.1 on matrices only).
 */
public record AdamWSettings(float learningRate, float beta1, float beta2, float epsilon, float weightDecay) {
    public AdamWSettings {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("AdamW betas must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW needs epsilon > 0 and weight decay >= 0, got " + epsilon
                    + " and " + weightDecay);
        }
    }

    public static AdamWSettings gpt2() {
        return new AdamWSettings(6e-4f, 0.9f, 0.95f, 1e-8f, 0.1f);
    }
}
