package dev.napkin.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OpCostTest {
    @Test
    void countsNotSetAreZeroAndACopyIsEqual() {
        OpCost op = OpCost.builder("block0.residual1", OpKind.RESIDUAL, 0).forwardFlops(10).backwardInputFlops(10)
                .forwardBytesRead(40).forwardBytesWritten(20).build();
        assertEquals(0, op.backwardWeightFlops());
        assertEquals(0, op.params());
        assertEquals(0, op.backwardBytesRead() + op.backwardBytesWritten() + op.activationBytes());
        assertEquals(20, op.flops());
        assertEquals(op, op.toBuilder().build());
        assertEquals(7, op.withParams(7).params());
    }

    @Test
    void aNegativeCountIsRefused() {
        OpCost.Builder op = OpCost.builder("head.cross_entropy", OpKind.CROSS_ENTROPY, OpCost.OUTSIDE_LAYERS)
                .activationBytes(-1);
        IllegalStateException e = assertThrows(IllegalStateException.class, op::build);
        assertEquals("op head.cross_entropy has a negative or non-finite count: -1.0", e.getMessage());
    }

    @Test
    void aLayerBelowOutsideTheLayersIsRefused() {
        OpCost.Builder op = OpCost.builder("head.logits", OpKind.LM_HEAD, -2);
        IllegalStateException e = assertThrows(IllegalStateException.class, op::build);
        assertEquals("op head.logits has layer -2, below -1 (outside the layers)", e.getMessage());
    }
}
