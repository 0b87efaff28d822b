package dev.napkin.cli;

import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.units.Si;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** {@code napkin profile}: per-op FLOPs, parameters, bytes and activations of a training step, and a roofline. */
record ProfileReport(ModelInfo model, int batch, int seq, String count, String dtype, String attention, boolean dropout,
                     double forwardFlops, double backwardFlops, long params,
                     @com.fasterxml.jackson.annotation.JsonProperty("ratio_to_6pt") double ratioTo6pt, double bytesMoved,
                     double activationBytes, RooflineInfo roofline, List<Group> byKind, List<Group> byLayer,
                     List<Op> ops, @com.fasterxml.jackson.annotation.JsonIgnore String view,
                     @com.fasterxml.jackson.annotation.JsonIgnore int top) implements Report {

    /** One op; {@code timeS} and {@code bound} only with --gpu. */
    record Op(String name, String kind, int layer, double forwardFlops, double backwardFlops,
              double backwardInputFlops, double backwardWeightFlops, long params, double bytesRead,
              double bytesWritten, double activationBytes, double arithmeticIntensity, Double timeS, String bound) {
    }

    /**
     * Totals of a kind or a layer; {@code timeS} only with --gpu.
     *
     * @param layer the layer's number in the by-layer view (-1: embedding and head); null in the by-kind view
     */
    record Group(String name, Integer layer, int ops, double forwardFlops, double backwardFlops, long params,
                 double bytesMoved, double activationBytes, Double timeS) {
    }

    /** The roofline summary on one GPU. */
    record RooflineInfo(String gpu, String dtype, double matmulPeakFlopsPerSec, double vectorPeakFlopsPerSec,
                        double memoryBandwidthBytesPerSec, double stepTimeS, double tokensPerS, double mfuCeiling,
                        double sixPtTimeS, double memoryBoundShare) {
    }

    @Override
    public String csvRowsField() {
        return "ops";
    }

    @Override
    public String table() {
        StringBuilder sb = new StringBuilder();
        Lines lines = new Lines("napkin profile: " + model.description() + ", batch " + batch + " x seq " + seq + ", "
                + dtype + ", " + count + " count, " + attention + " attention" + (dropout ? ", dropout" : ""));
        boolean thop = count.equals("thop");
        lines.row(thop ? "parameters in them" : "parameters", String.format(Locale.ROOT, "%,d", params));
        lines.row("forward FLOPs", Si.sci(forwardFlops));
        lines.row("backward FLOPs", Si.sci(backwardFlops));
        lines.row("total FLOPs", Si.sci(forwardFlops + backwardFlops) + " = " + Si.fixed(ratioTo6pt, 3) + " x 6·P·T"
                + (thop ? " (thop: nn.Linear layers, forward only)" : " (attention scores and elementwise ops make the difference)"));
        lines.row("bytes moved", Si.gib(bytesMoved) + " (forward + backward, " + dtype + ")");
        lines.row("activations kept", Si.gib(activationBytes));
        if (roofline != null) {
            lines.row("roofline on", roofline.gpu() + ": " + Si.fixed(roofline.matmulPeakFlopsPerSec() / 1e12, 1)
                    + " TFLOP/s " + roofline.dtype() + " matmuls, " + Si.fixed(roofline.vectorPeakFlopsPerSec() / 1e12, 1)
                    + " TFLOP/s vector, " + Si.fixed(roofline.memoryBandwidthBytesPerSec() / 1e9, 0) + " GB/s");
            lines.row("step time", Si.duration(roofline.stepTimeS()) + " at best; 6·P·T at peak says "
                    + Si.duration(roofline.sixPtTimeS()));
            lines.row("memory-bound share", Si.fixed(100 * roofline.memoryBoundShare(), 1) + "% of the step");
            lines.row("ceiling", Si.count(roofline.tokensPerS()) + " tokens/s, MFU at most "
                    + Si.fixed(100 * roofline.mfuCeiling(), 1) + "%");
        }
        sb.append(lines);
        switch (view) {
            case "op" -> sb.append("\nevery op:\n\n").append(opTable(ops));
            case "layer" -> sb.append("\nby layer:\n\n").append(layerTree());
            case "kind" -> sb.append("\nby kind:\n\n").append(groupTable(byKind));
            default -> {
                sb.append("\nby kind:\n\n").append(groupTable(byKind));
                List<Op> topOps = ops.stream().sorted(Comparator.comparingDouble(
                        (Op o) -> o.timeS() != null ? o.timeS() : o.forwardFlops() + o.backwardFlops()).reversed())
                        .limit(top).toList();
                sb.append("\ntop ").append(topOps.size()).append(" ops by ")
                        .append(roofline != null ? "time" : "FLOPs").append(":\n\n").append(opTable(topOps));
            }
        }
        return sb.toString();
    }

    private String groupTable(List<Group> groups) {
        double total = forwardFlops + backwardFlops;
        double time = roofline == null ? 0 : roofline.stepTimeS();
        TextTable t = roofline == null
                ? new TextTable("", "ops", "fwd FLOPs", "bwd FLOPs", "FLOPs %", "params", "moved", "kept")
                : new TextTable("", "ops", "fwd FLOPs", "bwd FLOPs", "FLOPs %", "params", "moved", "kept", "time", "time %");
        for (Group g : groups) {
            double flops = g.forwardFlops() + g.backwardFlops();
            Object[] cells = {g.name(), g.ops(), Si.sci(g.forwardFlops()), Si.sci(g.backwardFlops()),
                    Si.fixed(100 * flops / total, 1), Si.count(g.params()), Si.gib(g.bytesMoved()), Si.gib(g.activationBytes())};
            if (roofline != null) {
                cells = java.util.Arrays.copyOf(cells, cells.length + 2);
                cells[cells.length - 2] = Si.duration(g.timeS());
                cells[cells.length - 1] = Si.fixed(100 * g.timeS() / time, 1);
            }
            t.add(cells);
        }
        return indent(t.toString());
    }

    private String opTable(List<Op> rows) {
        TextTable t = roofline == null
                ? new TextTable("op", "kind", "fwd FLOPs", "bwd FLOPs", "params", "moved", "kept", "FLOP/B")
                : new TextTable("op", "kind", "fwd FLOPs", "bwd FLOPs", "params", "moved", "kept", "FLOP/B", "time", "bound");
        for (Op o : rows) {
            Object[] cells = {o.name(), o.kind(), Si.sci(o.forwardFlops()), Si.sci(o.backwardFlops()), Si.count(o.params()),
                    Si.gib(o.bytesRead() + o.bytesWritten()), Si.gib(o.activationBytes()), Si.fixed(o.arithmeticIntensity(), 1)};
            if (roofline != null) {
                cells = java.util.Arrays.copyOf(cells, cells.length + 2);
                cells[cells.length - 2] = Si.duration(o.timeS());
                cells[cells.length - 1] = o.bound();
            }
            t.add(cells);
        }
        return indent(t.toString());
    }

    /** A tree like the DeepSpeed flops profiler's: each layer's total, then its ops. */
    private String layerTree() {
        StringBuilder sb = new StringBuilder();
        int width = ops.stream().mapToInt(o -> o.name().length()).max().orElse(0);
        for (Group g : byLayer) {
            sb.append("  ").append(g.name()).append(": ").append(Si.sci(g.forwardFlops() + g.backwardFlops()))
                    .append(" FLOPs, ").append(Si.count(g.params())).append(" params")
                    .append(g.timeS() == null ? "" : ", " + Si.duration(g.timeS())).append('\n');
            for (Op o : ops) {
                if (g.layer() != null && o.layer() == g.layer()) {
                    sb.append("    ").append(o.name()).append(" ".repeat(width - o.name().length() + 2))
                            .append(String.format(Locale.ROOT, "%9s", Si.sci(o.forwardFlops() + o.backwardFlops())))
                            .append(o.timeS() == null ? "" : "  " + Si.duration(o.timeS()) + " " + o.bound())
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String indent(String table) {
        return table.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    }
}
