package dev.napkin.estimator.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.model.Dropout;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.model.ModelShape;
import org.junit.jupiter.api.Test;

/** Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large Transformer Models"), section 4 and 5. */
class ActivationModelTest {
    private final ModelShape gpt3 = ModelPresets.builtIn().find("gpt3-175b").model().shape().orElseThrow();
    private final double s = 2048;
    private final double b = 1;
    private final double h = gpt3.dModel();
    private final double a = gpt3.heads();

    private double perLayer(Recompute recompute, boolean flash, boolean dropout, Parallelism p) {
        return ActivationModel.perLayerBytes(gpt3, new ActivationSettings(1, 2048, recompute, flash, dropout), p, 2);
    }

    @Test // eq. 1: s·b·h·(34 + 5·a·s/h) bytes per layer, 16-bit activations with dropout
    void equationOne() {
        assertEquals(s * b * h * (34 + 5 * a * s / h), perLayer(Recompute.NONE, false, true, Parallelism.single()));
    }

    @Test // eq. 2: tensor parallel without sequence parallel: s·b·h·(10 + 24/t + 5·a·s/(h·t))
    void equationTwo() {
        double t = 8;
        Parallelism p = new Parallelism(8, 1, 8, 1, 0, false);
        assertEquals(s * b * h * (10 + 24 / t + 5 * a * s / (h * t)), perLayer(Recompute.NONE, false, true, p), 1e-6);
    }

    @Test // eq. 4: with sequence parallelism everything is split: (s·b·h/t)·(34 + 5·a·s/h)
    void equationFour() {
        double t = 8;
        Parallelism p = new Parallelism(8, 1, 8, 1, 0, true);
        assertEquals(s * b * h / t * (34 + 5 * a * s / h), perLayer(Recompute.NONE, false, true, p), 1e-6);
    }

    @Test // eq. 6 and table 2: selective recompute keeps 34·s·b·h; full recompute keeps 2·s·b·h
    void recomputation() {
        assertEquals(34 * s * b * h, perLayer(Recompute.SELECTIVE, false, true, Parallelism.single()));
        assertEquals(34 * s * b * h, perLayer(Recompute.NONE, true, true, Parallelism.single()));
        assertEquals(2 * s * b * h, perLayer(Recompute.FULL, false, true, Parallelism.single()));
    }

    @Test // section 5: for GPT-3 (5as/h = 80) selective recompute saves 70% of the activation memory
    void selectiveSavesSeventyPercentOnGpt3() {
        double saved = 1 - perLayer(Recompute.SELECTIVE, false, true, Parallelism.single())
                / perLayer(Recompute.NONE, false, true, Parallelism.single());
        assertEquals(0.70, saved, 0.005);
    }

    @Test // no dropout: the masks (2·s·b·h + a·s²·b bytes) and dropout's output (2·a·s²·b) go: 32·s·b·h + 2·a·s²·b
    void withoutDropout() {
        assertEquals(s * b * h * 32 + 2 * a * s * s * b, perLayer(Recompute.NONE, false, false, Parallelism.single()));
    }

    private double perLayer(Dropout dropout) {
        return ActivationModel.perLayerBytes(gpt3, new ActivationSettings(1, 2048, Recompute.NONE, false, dropout),
                Parallelism.single(), 2);
    }

    @Test // section 4.1, item by item: the residual dropout masks are one s·b·h byte each after attention and after
          // the MLP; attention dropout keeps an a·s²·b mask and its 2·a·s²·b output
    void eachDropoutKindKeepsItsOwnMasks() {
        assertEquals(s * b * h * 34 + 2 * a * s * s * b, perLayer(new Dropout(true, false, false)));
        assertEquals(s * b * h * 32 + 5 * a * s * s * b, perLayer(new Dropout(false, true, false)));
        assertEquals(perLayer(Recompute.NONE, false, true, Parallelism.single()), perLayer(Dropout.ALL));
        // embedding dropout is outside the layers: one s·b·h mask on the first stage
        ActivationSettings embedding = new ActivationSettings(1, 2048, Recompute.NONE, false, new Dropout(false, false, true));
        ActivationSettings none = new ActivationSettings(1, 2048, Recompute.NONE, false, Dropout.NONE);
        assertEquals(s * b * h, ActivationModel.outsideLayersBytes(gpt3, embedding, Parallelism.single(), 2)
                - ActivationModel.outsideLayersBytes(gpt3, none, Parallelism.single(), 2));
    }

    @Test // table 2's full recompute row, 2·s·b·h, assumes no sequence parallelism; with it (section 4.2.2) each
          // layer's input is split along the sequence: 2·s·b·h/t
    void fullRecomputeWithSequenceParallelismSplitsTheInput() {
        double t = 8;
        assertEquals(2 * s * b * h / t, perLayer(Recompute.FULL, false, true, new Parallelism(8, 1, 8, 1, 0, true)));
        assertEquals(2 * s * b * h, perLayer(Recompute.FULL, false, true, new Parallelism(8, 1, 8, 1, 0, false)));
    }
}
