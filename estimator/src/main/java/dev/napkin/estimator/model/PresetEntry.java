package dev.napkin.estimator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One row of {@code napkin/models.json}; {@code head_dim} null means C / NH. */
record PresetEntry(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) int layers,
        @JsonProperty(required = true) int dModel,
        @JsonProperty(required = true) int heads,
        @JsonProperty(required = true) int kvHeads,
        @JsonProperty(required = true) Integer headDim,
        @JsonProperty(required = true) int ffnHidden,
        @JsonProperty(required = true) int vocab,
        @JsonProperty(required = true) int context,
        @JsonProperty(required = true) MlpKind mlp,
        @JsonProperty(required = true) NormKind norm,
        @JsonProperty(required = true) PositionKind position,
        @JsonProperty(required = true) boolean qkvBias,
        @JsonProperty(required = true) boolean outBias,
        @JsonProperty(required = true) boolean mlpBias,
        @JsonProperty(required = true) boolean tiedEmbeddings,
        @JsonProperty(required = true) int experts,
        @JsonProperty(required = true) int expertsPerToken,
        @JsonProperty(required = true) boolean trainingDropout,
        @JsonProperty(required = true) String source,
        String notes) {

    Model toModel() {
        ModelShape.Builder shape = ModelShape.builder().layers(layers).dModel(dModel).heads(heads).kvHeads(kvHeads)
                .ffnHidden(ffnHidden).vocab(vocab).context(context).mlp(mlp).norm(norm).position(position)
                .qkvBias(qkvBias).outBias(outBias).mlpBias(mlpBias).tiedEmbeddings(tiedEmbeddings).experts(experts)
                .expertsPerToken(expertsPerToken);
        if (headDim != null) {
            shape.headDim(headDim);
        }
        return Model.ofShape(id, name, shape.build(), trainingDropout);
    }
}
