package dev.napkin.harness.cpu;

import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.gpu.Bf16;
import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * adamw.cu against {@link AdamW#adamWUpdate}, on the emulator: step 3 of GPT-2's settings over every tensor of a tiny
 * GPT-2 layout (31,000 parameters; weight decay on the matrices and embeddings only, as the twin decides per tensor),
 * one launch per tensor as the trainer does, from random parameters, gradients and moments. fp32 updates the
 * parameters in place (no master copy); bf16 updates the fp32 master copy and stores the parameters as its rounding.
 *
 * <p>Both sides run the same fp32 operations in the same order (the bias corrections too: 1 − β^step in double, then
 * rounded), so with g++ for x86-64, which has no FMA to contract a·b + c into, they agree bit for bit. The tolerances
 * allow for a compiler that does contract (nvcc does, and g++ on aarch64): each side's worst case, in u of the terms'
 * magnitudes (in double). m = β1·m + (1 − β1)·g, 2 roundings a side: 4 u of |β1·m| + |(1 − β1)·g|.
 * v = β2·v + (1 − β2)·g·g, 3 a side: 6 u of β2·v + (1 − β2)·g². p·shrink − lr·m̂/(sqrt(v̂) + ε): the product
 * p·shrink (1 a side); m̂ = m/c1 (m's 4, and 1 a side), v̂ = v/c2 (v's 6, and 1 a side) halved under the root, the
 * root and + ε (1 a side each), lr·m̂ and the quotient (1 a side each): 18 u of the update's magnitude; the difference
 * (1 a side): 20 u of |p·shrink| + lr·(M/c1)/(sqrt(v̂) + ε), M m's magnitude. bf16: the parameters must be the
 * kernel's own master rounded to nearest even (tolerance 0), and u_bf16 more against the twin.
 */
class AdamWKernelTest {
    private static final int STEP = 3;

    @BeforeAll
    static void emulator() {
        KernelBench.assumeEmulator();
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void updateMatchesTheTwin(DataType type) {
        Gpt2Parameters layout = Gpt2Parameters.of("tiny", TinyModels.gpt2(1, 48, 4, 67, 16, true));
        AdamWSettings s = AdamWSettings.gpt2();
        int n = layout.count;
        try (KernelBench bench = KernelBench.open(type, 30)) {
            float[] master = bench.normalF32(n, 0.5);
            float[] grads = bench.normalF32(n, 1);
            float[] m = bench.normalF32(n, 0.1);
            float[] v = bench.normalF32(n, 0.1);
            for (int i = 0; i < n; i++) {
                v[i] *= v[i]; // a second moment: non-negative
            }

            boolean keepsMaster = type == DataType.BF16;
            DevicePointer params = bench.upload(keepsMaster ? bench.stored(master) : master);
            DevicePointer masterDevice = keepsMaster ? bench.uploadF32(master) : DevicePointer.NULL;
            DevicePointer gradsDevice = bench.uploadF32(grads);
            DevicePointer mDevice = bench.uploadF32(m);
            DevicePointer vDevice = bench.uploadF32(v);
            for (Gpt2Parameters.Tensor t : layout.all) {
                long o = t.offset();
                bench.kernels.adamW(params.plus(type.bytes * o), keepsMaster ? masterDevice.plus(4 * o) : masterDevice,
                        gradsDevice.plus(4 * o), mDevice.plus(4 * o), vDevice.plus(4 * o), t.length(), s, STEP,
                        t.init().decayed());
            }

            float[] expectedP = master.clone();
            float[] expectedM = m.clone();
            float[] expectedV = v.clone();
            new AdamW(layout, s).adamWUpdate(bench.team, expectedP, grads, expectedM, expectedV, STEP);

            double c1 = (float) (1 - Math.pow(s.beta1(), STEP));
            double c2 = (float) (1 - Math.pow(s.beta2(), STEP));
            double[] magnitudeM = new double[n];
            double[] magnitudeV = new double[n];
            double[] magnitudeP = new double[n];
            for (Gpt2Parameters.Tensor t : layout.all) {
                double shrink = 1 - (t.init().decayed() ? s.learningRate() * s.weightDecay() : 0);
                for (int i = t.offset(); i < t.offset() + t.length(); i++) {
                    double g = grads[i];
                    magnitudeM[i] = Math.abs(s.beta1() * m[i]) + Math.abs((1 - s.beta1()) * g);
                    magnitudeV[i] = s.beta2() * v[i] + (1 - s.beta2()) * g * g;
                    magnitudeP[i] = Math.abs(master[i] * shrink) + s.learningRate() * magnitudeM[i] / c1
                            / (Math.sqrt(magnitudeV[i] / c2) + s.epsilon());
                }
            }
            double u = KernelBench.FP32_UNIT;
            bench.agree("adamw", "m", expectedM, bench.downloadF32(mDevice, n), magnitudeM, 4 * u);
            bench.agree("adamw", "v", expectedV, bench.downloadF32(vDevice, n), magnitudeV, 6 * u);
            float[] actualP = bench.download(params, n);
            if (keepsMaster) {
                float[] actualMaster = bench.downloadF32(masterDevice, n);
                bench.agree("adamw", "master", expectedP, actualMaster, magnitudeP, 20 * u);
                float[] rounded = new float[n];
                for (int i = 0; i < n; i++) {
                    rounded[i] = Bf16.round(actualMaster[i]);
                }
                bench.agree("adamw", "params = bf16(master)", rounded, actualP, null, 0);
            }
            bench.agree("adamw", "params", expectedP, actualP, magnitudeP, bench.storageUnit() + 20 * u);
        }
    }
}
