package dev.napkin.harness.gpu;

import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;
import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.TokenBatch;
import dev.napkin.harness.TrainConfig;
import dev.napkin.harness.cpu.CpuBackend;
import dev.napkin.harness.cpu.Gpt2Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench --verify}: the GPU trainer against the CPU trainer from the same seed and batches, on a small GPT-2,
 * for a precision and attention path: the loss, every parameter tensor's gradient (relative L2 error), and the
 * losses of a few AdamW steps. Run it before reporting a measurement: a step that is fast but wrong is worthless.
 */
public final class GpuVerify {
    /** The model verified: 2 layers, C 128, 4 heads of 32, a vocabulary and sequence that are not multiples of 32. */
    public static final ModelShape SHAPE = ModelShape.builder().layers(2).dModel(128).heads(4).ffnHidden(512)
            .vocab(1000).context(128).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED)
            .biases(true).tiedEmbeddings(true).build();
    public static final int BATCH = 4;
    public static final int SEQ = 100;
    public static final int STEPS = 3;

    /** One tensor's gradient error. */
    public record TensorError(String tensor, double relativeError) {
    }

    /**
     * One verified configuration.
     *
     * @param bound       the relative error allowed for the loss, each gradient tensor and each step's loss
     * @param worstTensor the tensor with the largest gradient error
     * @param stepLosses  CPU then GPU loss of each AdamW step
     */
    public record Result(GpuOptions options, double bound, float cpuLoss, float gpuLoss, List<TensorError> gradients,
                         TensorError worstTensor, List<float[]> stepLosses) {
        public Result {
            gradients = List.copyOf(gradients);
            stepLosses = List.copyOf(stepLosses);
        }

        public double lossError() {
            return Math.abs(gpuLoss - cpuLoss) / Math.abs(cpuLoss);
        }

        public double worstStepLossError() {
            return stepLosses.stream().mapToDouble(l -> Math.abs(l[1] - l[0]) / Math.abs(l[0])).max().orElse(0);
        }

        public boolean passed() {
            return lossError() <= bound && worstTensor.relativeError() <= bound && worstStepLossError() <= bound;
        }
    }

    private GpuVerify() {
    }

    /**
     * The relative error allowed: fp32 sums in other orders (about 1e-5, what cuBLAS's other summation order and
     * tiling leave on this model); TF32 rounds matmul inputs to 10 mantissa bits (2^-11 relative each); bf16 mixed
     * rounds activations and matmul inputs to 8 significant bits (up to 2^-8 each) a dozen times along a gradient's
     * path.
     */
    public static double bound(GpuPrecision precision) {
        return switch (precision) {
            case FP32 -> 1e-5;
            case TF32 -> 5e-3;
            case BF16_MIXED -> 2e-2;
        };
    }

    /** Verifies {@code options} on {@code device} with the built-in small model. */
    public static Result run(Device device, GpuOptions options, long seed) {
        return run(device, options, SHAPE, BATCH, SEQ, seed);
    }

    public static Result run(Device device, GpuOptions options, ModelShape shape, int batch, int seq, long seed) {
        TrainConfig config = new TrainConfig("verify", shape, batch, seq, Runtime.getRuntime().availableProcessors(),
                Long.MAX_VALUE, AdamWSettings.gpt2());
        Gpt2Parameters layout = Gpt2Parameters.of("verify", shape);
        TokenBatch tokens = TokenBatch.random(batch, seq, shape.vocab(), seed);
        try (CpuBackend cpu = CpuBackend.open(config); GpuBackend gpu = GpuBackend.open(config, options, device)) {
            cpu.init(seed);
            gpu.init(seed);
            float cpuLoss = cpu.lossAndGradients(tokens);
            float gpuLoss = gpu.lossAndGradients(tokens);
            List<TensorError> errors = tensorErrors(layout, cpu.gradients(), gpu.gradients());
            TensorError worst = errors.stream().max(java.util.Comparator.comparingDouble(TensorError::relativeError))
                    .orElseThrow();
            List<float[]> steps = new ArrayList<>();
            for (int s = 0; s < STEPS; s++) {
                TokenBatch b = TokenBatch.random(batch, seq, shape.vocab(), seed + 1 + s);
                steps.add(new float[] {cpu.step(b), gpu.step(b)});
            }
            return new Result(options, bound(options.precision()), cpuLoss, gpuLoss, errors, worst, steps);
        }
    }

    /** ||actual - expected|| / ||expected|| per parameter tensor. */
    static List<TensorError> tensorErrors(Gpt2Parameters layout, float[] expected, float[] actual) {
        List<TensorError> errors = new ArrayList<>();
        for (Gpt2Parameters.Tensor t : layout.all) {
            double diff = 0;
            double ref = 0;
            for (int i = t.offset(); i < t.offset() + t.length(); i++) {
                double d = (double) actual[i] - expected[i];
                diff += d * d;
                ref += (double) expected[i] * expected[i];
            }
            // a tensor whose CPU gradient is zero is compared absolutely (its error is the GPU's norm)
            errors.add(new TensorError(t.name(), ref > 0 ? Math.sqrt(diff / ref) : Math.sqrt(diff)));
        }
        return errors;
    }
}
