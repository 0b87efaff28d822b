package dev.napkin.harness.cpu;

import java.util.Arrays;

/**
 * Causal multi-head self-attention, as Raschka's MultiHeadAttention (Build a Large
 * Language Model From Scratch, chapter 3) without dropout: per sequence b and head h,
 * P = softmax(Q Kᵀ / sqrt(HS) with future positions masked), out = P V. Q, K, V are the three C-wide column
 * groups of the qkv activation (BT, 3C); head h uses columns h·HS .. (h+1)·HS - 1 of each.
 *
 * <p>One task per (b, h). Each task copies its head's K, V (and in backward Q, dOut) into per-worker row arrays and
 * runs {@link Microkernel#tile} on blocks of four query rows; only the blocks on or below the diagonal are computed,
 * which halves the FLOPs of the masked scores.
 */
final class Attention {
    private Attention() {
    }

    /** A worker's buffers for one head: a transposed (HS, T) panel, two (T, HS) row sets, two tiles. */
    static final class Scratch {
        final float[][] panelT;
        final float[][] rowsA;
        final float[][] rowsB;
        final float[][] wideTile;
        final float[][] headTile;
        final float[] a = new float[16];

        Scratch(int seq, int headSize) {
            panelT = new float[headSize][seq];
            rowsA = new float[seq][headSize];
            rowsB = new float[seq][headSize];
            wideTile = new float[4][seq];
            headTile = new float[4][headSize];
        }

        static long bytes(int seq, int headSize) {
            return 4L * (3L * seq * headSize + 4L * seq + 4L * headSize + 16);
        }
    }

    /** out (BT, C) and att (B, NH, T, T) from qkv (BT, 3C). */
    static void attentionForward(Parallel team, WorkerScratch[] scratch, float[] out, float[] att, float[] qkv, int batch,
                                 int seq, int c, int heads) {
        int hs = c / heads;
        float scale = (float) (1 / Math.sqrt(hs));
        team.run(batch * heads, (task, worker) -> {
            Scratch s = scratch[worker].attention;
            int h = task % heads;
            int ld = 3 * c;
            int rowBase = (task / heads) * seq; // first row of sequence b in the (BT, ...) activations
            int attBase = task * seq * seq; // (b, h)'s T x T block of att
            copyTransposed(qkv, rowBase * ld + c + h * hs, ld, seq, hs, s.panelT); // K^T (HS, T)
            copyRows(qkv, rowBase * ld + 2 * c + h * hs, ld, seq, hs, s.rowsA); // V (T, HS)
            MatrixView q = MatrixView.of(qkv, rowBase * ld + h * hs, ld);
            for (int t0 = 0; t0 < seq; t0 += 4) {
                int r = Math.min(4, seq - t0);
                int n = t0 + r; // key positions any of the block's queries may see
                zero(s.wideTile, r, n);
                Microkernel.tile(s.wideTile, r, q, t0, 0, s.panelT, 0, hs, n, s.a);
                for (int i = 0; i < r; i++) {
                    softmaxRow(s.wideTile[i], t0 + i + 1, scale, att, attBase + (t0 + i) * seq, seq, scratch[worker].math);
                }
                zero(s.headTile, r, hs);
                Microkernel.tile(s.headTile, r, MatrixView.of(att, attBase + t0 * seq, seq), 0, 0, s.rowsA, 0, n, hs,
                        s.a);
                for (int i = 0; i < r; i++) {
                    System.arraycopy(s.headTile[i], 0, out, (rowBase + t0 + i) * c + h * hs, hs);
                }
            }
        });
    }

    /**
     * dQkv (BT, 3C) = the gradient of qkv, from dOut (BT, C). With dP = dOut Vᵀ and dS = P ∘ (dP - rowsum(P ∘ dP)):
     * dV = Pᵀ dOut, dQ = dS K / sqrt(HS), dK = dSᵀ Q / sqrt(HS). The scaled dS overwrites P in {@code att}: the
     * forward's probabilities are not needed once dV is computed.
     */
    static void attentionBackward(Parallel team, WorkerScratch[] scratch, float[] dQkv, float[] dOut, float[] qkv,
                                  float[] att, int batch, int seq, int c, int heads) {
        int hs = c / heads;
        float scale = (float) (1 / Math.sqrt(hs));
        team.run(batch * heads, (task, worker) -> {
            Scratch s = scratch[worker].attention;
            int h = task % heads;
            int ld = 3 * c;
            int rowBase = (task / heads) * seq;
            int attBase = task * seq * seq;
            int qCol = h * hs;
            int kCol = c + h * hs;
            int vCol = 2 * c + h * hs;

            // dV[t2] = sum over t >= t2 of P[t, t2] dOut[t]
            copyRows(dOut, rowBase * c + h * hs, c, seq, hs, s.rowsB);
            MatrixView pTransposed = MatrixView.transposed(att, attBase, seq);
            for (int t0 = 0; t0 < seq; t0 += 4) {
                int r = Math.min(4, seq - t0);
                zero(s.headTile, r, hs);
                Microkernel.tile(s.headTile, r, pTransposed, t0, t0, s.rowsB, t0, seq - t0, hs, s.a);
                writeRows(s.headTile, r, hs, dQkv, (rowBase + t0) * ld + vCol, ld);
            }

            // dP = dOut Vᵀ on and below the diagonal, then dS in place of P
            copyTransposed(qkv, rowBase * ld + vCol, ld, seq, hs, s.panelT);
            MatrixView dOutRows = MatrixView.of(dOut, rowBase * c + h * hs, c);
            for (int t0 = 0; t0 < seq; t0 += 4) {
                int r = Math.min(4, seq - t0);
                int n = t0 + r;
                zero(s.wideTile, r, n);
                Microkernel.tile(s.wideTile, r, dOutRows, t0, 0, s.panelT, 0, hs, n, s.a);
                for (int i = 0; i < r; i++) {
                    softmaxRowBackward(s.wideTile[i], att, attBase + (t0 + i) * seq, t0 + i + 1, scale);
                }
            }

            // dQ[t] = sum over t2 <= t of dS[t, t2] K[t2]
            copyRows(qkv, rowBase * ld + kCol, ld, seq, hs, s.rowsA);
            for (int t0 = 0; t0 < seq; t0 += 4) {
                int r = Math.min(4, seq - t0);
                zero(s.headTile, r, hs);
                Microkernel.tile(s.headTile, r, MatrixView.of(att, attBase + t0 * seq, seq), 0, 0, s.rowsA, 0, t0 + r,
                        hs, s.a);
                writeRows(s.headTile, r, hs, dQkv, (rowBase + t0) * ld + qCol, ld);
            }

            // dK[t2] = sum over t >= t2 of dS[t, t2] Q[t]
            copyRows(qkv, rowBase * ld + qCol, ld, seq, hs, s.rowsB);
            for (int t0 = 0; t0 < seq; t0 += 4) {
                int r = Math.min(4, seq - t0);
                zero(s.headTile, r, hs);
                Microkernel.tile(s.headTile, r, pTransposed, t0, t0, s.rowsB, t0, seq - t0, hs, s.a);
                writeRows(s.headTile, r, hs, dQkv, (rowBase + t0) * ld + kCol, ld);
            }
        });
    }

    /**
     * scores hold one query's raw q·k; the first {@code visible} are unmasked. Writes the softmax of
     * scale·scores over them to att[o, o + visible), zeros to the rest of the row, and back into scores.
     */
    private static void softmaxRow(float[] scores, int visible, float scale, float[] att, int o, int seq,
                                   VectorMath.Scratch math) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < visible; j++) {
            scores[j] *= scale;
            max = Math.max(max, scores[j]);
        }
        float sum = VectorMath.expShifted(scores, 0, visible, max, math);
        float inv = 1 / sum;
        for (int j = 0; j < visible; j++) {
            att[o + j] = scores[j] * inv;
        }
        Arrays.fill(att, o + visible, o + seq, 0f);
    }

    /** att[o + j] = scale · P[j] (dP[j] - sum_k P[k] dP[k]) for j < visible; masked entries stay zero. */
    private static void softmaxRowBackward(float[] dP, float[] att, int o, int visible, float scale) {
        float dot = 0;
        for (int j = 0; j < visible; j++) {
            dot += att[o + j] * dP[j];
        }
        for (int j = 0; j < visible; j++) {
            att[o + j] = scale * att[o + j] * (dP[j] - dot);
        }
    }

    /** rows[t][d] = src[o + t·ld + d] for t < seq, d < hs. */
    private static void copyRows(float[] src, int o, int ld, int seq, int hs, float[][] rows) {
        for (int t = 0; t < seq; t++) {
            System.arraycopy(src, o + t * ld, rows[t], 0, hs);
        }
    }

    /** panel[d][t] = src[o + t·ld + d]. */
    private static void copyTransposed(float[] src, int o, int ld, int seq, int hs, float[][] panel) {
        for (int t = 0; t < seq; t++) {
            int row = o + t * ld;
            for (int d = 0; d < hs; d++) {
                panel[d][t] = src[row + d];
            }
        }
    }

    private static void writeRows(float[][] tile, int r, int hs, float[] dst, int o, int ld) {
        for (int i = 0; i < r; i++) {
            System.arraycopy(tile[i], 0, dst, o + i * ld, hs);
        }
    }

    private static void zero(float[][] tile, int r, int n) {
        for (int i = 0; i < r; i++) {
            Arrays.fill(tile[i], 0, n, 0f);
        }
    }
}
