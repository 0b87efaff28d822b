package dev.napkin.estimator.memory;

import dev.napkin.estimator.model.LayerSpec;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.MixtureOfExperts;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.ParameterCount;

/**
 * Expert parallelism (GShard, Lepikhin et al. 2020; Megatron-Core's expert-model-parallel-size): the routed experts
 * of each mixture-of-experts layer are split over EP GPUs of the data-parallel group, so each holds E/EP experts,
 * and tokens travel to their experts and back by all-to-all. The other weights stay replicated over data
 * parallelism; ZeRO shards the experts' states over the DP/EP replicas of each expert.
 */
public record ExpertParallel(int size) {
    public ExpertParallel {
        if (size < 1) {
            throw new IllegalArgumentException("--expert-parallel must be at least 1, got " + size);
        }
    }

    public static ExpertParallel none() {
        return new ExpertParallel(1);
    }

    /** Refuses a split the model or the data-parallel group cannot take, in one line naming the fix. */
    public void check(Model model, Parallelism p) {
        if (size == 1) {
            return;
        }
        ModelShape s = model.requireShape("--expert-parallel");
        if (!s.isMixtureOfExperts()) {
            throw new IllegalArgumentException("--expert-parallel " + size + " needs a mixture-of-experts model; "
                    + model.id() + " is dense (drop the option)");
        }
        if (s.experts() % size != 0) {
            throw new IllegalArgumentException("--expert-parallel " + size + " does not divide the " + s.experts()
                    + " experts of " + model.id() + "; pick a divisor of " + s.experts());
        }
        if (p.dataParallel() % size != 0) {
            throw new IllegalArgumentException("--expert-parallel " + size + " does not divide the data-parallel size "
                    + p.dataParallel() + "; experts are split within the data-parallel group, so pick a divisor of it");
        }
    }

    /** Parameters of the routed experts (what EP splits); shared experts and routers stay whole. */
    public static double routedExpertParams(ModelShape s) {
        if (s.layoutOrNull() != null) {
            double sum = 0;
            for (LayerSpec l : s.layoutOrNull().layers()) {
                if (l.feedForward() instanceof MixtureOfExperts m) {
                    sum += (double) m.experts() * m.expertParams(s.dModel());
                }
            }
            return sum;
        }
        return s.isMixtureOfExperts() ? ParameterCount.of(s).mlp() : 0;
    }

    /**
     * The tokens one micro-batch sends to its experts in each mixture-of-experts layer, for the all-to-all of a
     * planner: every token's C-wide hidden state to each of its k experts (dispatch) and the k results back
     * (combine), in the activation dtype, forward; backward sends the same amounts the other way. Of these,
     * (EP - 1)/EP leave the GPU when routing is balanced.
     */
    public MoeTokenBytes tokenBytes(ModelShape s, ActivationSettings a, int activationBytes) {
        double tokens = (double) a.seq() * a.microBatch();
        int moeLayers = 0;
        double perLayer = 0;
        if (s.layoutOrNull() != null) {
            for (LayerSpec l : s.layoutOrNull().layers()) {
                if (l.feedForward() instanceof MixtureOfExperts m) {
                    moeLayers++;
                    perLayer = Math.max(perLayer, tokens * m.perToken() * s.dModel() * activationBytes);
                }
            }
        } else if (s.isMixtureOfExperts()) {
            moeLayers = s.layers();
            perLayer = tokens * s.expertsPerToken() * s.dModel() * activationBytes;
        }
        return new MoeTokenBytes(moeLayers, perLayer, perLayer, (size - 1.0) / size);
    }

    /**
     * @param dispatchBytesPerLayer forward bytes of token states sent to the experts by one GPU in one MoE layer
     * @param combineBytesPerLayer  forward bytes of expert outputs returned
     * @param leavingShare          the share that crosses to other GPUs, (EP - 1)/EP
     */
    public record MoeTokenBytes(int moeLayers, double dispatchBytesPerLayer, double combineBytesPerLayer,
                                double leavingShare) {
    }
}
