package dev.napkin.estimator.model;

/**
 * {@link ParameterCount} of a {@link LayerLayout}, layer by layer: the attention of each layer (with its q/k norms,
 * MLA's latent norms and gpt-oss's sinks), its feed-forward block (all experts for the total, the routed experts a
 * token visits and the shared ones for the active count), its router, its norms; the token embedding, the final
 * norm, and the head unless tied. Multi-token-prediction modules are not in it ({@link MultiTokenPrediction}).
 */
final class LayoutCount {
    private LayoutCount() {
    }

    static ParameterCount of(ModelShape s, LayerLayout layout) {
        long c = s.dModel();
        long attention = 0;
        long mlp = 0;
        long activeMlp = 0;
        long router = 0;
        long norms = c; // the final norm
        for (LayerSpec l : layout.layers()) {
            attention += l.attention().params(c);
            long routerHere = l.feedForward().routerParams(c);
            router += routerHere;
            mlp += l.feedForward().params(c) - routerHere;
            activeMlp += l.feedForward().activeParams(c) - routerHere;
            norms += l.norms() * c;
        }
        long embedding = (long) s.vocab() * c;
        return new ParameterCount(embedding, 0, attention, mlp, activeMlp, router, norms,
                s.tiedEmbeddings() ? 0 : embedding);
    }
}
