package dev.napkin.cli;

import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.units.Si;
import java.util.List;

/** {@code napkin mfu}: utilisation of a measured run under each FLOPs convention. */
record MfuReport(ModelInfo model, int gpus, String gpu, String dtype, int seq, double peakFlopsPerSecPerGpu,
                 double tokensPerSecond, String recompute, String flops, double mfu, double hfu,
                 List<Convention> conventions, List<String> notes) implements Report {

    /** One convention's count per token and the utilisation it gives. */
    record Convention(String flops, String source, double flopsPerToken, double hardwareFlopsPerToken, double mfu,
                      double hfu) {
    }

    @Override
    public String csvRowsField() {
        return "conventions";
    }

    @Override
    public String table() {
        Lines head = new Lines("napkin mfu: " + model.description() + ", " + gpus + " x " + gpu + ", seq " + seq);
        head.row("tokens/s", Si.count(tokensPerSecond) + " (" + Si.count(tokensPerSecond / gpus) + " per GPU)");
        head.row("peak per GPU", Si.fixed(peakFlopsPerSecPerGpu / 1e12, 1) + " TFLOP/s dense " + dtype);
        head.row("with --flops " + flops, "MFU " + Si.fixed(mfu, 3) + ", HFU " + Si.fixed(hfu, 3) + " (recompute "
                + recompute + ")");
        TextTable t = new TextTable("convention", "FLOPs/token", "hardware", "MFU", "HFU", "source");
        for (Convention c : conventions) {
            t.add(c.flops, Si.sci(c.flopsPerToken), Si.sci(c.hardwareFlopsPerToken), Si.fixed(c.mfu, 3),
                    Si.fixed(c.hfu, 3), c.source);
        }
        StringBuilder sb = new StringBuilder(head.toString()).append('\n').append(t.toString().indent(2));
        notes.forEach(n -> sb.append("\n  note: ").append(n));
        return sb.append(notes.isEmpty() ? "" : "\n").toString();
    }
}
