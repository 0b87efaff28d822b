package dev.napkin.estimator.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The collective formulas of nccl-tests doc/PERFORMANCE.md, checked by inverting them as nccl-tests does. */
class CollectiveTest {
    private static final ClusterSpec A100 = ClusterCatalog.builtIn().find("dgx-a100");

    @Test // nccl-tests PERFORMANCE.md: busbw = algbw · 2(n−1)/n for all-reduce; 230 GB/s measured on DGX A100
    void allReduceInsideANodeRunsAtTheMeasuredBusBandwidth() {
        double bytes = 8e9; // large enough that the 14 hops of 1 µs do not matter
        double seconds = A100.seconds(Collective.ALL_REDUCE, bytes, 8, 1);
        double algbw = bytes / seconds;
        assertEquals(230e9, algbw * 2 * 7 / 8, 0.01 * 230e9);
    }

    @Test // nccl-tests PERFORMANCE.md: busbw = algbw · (n−1)/n for reduce-scatter and all-gather
    void reduceScatterAndAllGatherAreHalfAnAllReduce() {
        double rs = A100.seconds(Collective.REDUCE_SCATTER, 1e9, 8, 1);
        double ag = A100.seconds(Collective.ALL_GATHER, 1e9, 8, 1);
        double ar = A100.seconds(Collective.ALL_REDUCE, 1e9, 8, 1);
        assertEquals(ar, rs + ag, 1e-12);
        assertEquals(7.0 / 8 * 1e9 / 230e9 + 7 * 1e-6, rs, 0.01 * rs);
    }

    @Test // point-to-point: S / B_link plus one hop
    void pointToPointAcrossNodes() {
        double seconds = A100.seconds(Collective.POINT_TO_POINT, 25e6, 2, 8);
        assertEquals(25e6 / (25e9 * 0.9) + 2e-6, seconds, 1e-12);
    }

    @Test // a group of 8 with stride 1 fits a node of 8; with stride 8 (DP across TP=8 groups) it spans 8 nodes
    void tierFollowsWhatTheGroupSpans() {
        assertSame(A100.intraNode(), A100.tier(8, 1));
        assertSame(A100.intraNode(), A100.tier(2, 4));
        assertSame(A100.interNode(), A100.tier(16, 1));
        assertSame(A100.interNode(), A100.tier(2, 8));
    }

    @Test // over 16 ranks across nodes: 2·15/16 · S / (25 GB/s · 0.9) + 30 hops of 2 µs
    void allReduceAcrossNodesUsesThePerGpuNic() {
        double seconds = A100.seconds(Collective.ALL_REDUCE, 1e9, 16, 8);
        assertEquals(2 * 15.0 / 16 * 1e9 / 22.5e9 + 30 * 2e-6, seconds, 1e-12);
    }

    @Test
    void aGroupOfOneCostsNothing() {
        assertEquals(0, A100.seconds(Collective.ALL_REDUCE, 1e9, 1, 1));
    }
}
