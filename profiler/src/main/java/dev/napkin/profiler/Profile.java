package dev.napkin.profiler;

import dev.napkin.estimator.model.ContextLength;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The ops of one training step of a model, with totals and the views of a flops profiler. */
public record Profile(Model model, ProfileSettings settings, List<OpCost> ops) {

    /**
     * Profiles {@code model}; a sequence longer than the model's context follows {@link ContextLength}'s rule
     * (refused for a learned position table, counted for rotary positions).
     */
    public static Profile of(Model model, ProfileSettings settings) {
        ModelShape shape = model.requireShape("the profiler (it walks the model's ops)");
        ContextLength.check(model, settings.seq());
        List<OpCost> ops = TrainingStepOps.full(shape, settings);
        if (settings.count() == CountMode.THOP) {
            ops = ops.stream().filter(op -> op.kind().isLinearLayer()).map(Profile::asThop).toList();
        }
        return new Profile(model, settings, ops);
    }

    /**
     * As {@link #of(Model, ProfileSettings)}: {@code allowLongerContext} no longer changes the rule, which is the same
     * for every command.
     */
    public static Profile of(Model model, ProfileSettings settings, boolean allowLongerContext) {
        return of(model, settings);
    }

    /** thop counts multiply-accumulates of nn.Linear (in_features x output elements) x 2, without the bias. */
    private static OpCost asThop(OpCost op) {
        OpCost forward = op.forwardOnly();
        double biasAdds = op.backwardWeightFlops() - op.backwardInputFlops();
        return forward.toBuilder().forwardFlops(forward.forwardFlops() - biasAdds).build();
    }

    public double forwardFlops() {
        return ops.stream().mapToDouble(OpCost::forwardFlops).sum();
    }

    public double backwardFlops() {
        return ops.stream().mapToDouble(OpCost::backwardFlops).sum();
    }

    public double flops() {
        return forwardFlops() + backwardFlops();
    }

    public long params() {
        return ops.stream().mapToLong(OpCost::params).sum();
    }

    public double bytesMoved() {
        return ops.stream().mapToDouble(op -> op.bytesRead() + op.bytesWritten()).sum();
    }

    public double activationBytes() {
        return ops.stream().mapToDouble(OpCost::activationBytes).sum();
    }

    /** Full count over 6·P·T (P active parameters, T = B·seq tokens of this step). */
    public double ratioToSixPt() {
        return flops() / (6 * model.activeParams() * settings.tokens());
    }

    /** Totals of a group of ops (a kind or a layer). */
    public record Group(String name, int ops, double forwardFlops, double backwardFlops, long params,
                        double bytesMoved, double activationBytes) {
        static Group of(String name, List<OpCost> ops) {
            return new Group(name, ops.size(), ops.stream().mapToDouble(OpCost::forwardFlops).sum(),
                    ops.stream().mapToDouble(OpCost::backwardFlops).sum(), ops.stream().mapToLong(OpCost::params).sum(),
                    ops.stream().mapToDouble(o -> o.bytesRead() + o.bytesWritten()).sum(),
                    ops.stream().mapToDouble(OpCost::activationBytes).sum());
        }
    }

    /** One group per op kind present, in the order of {@link OpKind}. */
    public List<Group> byKind() {
        Map<OpKind, List<OpCost>> groups = new EnumMap<>(OpKind.class);
        for (OpCost op : ops) {
            groups.computeIfAbsent(op.kind(), k -> new ArrayList<>()).add(op);
        }
        return groups.entrySet().stream().map(g -> Group.of(g.getKey().id(), g.getValue())).toList();
    }

    /** One layer's ops as a {@link Group}, with the layer's number ({@link OpCost#OUTSIDE_LAYERS} for the rest). */
    public record LayerGroup(int layer, Group totals) {
    }

    /** One group per layer ("embedding+head", {@link OpCost#OUTSIDE_LAYERS}, first). */
    public List<LayerGroup> byLayer() {
        Map<Integer, List<OpCost>> groups = new TreeMap<>();
        for (OpCost op : ops) {
            groups.computeIfAbsent(op.layer(), k -> new ArrayList<>()).add(op);
        }
        return groups.entrySet().stream()
                .map(g -> new LayerGroup(g.getKey(), Group.of(g.getKey() == OpCost.OUTSIDE_LAYERS ? "embedding+head"
                        : "layer " + g.getKey(), g.getValue())))
                .toList();
    }
}
