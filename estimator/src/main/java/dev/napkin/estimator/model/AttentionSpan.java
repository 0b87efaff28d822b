package dev.napkin.estimator.model;

import java.util.Locale;

/**
 * Which keys a query attends to. napkin counts attention FLOPs as PaLM appendix B does, T keys per query for full
 * attention (no halving for the causal mask); by the same convention a sliding window of W keys (Beltagy et al.
 * 2020; Mistral, Gemma 2/3, gpt-oss) costs min(W, T) keys per query, and Llama 4's chunked attention (tokens see
 * only their chunk of {@code attention_chunk_size}) min(chunk, T).
 */
public record AttentionSpan(Kind kind, int window) {
    /** Full causal attention, a sliding window, or fixed chunks. */
    public enum Kind {
        FULL, SLIDING, CHUNKED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AttentionSpan {
        if (kind == null) {
            throw new IllegalArgumentException("an attention span needs its kind");
        }
        if (kind == Kind.FULL ? window != 0 : window < 1) {
            throw new IllegalArgumentException(kind.id() + " attention with window " + window
                    + "; a sliding window or chunk must be at least 1 token, full attention has none");
        }
    }

    public static AttentionSpan full() {
        return new AttentionSpan(Kind.FULL, 0);
    }

    public static AttentionSpan sliding(int window) {
        return new AttentionSpan(Kind.SLIDING, window);
    }

    public static AttentionSpan chunked(int chunk) {
        return new AttentionSpan(Kind.CHUNKED, chunk);
    }

    /** Keys per query at sequence length T, in PaLM's convention (T for full attention). */
    public double keysPerQuery(int seq) {
        return kind == Kind.FULL ? seq : Math.min(window, seq);
    }

    @Override
    public String toString() {
        return kind == Kind.FULL ? "full" : kind.id() + " " + window;
    }
}
