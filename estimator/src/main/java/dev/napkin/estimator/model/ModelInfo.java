package dev.napkin.estimator.model;

import java.util.Locale;

/**
 * The model part of every JSON report and of {@code napkin bench}'s results file: counts, and the shape where one
 * is known.
 *
 * @param params       every parameter (what memory counts)
 * @param activeParams the parameters one token passes through (what FLOPs count; fewer for a mixture of experts)
 * @param shape        null for a model given by its parameter count only
 */
public record ModelInfo(String id, String description, long params, long activeParams, Shape shape) {
    public ModelInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("the model has no id");
        }
        if (description == null) {
            throw new IllegalArgumentException("model " + id + " has no description");
        }
        if (params < 0 || activeParams < 0 || activeParams > params) {
            throw new IllegalArgumentException("model " + id + " has " + params + " parameters and " + activeParams
                    + " active ones; both must be at least 0, and the active ones no more than all");
        }
    }

    /** The shape in napkin's dimension names. */
    public record Shape(int layers, int dModel, int heads, int kvHeads, int headDim, int ffnHidden, int vocab,
                        int context, String mlp, String norm, String position, boolean qkvBias, boolean outBias,
                        boolean mlpBias, boolean tiedEmbeddings, int experts, int expertsPerToken) {

        /**
         * The shape back as napkin's model types have it, for a file written with it (a bench results file read by
         * {@code napkin report}); a per-layer layout (sliding windows, dense and MoE layers mixed) is not recorded.
         */
        public ModelShape toModelShape() {
            return ModelShape.builder().layers(layers).dModel(dModel).heads(heads).kvHeads(kvHeads).headDim(headDim)
                    .ffnHidden(ffnHidden).vocab(vocab).context(context).mlp(kind(MlpKind.values(), mlp, "mlp"))
                    .norm(kind(NormKind.values(), norm, "norm")).position(kind(PositionKind.values(), position,
                            "position"))
                    .qkvBias(qkvBias).outBias(outBias).mlpBias(mlpBias).tiedEmbeddings(tiedEmbeddings)
                    .experts(experts).expertsPerToken(expertsPerToken).build();
        }

        private static <E extends Enum<E>> E kind(E[] values, String name, String key) {
            for (E value : values) {
                if (lower(value).equals(name)) {
                    return value;
                }
            }
            throw new IllegalArgumentException("the model shape's " + key + " '" + name + "' is not one napkin knows");
        }
    }

    public static ModelInfo of(Model m) {
        Shape shape = m.shape().map(ModelInfo::shape).orElse(null);
        return new ModelInfo(m.id(), m.description(), Math.round(m.totalParams()), Math.round(m.activeParams()), shape);
    }

    private static Shape shape(ModelShape s) {
        return new Shape(s.layers(), s.dModel(), s.heads(), s.kvHeads(), s.headDim(), s.ffnHidden(), s.vocab(),
                s.context(), lower(s.mlp()), lower(s.norm()), lower(s.position()), s.qkvBias(), s.outBias(),
                s.mlpBias(), s.tiedEmbeddings(), s.experts(), s.expertsPerToken());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
