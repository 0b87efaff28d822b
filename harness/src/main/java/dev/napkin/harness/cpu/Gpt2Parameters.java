package dev.napkin.harness.cpu;

import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.ParameterCount;
import dev.napkin.harness.Gpt2Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each GPT-2 parameter tensor lives in the one flat parameter buffer (gradients and AdamW moments use the
 * same layout). Matrices are stored input-major, (in, out), so a linear layer is out = in · W + b.
 *
 * <pre>
 * wte (V, C)  wpe (maxT, C)
 * per layer: ln1 w, b (C) | qkv W (C, 3C), b (3C) | proj W (C, C), b (C) | ln2 w, b (C) | fc W (C, F), b (F) |
 *            fcProj W (F, C), b (C)
 * lnf w, b (C)
 * </pre>
 * The LM head is wte itself (tied, as in GPT-2); Q, K and V are the three C-wide column groups of qkv, head h the
 * HS columns h·HS .. (h+1)·HS - 1 of each.
 */
public final class Gpt2Parameters {
    /** A tensor: {@code rows x cols} floats from {@code offset}; a vector has one row; length 0 means absent. */
    public record Tensor(String name, int offset, int rows, int cols, Init init) {
        public int length() {
            return rows * cols;
        }
    }

    /**
     * How a tensor starts (nanoGPT's model.py _init_weights): normal(0, 0.02) for embeddings and linear weights,
     * scaled by (2L)^-0.5 for the two projections that feed the residual stream (Radford et al. 2019, section 2.3);
     * zeros for biases; ones for norm gains. AdamW decays the matrices only.
     */
    public enum Init {
        NORMAL, NORMAL_RESIDUAL, ZEROS, ONES;

        public boolean decayed() {
            return this == NORMAL || this == NORMAL_RESIDUAL;
        }
    }

    /** One transformer block's tensors. */
    public record Layer(Tensor ln1Weight, Tensor ln1Bias, Tensor qkvWeight, Tensor qkvBias, Tensor projWeight,
                 Tensor projBias, Tensor ln2Weight, Tensor ln2Bias, Tensor fcWeight, Tensor fcBias,
                 Tensor fcProjWeight, Tensor fcProjBias) {
    }

    public final Tensor wte;
    public final Tensor wpe;
    public final List<Layer> layers;
    public final Tensor lnfWeight;
    public final Tensor lnfBias;
    public final List<Tensor> all;
    public final int count;

    private Gpt2Parameters(ModelShape s) {
        List<Tensor> tensors = new ArrayList<>();
        int[] next = {0};
        int c = s.dModel();
        int f = s.ffnHidden();
        wte = add(tensors, next, "wte", s.vocab(), c, Init.NORMAL);
        wpe = add(tensors, next, "wpe", s.context(), c, Init.NORMAL);
        List<Layer> ls = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) {
            String p = "layer" + l + ".";
            ls.add(new Layer(
                    add(tensors, next, p + "ln1.weight", 1, c, Init.ONES),
                    add(tensors, next, p + "ln1.bias", 1, c, Init.ZEROS),
                    add(tensors, next, p + "attn.qkv.weight", c, 3 * c, Init.NORMAL),
                    add(tensors, next, p + "attn.qkv.bias", s.qkvBias() ? 1 : 0, 3 * c, Init.ZEROS),
                    add(tensors, next, p + "attn.proj.weight", c, c, Init.NORMAL_RESIDUAL),
                    add(tensors, next, p + "attn.proj.bias", s.outBias() ? 1 : 0, c, Init.ZEROS),
                    add(tensors, next, p + "ln2.weight", 1, c, Init.ONES),
                    add(tensors, next, p + "ln2.bias", 1, c, Init.ZEROS),
                    add(tensors, next, p + "mlp.fc.weight", c, f, Init.NORMAL),
                    add(tensors, next, p + "mlp.fc.bias", s.mlpBias() ? 1 : 0, f, Init.ZEROS),
                    add(tensors, next, p + "mlp.proj.weight", f, c, Init.NORMAL_RESIDUAL),
                    add(tensors, next, p + "mlp.proj.bias", s.mlpBias() ? 1 : 0, c, Init.ZEROS)));
        }
        layers = List.copyOf(ls);
        lnfWeight = add(tensors, next, "lnf.weight", 1, c, Init.ONES);
        lnfBias = add(tensors, next, "lnf.bias", 1, c, Init.ZEROS);
        all = tensors.stream().filter(t -> t.length() > 0).toList();
        count = next[0];
        long expected = ParameterCount.of(s).total();
        if (count != expected) {
            throw new IllegalStateException("the CPU layout holds " + count + " parameters, the estimator counts "
                    + expected);
        }
    }

    /** The layout of {@code s}, or a one-line refusal naming what the harness does not run. */
    public static Gpt2Parameters of(String modelId, ModelShape s) {
        Gpt2Shapes.require(modelId, s);
        return new Gpt2Parameters(s);
    }

    /** Every parameter's starting value for {@code seed} (GPT-2's initialisation, tensor by tensor in layout order). */
    public float[] initialValues(long seed) {
        float[] params = new float[count];
        dev.napkin.harness.cpu.Init.initialise(params, this, layers.size(), seed); // the class, not the enum
        return params;
    }

    private static Tensor add(List<Tensor> tensors, int[] next, String name, int rows, int cols, Init init) {
        long end = (long) next[0] + (long) rows * cols;
        if (end > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the model has more than " + (Integer.MAX_VALUE - 8)
                    + " parameters, more than one Java array holds; the CPU harness runs up to GPT-2 XL (1.6B)");
        }
        Tensor t = new Tensor(name, next[0], rows, cols, init);
        tensors.add(t);
        next[0] = (int) end;
        return t;
    }
}
