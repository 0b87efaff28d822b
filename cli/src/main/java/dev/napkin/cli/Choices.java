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
        Precisions() {
            super(Precision.values(), Precision::id);
        }
    }

    static final class Optimizers extends Choice<Optimizer> {
        Optimizers() {
            super(Optimizer.values(), Optimizer::id);
        }
    }

    static final class Recomputes extends Choice<Recompute> {
        Recomputes() {
            super(Recompute.values(), Recompute::id);
        }
    }

    /** The FLOPs conventions by id; their enum names (six_pt, chinchilla_a4) as the results files' reader takes them. */
    static final class Formulas extends Choice<FlopsFormula> {
        Formulas() {
            super(FlopsFormula.values(), FlopsFormula::id, f -> List.of(f.name(), f.name().replace('_', '-')));
        }
    }

    static final class Dtypes extends Choice<ComputeDtype> {
        Dtypes() {
            super(ComputeDtype.values(), ComputeDtype::id);
        }
    }

    /** How the profiler and the planner count attention: naive (scores stored) or fused. */
    static final class Attentions extends Choice<AttentionKind> {
        Attentions() {
            super(AttentionKind.values(), Choices::lower);
        }
    }

    static final class CountModes extends Choice<CountMode> {
        CountModes() {
            super(CountMode.values(), Choices::lower);
        }
    }

    static final class Formats extends Choice<OutputFormat> {
        Formats() {
            super(OutputFormat.values(), Choices::lower);
        }
    }

    /** The MLPs an explicit shape can have: GPT-2's GELU or Llama's SwiGLU. */
    static final class Mlps extends Choice<MlpKind> {
        Mlps() {
            super(new MlpKind[] {MlpKind.GELU, MlpKind.SWIGLU}, Choices::lower);
        }
    }

    /** The GPU trainer's precisions. */
    static final class GpuPrecisions extends Choice<GpuPrecision> {
        GpuPrecisions() {
            super(GpuPrecision.values(), p -> p.id);
        }
    }

    /** The GPU trainer's attention paths. */
    static final class GpuAttentions extends Choice<dev.napkin.harness.gpu.AttentionKind> {
        GpuAttentions() {
            super(dev.napkin.harness.gpu.AttentionKind.values(), dev.napkin.harness.gpu.AttentionKind::id);
        }
    }

    /** Where {@code bench} measures. */
    static final class BackendNames extends Choice<String> {
        BackendNames() {
            super(Backends.ALL.toArray(String[]::new), name -> name);
        }
    }

    /** The views of {@code profile}'s table. */
    static final class ProfileViews extends Choice<String> {
        ProfileViews() {
            super(new String[] {"summary", "op", "layer", "kind"}, view -> view);
        }
    }
}
