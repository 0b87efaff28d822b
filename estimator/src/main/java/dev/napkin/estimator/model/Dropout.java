package dev.napkin.estimator.model;

/**
 * Which dropouts training applies, each kind by where the model puts it, since each keeps different masks for
 * backward (Korthikanti et al. 2022, section 4.1): residual dropout after the attention and MLP output projections
 * (GPT-2's {@code resid_pdrop}: two s·b·h masks per layer), attention dropout on the softmax probabilities
 * ({@code attn_pdrop}, Llama's {@code attention_dropout}: an a·s²·b mask and the dropped probabilities), and
 * embedding dropout after the token and position embeddings ({@code embd_pdrop}: one s·b·h mask).
 */
public record Dropout(boolean residual, boolean attention, boolean embedding) {
    /** No dropout (Llama, Mistral, Qwen2 and Mixtral as released; napkin's harness). */
    public static final Dropout NONE = new Dropout(false, false, false);
    /** Every kind, as GPT-2 and GPT-3 train (Hugging Face's GPT2Config: 0.1 each). */
    public static final Dropout ALL = new Dropout(true, true, true);

    /** {@link #ALL} or {@link #NONE}: the single switch of {@code --dropout/--no-dropout}. */
    public static Dropout of(boolean all) {
        return all ? ALL : NONE;
    }

    public boolean any() {
        return residual || attention || embedding;
    }

    /** The kinds applied, for a report: "residual, attention", or "none". */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (residual) {
            b.append("residual");
        }
        if (attention) {
            b.append(b.isEmpty() ? "" : ", ").append("attention");
        }
        if (embedding) {
            b.append(b.isEmpty() ? "" : ", ").append("embedding");
        }
        return b.isEmpty() ? "none" : b.toString();
    }
}
