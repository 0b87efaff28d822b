package dev.napkin.cli;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.harness.Backends;
import dev.napkin.harness.gpu.GpuPrecision;
import dev.napkin.profiler.AttentionKind;
import dev.napkin.profiler.CountMode;
import java.util.List;
import java.util.Locale;

/** The named choices options take, one {@link Choice} each (picocli instantiates them by class). */
final class Choices {
    private Choices() {
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Training precision of the estimator: bytes per parameter and the peak the matmuls run at. */
    static final class Precisions extends Choice<Precision> {
        @Override
        Precision[] values() {
            return Precision.values();
        }

        @Override
        String name(Precision value) {
            return value.id();
        }
    }

    static final class Optimizers extends Choice<Optimizer> {
        @Override
        Optimizer[] values() {
            return Optimizer.values();
        }

        @Override
        String name(Optimizer value) {
            return value.id();
        }
    }

    static final class Recomputes extends Choice<Recompute> {
        @Override
        Recompute[] values() {
            return Recompute.values();
        }

        @Override
        String name(Recompute value) {
            return value.id();
        }
    }

    /** The FLOPs conventions by id; their enum names (six_pt, chinchilla_a4) as the results files' reader takes them. */
    static final class Formulas extends Choice<FlopsFormula> {
        @Override
        FlopsFormula[] values() {
            return FlopsFormula.values();
        }

        @Override
        String name(FlopsFormula value) {
            return value.id();
        }

        @Override
        List<String> aliases(FlopsFormula value) {
            return List.of(value.name(), value.name().replace('_', '-'));
        }
    }

    static final class Dtypes extends Choice<ComputeDtype> {
        @Override
        ComputeDtype[] values() {
            return ComputeDtype.values();
        }

        @Override
        String name(ComputeDtype value) {
            return value.id();
        }
    }

    /** How the profiler and the planner count attention: naive (scores stored) or fused. */
    static final class Attentions extends Choice<AttentionKind> {
        @Override
        AttentionKind[] values() {
            return AttentionKind.values();
        }

        @Override
        String name(AttentionKind value) {
            return lower(value);
        }
    }

    static final class CountModes extends Choice<CountMode> {
        @Override
        CountMode[] values() {
            return CountMode.values();
        }

        @Override
        String name(CountMode value) {
            return lower(value);
        }
    }

    static final class Formats extends Choice<OutputFormat> {
        @Override
        OutputFormat[] values() {
            return OutputFormat.values();
        }

        @Override
        String name(OutputFormat value) {
            return lower(value);
        }
    }

    /** The MLPs an explicit shape can have: GPT-2's GELU or Llama's SwiGLU. */
    static final class Mlps extends Choice<MlpKind> {
        @Override
        MlpKind[] values() {
            return new MlpKind[] {MlpKind.GELU, MlpKind.SWIGLU};
        }

        @Override
        String name(MlpKind value) {
            return lower(value);
        }
    }

    /** The GPU trainer's precisions. */
    static final class GpuPrecisions extends Choice<GpuPrecision> {
        @Override
        GpuPrecision[] values() {
            return GpuPrecision.values();
        }

        @Override
        String name(GpuPrecision value) {
            return value.id;
        }
    }

    /** The GPU trainer's attention paths. */
    static final class GpuAttentions extends Choice<dev.napkin.harness.gpu.AttentionKind> {
        @Override
        dev.napkin.harness.gpu.AttentionKind[] values() {
            return dev.napkin.harness.gpu.AttentionKind.values();
        }

        @Override
        String name(dev.napkin.harness.gpu.AttentionKind value) {
            return value.id();
        }
    }

    /** Where {@code bench} measures. */
    static final class BackendNames extends Choice<String> {
        @Override
        String[] values() {
            return Backends.ALL.toArray(new String[0]);
        }

        @Override
        String name(String value) {
            return value;
        }
    }

    /** The views of {@code profile}'s table. */
    static final class ProfileViews extends Choice<String> {
        @Override
        String[] values() {
            return new String[] {"summary", "op", "layer", "kind"};
        }

        @Override
        String name(String value) {
            return value;
        }
    }
}
