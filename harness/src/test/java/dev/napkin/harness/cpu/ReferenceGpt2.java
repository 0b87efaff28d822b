package dev.napkin.harness.cpu;

import dev.napkin.estimator.model.ModelShape;
import dev.napkin.harness.TokenBatch;
import dev.napkin.harness.cpu.Gpt2Parameters.Layer;
import dev.napkin.harness.cpu.Gpt2Parameters.Tensor;

/**
 * Raschka's GPTModel (Build a Large Language Model From Scratch, chapter 4) written the plain way, in double
 * precision, forward only: the reference the CPU backend's loss and (through finite differences) its gradients are
 * checked against. No blocking, no threads, no reuse of
 * the backend's code beyond where each tensor lives in the parameter buffer.
 */
final class ReferenceGpt2 {
    private final ModelShape s;
    private final Gpt2Parameters layout;

    ReferenceGpt2(ModelShape shape, Gpt2Parameters layout) {
        this.s = shape;
        this.layout = layout;
    }

    /** Mean cross-entropy of {@code batch} with parameters {@code p}. */
    double loss(double[] p, TokenBatch batch) {
        int c = s.dModel();
        int seq = batch.seq();
        double total = 0;
        for (int b = 0; b < batch.batch(); b++) {
            double[][] x = new double[seq][c];
            for (int t = 0; t < seq; t++) {
                int tok = batch.inputs()[b * seq + t];
                for (int i = 0; i < c; i++) {
                    x[t][i] = at(p, layout.wte, tok, i) + at(p, layout.wpe, t, i);
                }
            }
            for (Layer w : layout.layers) {
                double[][] h = layerNorm(x, p, w.ln1Weight(), w.ln1Bias());
                double[][] qkv = linear(h, p, w.qkvWeight(), w.qkvBias());
                double[][] y = attention(qkv, seq);
                double[][] a = linear(y, p, w.projWeight(), w.projBias());
                add(x, a);
                double[][] h2 = layerNorm(x, p, w.ln2Weight(), w.ln2Bias());
                double[][] u = linear(h2, p, w.fcWeight(), w.fcBias());
                for (double[] row : u) {
                    for (int i = 0; i < row.length; i++) {
                        double v = row[i];
                        row[i] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                    }
                }
                add(x, linear(u, p, w.fcProjWeight(), w.fcProjBias()));
            }
            double[][] h = layerNorm(x, p, layout.lnfWeight, layout.lnfBias);
            for (int t = 0; t < seq; t++) {
                double[] logits = new double[s.vocab()];
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < s.vocab(); v++) {
                    double dot = 0;
                    for (int i = 0; i < c; i++) {
                        dot += h[t][i] * at(p, layout.wte, v, i);
                    }
                    logits[v] = dot;
                    max = Math.max(max, dot);
                }
                double sum = 0;
                for (double l : logits) {
                    sum += Math.exp(l - max);
                }
                total += Math.log(sum) + max - logits[batch.targets()[b * seq + t]];
            }
        }
        return total / ((double) batch.batch() * seq);
    }

    private double[][] attention(double[][] qkv, int seq) {
        int c = s.dModel();
        int hs = c / s.heads();
        double[][] y = new double[seq][c];
        for (int h = 0; h < s.heads(); h++) {
            for (int t = 0; t < seq; t++) {
                double[] w = new double[t + 1]; // the mask: only positions up to t
                double max = Double.NEGATIVE_INFINITY;
                for (int u = 0; u <= t; u++) {
                    double dot = 0;
                    for (int d = 0; d < hs; d++) {
                        dot += qkv[t][h * hs + d] * qkv[u][c + h * hs + d];
                    }
                    w[u] = dot / Math.sqrt(hs);
                    max = Math.max(max, w[u]);
                }
                double sum = 0;
                for (int u = 0; u <= t; u++) {
                    w[u] = Math.exp(w[u] - max);
                    sum += w[u];
                }
                for (int u = 0; u <= t; u++) {
                    for (int d = 0; d < hs; d++) {
                        y[t][h * hs + d] += w[u] / sum * qkv[u][2 * c + h * hs + d];
                    }
                }
            }
        }
        return y;
    }

    private double[][] layerNorm(double[][] x, double[] p, Tensor weight, Tensor bias) {
        int c = x[0].length;
        double[][] out = new double[x.length][c];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (double v : x[t]) {
                mean += v / c;
            }
            double var = 0;
            for (double v : x[t]) {
                var += (v - mean) * (v - mean) / c;
            }
            for (int i = 0; i < c; i++) {
                out[t][i] = (x[t][i] - mean) / Math.sqrt(var + 1e-5) * p[weight.offset() + i] + p[bias.offset() + i];
            }
        }
        return out;
    }

    private double[][] linear(double[][] x, double[] p, Tensor weight, Tensor bias) {
        double[][] out = new double[x.length][weight.cols()];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < weight.cols(); o++) {
                double sum = bias.length() > 0 ? p[bias.offset() + o] : 0;
                for (int i = 0; i < weight.rows(); i++) {
                    sum += x[t][i] * at(p, weight, i, o);
                }
                out[t][o] = sum;
            }
        }
        return out;
    }

    private static void add(double[][] x, double[][] y) {
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < x[t].length; i++) {
                x[t][i] += y[t][i];
            }
        }
    }

    private static double at(double[] p, Tensor t, int row, int col) {
        return p[t.offset() + row * t.cols() + col];
    }
}
