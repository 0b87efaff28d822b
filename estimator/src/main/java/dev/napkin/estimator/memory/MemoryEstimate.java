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

    /** The fraction of a model state one GPU holds: the rest over the ZeRO group, the experts EP ways more. */
    private static double split(double expertShare, int ep, int zeroGroup) {
        double expertZero = zeroGroup == 1 ? 1 : (double) zeroGroup / ep;
        return (1 - expertShare) / zeroGroup + expertShare / ep / expertZero;
    }
}
