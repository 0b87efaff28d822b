package dev.napkin.estimator.cluster;

import java.util.Locale;

/**
 * The collectives a training step uses, with the time of S bytes over n ranks at bus bandwidth B and hop latency
 * α (nccl-tests {@code doc/PERFORMANCE.md}; ring algorithms, Thakur et al. 2005):
 * <pre>
 *   all-reduce (ring)            2(n−1)/n · S/B + 2(n−1)·α
 *   reduce-scatter, all-gather    (n−1)/n · S/B +  (n−1)·α
 *   all-to-all                    (n−1)/n · S/B +  (n−1)·α
 *   point-to-point                        S/B +        α
 * </pre>
 * S is the whole buffer: for reduce-scatter the input on each rank, for all-gather the output on each rank, for
 * all-to-all the bytes each rank sends, its own share included. All-to-all: nccl-tests {@code src/alltoall.cu}
 * reports busbw = algbw · (n−1)/n, since 1/n of each rank's buffer stays on the rank; the n−1 latency steps are
 * the pairwise-exchange algorithm's (Thakur et al. 2005, section 4.5: n−1 steps, each rank sending to one peer).
 */
public enum Collective {
    ALL_REDUCE, REDUCE_SCATTER, ALL_GATHER, ALL_TO_ALL, POINT_TO_POINT;

    /** The bytes-over-bandwidth factor for {@code ranks} ranks. */
    public double bandwidthFactor(int ranks) {
        if (ranks < 1) {
            throw new IllegalArgumentException("a collective needs at least 1 rank, got " + ranks);
        }
        double n = ranks;
        return switch (this) {
            case ALL_REDUCE -> 2 * (n - 1) / n;
            case REDUCE_SCATTER, ALL_GATHER, ALL_TO_ALL -> (n - 1) / n;
            case POINT_TO_POINT -> 1;
        };
    }

    /** Sequential steps, each paying one hop's latency. */
    public int latencySteps(int ranks) {
        return switch (this) {
            case ALL_REDUCE -> 2 * (ranks - 1);
            case REDUCE_SCATTER, ALL_GATHER, ALL_TO_ALL -> ranks - 1;
            case POINT_TO_POINT -> 1;
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
