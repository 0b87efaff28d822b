package dev.napkin.cli;

import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.units.Si;
import java.util.List;
import java.util.Locale;

/** {@code napkin models}: the presets with their parameter counts. */
record ModelsReport(List<Entry> models) implements Report {

    /** One preset ({@code napkin models ID}): exact counts, the shape, and where the shape comes from. */
    record Entry(String id, String description, long params, long activeParams, long nonEmbeddingParams,
                 ModelInfo.Shape shape, String source, String notes) implements Report {

        @Override
        public String table() {
            ModelInfo.Shape s = shape;
            Lines lines = new Lines(id + ": " + description);
            lines.row("parameters", grouped(params) + " (" + Si.count(params) + ")");
            if (activeParams != params) {
                lines.row("active per token", grouped(activeParams) + " (" + Si.count(activeParams) + ")");
            }
            lines.row("non-embedding", grouped(nonEmbeddingParams));
            lines.row("layers L", Integer.toString(s.layers()));
            lines.row("width C", Integer.toString(s.dModel()));
            lines.row("heads NH / KV / size HS", s.heads() + " / " + s.kvHeads() + " / " + s.headDim());
            lines.row("MLP", s.mlp() + ", hidden F " + s.ffnHidden() + (s.experts() > 1
                    ? ", " + s.experts() + " experts, " + s.expertsPerToken() + " per token" : ""));
            lines.row("vocab V / context", s.vocab() + " / " + s.context());
            lines.row("norm / positions", s.norm() + " / " + s.position());
            lines.row("biases (qkv, out, mlp)", s.qkvBias() + ", " + s.outBias() + ", " + s.mlpBias());
            lines.row("tied embeddings", Boolean.toString(s.tiedEmbeddings()));
            lines.row("source", source);
            if (notes != null) {
                lines.note(notes);
            }
            return lines.toString();
        }

        private static String grouped(long n) {
            return String.format(Locale.ROOT, "%,d", n);
        }
    }

    @Override
    public String csvRowsField() {
        return "models";
    }

    @Override
    public String table() {
        TextTable t = new TextTable("id", "params", "active", "L", "C", "NH", "KV", "F", "V", "context", "name");
        for (Entry e : models) {
            ModelInfo.Shape s = e.shape();
            t.add(e.id(), Si.count(e.params()), Si.count(e.activeParams()), s.layers(), s.dModel(), s.heads(), s.kvHeads(),
                    s.ffnHidden(), s.vocab(), s.context(), e.description());
        }
        return "Model presets and bundled Hugging Face models (parameter counts computed from the shapes; active: what one "
                + "token passes through). `napkin models ID` shows one.\n\n" + t;
    }
}
