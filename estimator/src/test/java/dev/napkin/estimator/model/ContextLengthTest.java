package dev.napkin.estimator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContextLengthTest {
    private static Model preset(String id) {
        return ModelPresets.builtIn().find(id).model();
    }

    @Test // GPT-2's position embedding wpe is n_positions x n_embd = 1024 x 768 (Radford et al. 2019): no row 1025
    void learnedPositionsRefuseALongerSequence() {
        assertEquals(Optional.empty(), ContextLength.check(preset("gpt2-small"), 1024));
        String e = assertThrows(IllegalArgumentException.class,
                () -> ContextLength.check(preset("gpt2-small"), 2048)).getMessage();
        assertEquals("--seq 2048 is above gpt2-small's context 1024 (its learned position embedding has 1024 rows); "
                + "use --seq 1024 or less", e);
    }

    @Test // rotary positions (Su et al. 2021) are computed, not looked up: a longer sequence is counted, with a note
    void rotaryPositionsAcceptALongerSequenceAndSaySo() {
        String note = ContextLength.check(preset("llama3-8b"), 16384).orElseThrow();
        assertTrue(note.startsWith("--seq 16384 is longer than llama3-8b's context 8192: rotary"), note);
        assertEquals(Optional.empty(), ContextLength.check(Model.ofParams(7e9), 1 << 20));
    }
}
