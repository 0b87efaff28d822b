package dev.napkin.profiler;

/** Which operations are counted. */
public enum CountMode {
    /** Every op of a training step, forward and backward. */
    FULL,
    /**
     * What thop's {@code profile()} reports for a GPT: only nn.Linear layers (here the weight matmuls, the LM head
     * included), multiply-accumulates x 2, forward only, biases not counted; Raschka's
     * flops-analysis notebook (LLMs-from-scratch, ch04/02_performance-analysis) prints this.
     */
    THOP
}
