package dev.napkin.estimator.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCatalogTest {
    @TempDir
    Path dir;

    @Test
    void presetsTheIssueNames() {
        for (String id : new String[] {"dgx-a100", "dgx-h100", "dgx-h200", "dgx-h800", "dgx-b200", "pcie"}) {
            assertEquals(id, ClusterCatalog.builtIn().find(id).id());
        }
        assertSame(ClusterCatalog.builtIn().find("dgx-a100"), ClusterCatalog.builtIn().find("Selene"));
    }

    @Test // clusters.md: DGX A100 all-reduce bus bandwidth about 230 GB/s (nccl-tests issue 149)
    void dgxA100BusBandwidthIsTheMeasuredOne() {
        assertEquals(230e9, ClusterCatalog.builtIn().find("dgx-a100").intraNode().busBandwidthBytesPerSec(), 0.5e9);
    }

    @Test // clusters.md: DGX H100 about 370 GB/s busbw with rings (nccl-tests issue 212)
    void dgxH100BusBandwidthIsTheMeasuredOne() {
        assertEquals(370e9, ClusterCatalog.builtIn().find("dgx-h100").intraNode().busBandwidthBytesPerSec(), 0.5e9);
    }

    /*
     * DeepSeek-V3 report, section 3.2.2, on H800 nodes: "NVLink offers a bandwidth of 160 GB/s, roughly 3.2 times
     * that of IB (50 GB/s)": 160 is what NVLink achieves (of 200 GB/s each way), 50 is InfiniBand's 400 Gb/s line
     * rate, which napkin derates by 0.9 like every preset's.
     */
    @Test
    void h800NodesAsDeepSeekStatesThem() {
        ClusterSpec h800 = ClusterCatalog.builtIn().find("dgx-h800");
        assertEquals(160e9, h800.intraNode().busBandwidthBytesPerSec(), 0.5e9);
        assertEquals(50e9, h800.interNode().bandwidthBytesPerSec());
        assertEquals(3.2, h800.intraNode().busBandwidthBytesPerSec() / h800.interNode().bandwidthBytesPerSec(), 0.05);
        assertEquals(ClusterCatalog.builtIn().find("dgx-h100").interNode().busBandwidthBytesPerSec(),
                h800.interNode().busBandwidthBytesPerSec(), "the same NDR InfiniBand as a DGX H100");
    }

    @Test // clusters.md: 8 x 200 Gb/s HDR per DGX A100 node (Narayanan et al. 2021, section 5) = 25 GB/s per GPU
    void selenePerGpuInfiniBand() {
        assertEquals(25e9, ClusterCatalog.builtIn().find("dgx-a100").interNode().bandwidthBytesPerSec());
        assertEquals(50e9, ClusterCatalog.builtIn().find("dgx-h100").interNode().bandwidthBytesPerSec());
    }

    @Test
    void unknownNameSuggestsTheClosest() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> ClusterCatalog.builtIn().find("dgx-h10")).getMessage();
        assertTrue(message.contains("did you mean dgx-h100"), message);
        assertTrue(message.contains("--cluster-specs"), message);
    }

    private static final String MINE = """
            {"schema": "napkin-clusters/1", "clusters": [{
              "id": "my-roce", "name": "Our RoCE pod", "aliases": ["roce"], "gpus_per_node": 4,
              "intra_node": {"link": "NVLink", "bandwidth_bytes_per_sec": 200e9, "efficiency": 0.8, "latency_seconds": 1e-6},
              "inter_node": {"link": "RoCE", "bandwidth_bytes_per_sec": 50e9, "efficiency": %s, "latency_seconds": 3e-6},
              "source": "https://example.com/our-measurements"}]}""";

    @Test
    void userFileAddsAPreset() throws IOException {
        Path f = dir.resolve("clusters.json");
        Files.writeString(f, MINE.formatted("0.7"));
        ClusterCatalog catalog = ClusterCatalog.withUserFile(f);
        assertEquals(4, catalog.find("roce").gpusPerNode());
        assertEquals(35e9, catalog.find("my-roce").interNode().busBandwidthBytesPerSec(), 1);
        assertEquals(ClusterCatalog.builtIn().all().size() + 1, catalog.all().size());
    }

    @Test
    void badEfficiencyIsOneLineNamingTheFieldAndTheRange() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, MINE.formatted("1.7"));
        String message = assertThrows(IllegalArgumentException.class, () -> ClusterCatalog.withUserFile(f))
                .getMessage();
        assertTrue(message.contains("efficiency must be in (0, 1]") && message.contains("1.7"), message);
        assertTrue(!message.contains("\n"), message);
    }
}
