package dev.napkin.harness.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.model.ModelShape;
import dev.napkin.harness.TokenBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hand-written backward pass against central finite differences of a double-precision reference model, for
 * every parameter tensor: relative error (l2 norm of the difference over l2 norm of the finite-difference gradient,
 * on up to 12 sampled elements per tensor) below {@link #BOUND}.
 */
class GradientCheckTest {
    /**
     * fp32's rounding through the backward, with room: unit roundoff u = 2^-24 = 6.0e-8; a sum of n terms rounded
     * in a fixed order errs by about sqrt(n)·u (Higham, Accuracy and Stability of Numerical Algorithms, section 3.1,
     * the statistical estimate), n at most 4C = 64 here, so 4.8e-7 a reduction; a gradient of layer 0 passes through
     * about 2 x L x 5 = 20 such ops of the backward, whose errors are independent and add as sqrt(20): 2.1e-6. The
     * finite differences in double add h² times the third derivative (about 1e-8) and 1.1e-16 x |loss| / h (4e-12).
     * Observed: at most 9.0e-7 (the summation order is fixed, so the figure does not vary from run to run or with
     * the thread count). 1e-5 is five times the estimate; a wrong term (a missing bias gradient, a transposed
     * matrix, a scale off by a factor) errs by 1e-2 or more.
     */
    private static final double BOUND = 1e-5;
    /** Central-difference step: truncation error ~h² ≈ 1e-8 relative, far below fp32's rounding. */
    private static final double H = 1e-4;

    @ParameterizedTest(name = "L={0} C={1} NH={2} V={3} T={4} B={5} qkv bias {6}")
    @CsvSource({"2, 16, 4, 32, 8, 2, true", "1, 12, 3, 20, 7, 3, false"})
    void everyParameterTensorMatchesFiniteDifferences(int layers, int c, int heads, int vocab, int seq, int batch,
                                                      boolean qkvBias) {
        ModelShape shape = TinyModels.gpt2(layers, c, heads, vocab, 8, qkvBias);
        try (CpuBackend backend = CpuBackend.open(TinyModels.config(shape, batch, seq, 2))) {
            backend.init(7);
            float[] p = backend.liveParameters();
            // move every parameter off its init (gains off 1, biases off 0) so that no gradient is trivially zero
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < p.length; i++) {
                p[i] += (float) (0.3 * random.nextGaussian());
            }
            TokenBatch tokens = TokenBatch.random(batch, seq, vocab, 3);
            float loss = backend.lossAndGradients(tokens);
            float[] g = backend.gradients();

            double[] pd = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                pd[i] = p[i];
            }
            ReferenceGpt2 reference = new ReferenceGpt2(shape, backend.layout());
            double referenceLoss = reference.loss(pd, tokens);
            assertEquals(referenceLoss, loss, 1e-5 * referenceLoss, "forward loss against the reference");

            List<String> report = new ArrayList<>();
            double worst = 0;
            for (Gpt2Parameters.Tensor t : backend.layout().all) {
                double diff2 = 0;
                double ref2 = 0;
                int samples = Math.min(12, t.length());
                for (int k = 0; k < samples; k++) {
                    int i = t.offset() + (samples == t.length() ? k : random.nextInt(t.length()));
                    double saved = pd[i];
                    pd[i] = saved + H;
                    double up = reference.loss(pd, tokens);
                    pd[i] = saved - H;
                    double down = reference.loss(pd, tokens);
                    pd[i] = saved;
                    double fd = (up - down) / (2 * H);
                    diff2 += (g[i] - fd) * (g[i] - fd);
                    ref2 += fd * fd;
                }
                assertTrue(ref2 > 1e-16, t.name() + " has a zero gradient: the check would prove nothing");
                double rel = Math.sqrt(diff2 / ref2);
                worst = Math.max(worst, rel);
                report.add(String.format(Locale.ROOT, "%-24s %.2e", t.name(), rel));
                assertTrue(rel < BOUND, t.name() + ": relative error " + rel + " (bound " + BOUND + ")");
            }
            System.out.println("gradient check, relative error per tensor (L=" + layers + " C=" + c + " NH=" + heads
                    + " V=" + vocab + " T=" + seq + " B=" + batch + "), worst " + String.format(Locale.ROOT, "%.2e", worst)
                    + ":\n  " + String.join("\n  ", report));
        }
    }
}
