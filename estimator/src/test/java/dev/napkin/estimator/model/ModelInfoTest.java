package dev.napkin.estimator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The model part of results files: what is written can be read back into the same shape. */
class ModelInfoTest {
    @Test
    void everyPresetWithoutALayoutComesBackAsItsShape() {
        int checked = 0;
        for (ModelPresets.Preset p : ModelPresets.builtIn().all()) {
            ModelShape shape = p.model().shape().orElse(null);
            if (shape == null || shape.layout().isPresent()) {
                continue;
            }
            ModelShape back = ModelInfo.of(p.model()).shape().toModelShape();
            assertEquals(shape, back, p.model().id());
            // and the count from the shape read back is the preset's own (GPT-2 small: 124,439,808)
            assertEquals(p.model().totalParams(), (double) ParameterCount.of(back).total(), p.model().id());
            checked++;
        }
        assertTrue(checked >= 10, "presets checked: " + checked);
    }

    @Test
    void aKindNapkinDoesNotKnowIsNamed() {
        ModelInfo.Shape gpt2 = ModelInfo.of(ModelPresets.builtIn().find("gpt2-small").model()).shape();
        ModelInfo.Shape odd = new ModelInfo.Shape(gpt2.layers(), gpt2.dModel(), gpt2.heads(), gpt2.kvHeads(),
                gpt2.headDim(), gpt2.ffnHidden(), gpt2.vocab(), gpt2.context(), "relu", gpt2.norm(), gpt2.position(),
                true, true, true, true, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, odd::toModelShape);
        assertEquals("the model shape's mlp 'relu' is not one napkin knows", e.getMessage());
    }
}
