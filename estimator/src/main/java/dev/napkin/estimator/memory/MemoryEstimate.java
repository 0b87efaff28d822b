package dev.napkin.estimator.memory;

import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import java.util.Optional;

/**
 * Memory per GPU for training {@code model}: model states by precision, optimizer and sharding, plus
 * activations when a batch and sequence are given.
 *
 * @param bytesPerParam model-state bytes per parameter before any sharding (16 for fp32 AdamW and for
 *                      mixed-precision AdamW; 18 for bf16-mixed AdamW on {@link Trainer#GPU_HARNESS}, whose
 *                      gradients are fp32)
 * @param pipelineStage which pipeline stage the numbers are for: "only", "first" or "last" (the larger)
 */
public record MemoryEstimate(Model model, Precision precision, Optimizer optimizer, Parallelism parallelism,
                             Optional<ActivationSettings> activationSettings, double bytesPerParam,
                             MemoryBreakdown breakdown, String pipelineStage) {

    public static MemoryEstimate of(Model model, Precision precision, Optimizer optimizer, Parallelism parallelism,
                                    Optional<ActivationSettings> settings) {
        return of(model, precision, optimizer, parallelism, settings, ExpertParallel.none());
    }

    /**
     * With expert parallelism: the routed experts' share of every model state is split EP ways more, and ZeRO
     * shards it over DP/EP replicas instead of DP ({@link ExpertParallel}).
     */
    public static MemoryEstimate of(Model model, Precision precision, Optimizer optimizer, Parallelism parallelism,
                                    Optional<ActivationSettings> settings, ExpertParallel expertParallel) {
        model.shape().ifPresent(s -> requireSplittable(model.id(), s, parallelism));
        expertParallel.check(model, parallelism);
        double params = model.totalParams();
        Trainer trainer = settings.map(ActivationSettings::trainer).orElse(Trainer.FRAMEWORK);
        double weights = params * precision.weightBytes();
        double gradients = params * trainer.gradientBytes(precision);
        double master = params * precision.masterWeightBytes();
        double state = optimizer.stateBytes(model, precision);
        double bytesPerParam = (weights + gradients + master + state) / params;

        int mp = parallelism.modelParallel();
        int dp = parallelism.dataParallel();
        int zero = parallelism.zeroStage();
        double weightsPerGpu = weights / mp / (zero >= 3 ? dp : 1);
        double gradientsPerGpu = gradients / mp / (zero >= 2 ? dp : 1);
        double masterPerGpu = master / mp / (zero >= 1 ? dp : 1);
        double statePerGpu = state / mp / (zero >= 1 ? dp : 1);
        int ep = expertParallel.size();
        if (ep > 1) {
            double expertShare = ExpertParallel.routedExpertParams(model.requireShape("--expert-parallel")) / params;
            weightsPerGpu = weights / mp * split(expertShare, ep, zero >= 3 ? dp : 1);
            gradientsPerGpu = gradients / mp * split(expertShare, ep, zero >= 2 ? dp : 1);
            masterPerGpu = master / mp * split(expertShare, ep, zero >= 1 ? dp : 1);
            statePerGpu = state / mp * split(expertShare, ep, zero >= 1 ? dp : 1);
        }

        double activations = 0;
        double logits = 0;
        double workspace = 0;
        double fixedWorkspace = ActivationModel.fixedWorkspaceBytes(trainer);
        String stage = parallelism.pipelineParallel() == 1 ? "only" : "first";
        if (settings.isPresent()) {
            ModelShape s = model.requireShape("activation memory");
            ActivationSettings a = settings.get();
            int bytes = precision.activationBytes();
            double layers = ActivationModel.layersBytes(s, a, parallelism, bytes);
            double outside = ActivationModel.outsideLayersBytes(s, a, parallelism, bytes);
            double logitBytes = ActivationModel.logitsBytes(s, a, parallelism, bytes);
            workspace = ActivationModel.workspaceBytes(s, a, bytes);
            fixedWorkspace = ActivationModel.fixedWorkspaceBytes(s, a);
            int pp = parallelism.pipelineParallel();
            if (pp == 1) {
                activations = layers + outside;
                logits = logitBytes;
            } else {
                // 1F1B: the first stage keeps p micro-batches of L/p layers = L layers' worth (Korthikanti eq. 5);
                // the last stage keeps one micro-batch of L/p layers, and the logits
                double last = layers / pp + outside + logitBytes;
                if (last > layers) {
                    stage = "last";
                    activations = layers / pp + outside;
                    logits = logitBytes;
                } else {
                    activations = layers;
                }
            }
        }
        MemoryBreakdown breakdown = new MemoryBreakdown(weightsPerGpu, gradientsPerGpu, statePerGpu, masterPerGpu,
                activations, logits, workspace, fixedWorkspace);
        return new MemoryEstimate(model, precision, optimizer, parallelism, settings, bytesPerParam, breakdown, stage);
    }

    /**
     * As {@link #of}, but with the model states given as {@code bytesPerParam} bytes per parameter (a quick what-if,
     * such as the CS336 lecture's 2 + 2 + 4 + 4 = 12): the states are one lump, split over the model-parallel GPUs,
     * and over data parallelism only under ZeRO-3 (stages 1 and 2 shard parts of the states napkin does not know
     * here, so they are refused). Activations count as {@link #of} counts them in {@code precision}.
     */
    public static MemoryEstimate withGivenBytesPerParam(Model model, double bytesPerParam, Precision precision,
                                                        Optimizer optimizer, Parallelism parallelism,
                                                        Optional<ActivationSettings> settings) {
        if (!(bytesPerParam > 0) || Double.isInfinite(bytesPerParam)) {
            throw new IllegalArgumentException("--bytes-per-param must be a positive number of bytes, got "
                    + bytesPerParam);
        }
        if (parallelism.zeroStage() == 1 || parallelism.zeroStage() == 2) {
            throw new IllegalArgumentException("--bytes-per-param with --zero " + parallelism.zeroStage()
                    + ": ZeRO 1 and 2 shard only part of the states, which a lump does not say; use --zero 0 or 3, "
                    + "or --precision and --optimizer");
        }
        MemoryEstimate split = of(model, precision, optimizer, parallelism, settings);
        MemoryBreakdown b = split.breakdown();
        double states = model.totalParams() * bytesPerParam / parallelism.modelParallel()
                / (parallelism.zeroStage() == 3 ? parallelism.dataParallel() : 1);
        MemoryBreakdown given = new MemoryBreakdown(0, 0, 0, 0, b.activations(), b.logits(), b.workspace(),
                b.fixedWorkspace(), states);
        return new MemoryEstimate(model, precision, optimizer, parallelism, settings, bytesPerParam, given,
                split.pipelineStage());
    }

    /**
     * Tensor parallelism gives each GPU whole attention heads (Shoeybi et al. 2019, Megatron-LM, section 3: the
     * Q, K, V matmuls split by heads, so the heads must divide evenly), and pipeline parallelism whole layers: a
     * split finer than the model cannot be run, and the formulas would silently divide a head or a layer.
     */
    static void requireSplittable(String id, ModelShape s, Parallelism p) {
        int tp = p.tensorParallel();
        if (tp > s.heads()) {
            throw new IllegalArgumentException("--tensor-parallel " + tp + " is more than " + id + "'s " + s.heads()
                    + " attention heads; tensor parallelism splits the heads, so give a divisor of " + s.heads());
        }
        if (s.heads() % tp != 0) {
            throw new IllegalArgumentException("--tensor-parallel " + tp + " does not divide " + id + "'s " + s.heads()
                    + " attention heads; tensor parallelism gives each GPU whole heads, so give a divisor of "
                    + s.heads());
        }
        if (p.pipelineParallel() > s.layers()) {
            throw new IllegalArgumentException("--pipeline-parallel " + p.pipelineParallel() + " is more than " + id
                    + "'s " + s.layers() + " layers; each pipeline stage needs at least one layer");
        }
    }

    /** The fraction of a model state one GPU holds: the rest over the ZeRO group, the experts EP ways more. */
    private static double split(double expertShare, int ep, int zeroGroup) {
        double expertZero = zeroGroup == 1 ? 1 : (double) zeroGroup / ep;
        return (1 - expertShare) / zeroGroup + expertShare / ep / expertZero;
    }
}
