package dev.napkin.estimator.memory;

/**
 * The per-thread scratch of napkin's CPU trainer (module harness, {@code dev.napkin.harness.cpu.WorkerScratch}),
 * which every worker thread allocates once, whatever the batch. In fp32 floats:
 * <ul>
 * <li>the GEMM's packed B block and C row tiles, Goto and van de Geijn 2008's blocking with KC = 256 and NC = 512:
 * KC·NC + 4·NC + 16 (512 KiB for the block);</li>
 * <li>one attention head: a transposed (HS, T) panel, two (T, HS) row sets, a 4 x T and a 4 x HS tile:
 * 3·T·HS + 4·T + 4·HS + 16;</li>
 * <li>the vectorised exp's four chunks of 1024 (three float, one int): 4·1024;</li>
 * <li>cross-entropy's running max and sum over blocks of 64 columns: 2·64.</li>
 * </ul>
 * The harness's tests hold this to its memory plan, shape by shape.
 */
public final class HandWrittenScratch {
    static final int GEMM_KC = 256;
    static final int GEMM_NC = 512;
    static final int EXP_CHUNK = 1024;
    static final int LOSS_COLUMNS = 64;

    private HandWrittenScratch() {
    }

    /** Bytes of one worker thread's scratch at sequence length {@code seq} and head size {@code headDim}. */
    public static long bytesPerThread(int seq, int headDim) {
        long gemm = (long) GEMM_KC * GEMM_NC + 4L * GEMM_NC + 16;
        long attention = 3L * seq * headDim + 4L * seq + 4L * headDim + 16;
        long exp = 4L * EXP_CHUNK;
        long loss = 2L * LOSS_COLUMNS;
        return 4 * (gemm + attention + exp + loss);
    }
}
