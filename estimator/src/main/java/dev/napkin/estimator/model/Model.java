package dev.napkin.estimator.model;

import java.util.Optional;

/**
 * What the estimator knows about a model: at least its parameter count (from {@code --params 70B}), and, from a
 * preset or a config.json, its shape. Mixture-of-experts models have fewer active than total parameters.
 *
 * @param dropout the dropouts training applies, by kind (decides the dropout masks kept for backward)
 */
public record Model(String id, String description, double totalParams, double activeParams, ModelShape shapeOrNull,
                    Dropout dropout) {

    public Model {
        if (!(totalParams >= 1) || Double.isInfinite(totalParams)) {
            throw new IllegalArgumentException("parameter count must be at least 1, got " + totalParams);
        }
        if (!(activeParams >= 1) || activeParams > totalParams) {
            throw new IllegalArgumentException("active parameters " + activeParams + " must be in [1, " + totalParams
                    + "]");
        }
        if (dropout == null) {
            throw new IllegalArgumentException("model " + id + " has no dropout setting");
        }
    }

    /** Whether training applies any dropout. */
    public boolean trainingDropout() {
        return dropout.any();
    }

    /** A model known only by its parameter count, as in the lecture's "70B". */
    public static Model ofParams(double params) {
        return new Model("params", "a " + dev.napkin.estimator.units.Si.count(params) + "-parameter model", params,
                params, null, Dropout.NONE);
    }

    /**
     * A mixture of experts known only by its counts: all {@code total} parameters in memory, {@code active} of them
     * in each token's FLOPs (Mixtral 8x7B: 46.7B and 12.9B; Jiang et al. 2024).
     */
    public static Model ofParams(double total, double active) {
        if (!(active >= 1) || active > total) {
            throw new IllegalArgumentException("--active-params " + dev.napkin.estimator.units.Si.count(active)
                    + " must be at least 1 and at most --params " + dev.napkin.estimator.units.Si.count(total));
        }
        return new Model("params", "a " + dev.napkin.estimator.units.Si.count(total) + "-parameter model ("
                + dev.napkin.estimator.units.Si.count(active) + " active)", total, active, null, Dropout.NONE);
    }

    /** A model with a shape; its counts are computed from the shape exactly. */
    public static Model ofShape(String id, String description, ModelShape shape, boolean trainingDropout) {
        return ofShape(id, description, shape, Dropout.of(trainingDropout));
    }

    /** A model with a shape and the dropouts it trains with, kind by kind. */
    public static Model ofShape(String id, String description, ModelShape shape, Dropout dropout) {
        ParameterCount count = ParameterCount.of(shape);
        return new Model(id, description, count.total(), count.active(), shape, dropout);
    }

    public Optional<ModelShape> shape() {
        return Optional.ofNullable(shapeOrNull);
    }

    /** The shape, or a one-line error saying what needs it and how to give it. */
    public ModelShape requireShape(String forWhat) {
        if (shapeOrNull == null) {
            throw new IllegalArgumentException(forWhat + " needs the model's shape, not just its parameter count; "
                    + "give --model PRESET or --config config.json instead of --params");
        }
        return shapeOrNull;
    }

    public Optional<ParameterCount> parameterCount() {
        return shape().map(ParameterCount::of);
    }
}
