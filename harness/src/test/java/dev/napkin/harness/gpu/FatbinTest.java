package dev.napkin.harness.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fatbin the jar ships: what it holds, and that it is what the kernel sources compile to. Editing a kernel
 * without running {@code harness/src/main/cuda/build-fatbin.sh} fails here.
 */
class FatbinTest {
    private static final Path SOURCES = Path.of("src/main/cuda");
    private static final Path BUILT = Path.of("target/fatbin");
    private static final String MANIFEST = "/dev/napkin/harness/gpu/napkin-kernels.sources.sha256";
    private static final String REBUILD = "; run harness/src/main/cuda/build-fatbin.sh and commit its two outputs";

    @Test
    void holdsUncompressedCubinsForAmpereAdaAndHopperAndPtxThatCuda12DriversCanJit() {
        List<Fatbin.Entry> entries = Fatbin.shipped().entries();
        Set<Integer> cubins = entries.stream().filter(e -> e.kind() == Fatbin.Kind.CUBIN).map(Fatbin.Entry::arch)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(80, 86, 89, 90), cubins);
        List<Fatbin.Entry> ptx = entries.stream().filter(e -> e.kind() == Fatbin.Kind.PTX).toList();
        assertEquals(1, ptx.size());
        assertEquals(80, ptx.getFirst().arch());
        // PTX ISA 8.0 is CUDA 12.0's: drivers from r525 JIT it (cuda-python's PTX-to-driver table)
        assertEquals("8.0", ptx.getFirst().ptxVersion().orElseThrow());
        // CUDA 13's fatbinary compresses with zstd unless told not to, which only r580 drivers read
        assertTrue(entries.stream().noneMatch(Fatbin.Entry::compressed));
    }

    @Test
    void everyKernelOfTheSourcesIsAnEntryOfThePtx() throws IOException {
        String ptx = new String(Fatbin.shipped().entries().stream().filter(e -> e.kind() == Fatbin.Kind.PTX)
                .findFirst().orElseThrow().payload(), StandardCharsets.US_ASCII);
        Pattern kernel = Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+(\\w+)\\s*\\(");
        Set<String> names = new TreeSet<>();
        for (Path source : kernelSources()) {
            Matcher m = kernel.matcher(Files.readString(source));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        assertFalse(names.isEmpty());
        for (String name : names) {
            assertTrue(ptx.contains(".entry " + name + "("), name + " is not in the shipped fatbin" + REBUILD);
        }
    }

    @Test
    void manifestNamesEverySourceWithItsCurrentHash() throws IOException {
        Map<String, String> recorded = manifest(resource(MANIFEST));
        Map<String, String> current = new TreeMap<>();
        for (Path p : kernelSources()) {
            current.put(SOURCES.relativize(p).toString(), sha256(Files.readAllBytes(p)));
        }
        for (Path p : Files.list(SOURCES).filter(p -> p.toString().endsWith(".cuh")).toList()) {
            current.put(SOURCES.relativize(p).toString(), sha256(Files.readAllBytes(p)));
        }
        current.put("build-fatbin.sh", sha256(Files.readAllBytes(SOURCES.resolve("build-fatbin.sh"))));
        assertEquals(current.keySet(), recorded.keySet(), "kernel files added or removed since the fatbin was built"
                + REBUILD);
        current.forEach((file, hash) -> assertEquals(hash, recorded.get(file), file + " changed since the fatbin was "
                + "built" + REBUILD));
    }

    @Test
    void compilingTheSourcesHereGivesTheCommittedFatbinByteForByte() throws IOException {
        Path fresh = BUILT.resolve("napkin-kernels.fatbin");
        assumeTrue(Files.exists(fresh), "no CUDA toolkit on this machine: the build did not compile the kernels");
        String committedCompiler = resource(MANIFEST).lines().findFirst().orElse("");
        String localCompiler = Files.readAllLines(BUILT.resolve("napkin-kernels.sources.sha256")).getFirst();
        assumeTrue(committedCompiler.equals(localCompiler), "the committed fatbin was built by another nvcc ("
                + committedCompiler + ", here " + localCompiler + "): bytes can differ");
        assertArrayEquals(Files.readAllBytes(fresh), Fatbin.shipped().bytes(), "the committed fatbin is stale" + REBUILD);
    }

    private static List<Path> kernelSources() throws IOException {
        try (Stream<Path> s = Files.list(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
        }
    }

    private static Map<String, String> manifest(String text) {
        Map<String, String> m = new TreeMap<>();
        text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> {
            String[] parts = l.split("\\s+", 2);
            m.put(parts[1].strip(), parts[0]);
        });
        return m;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FatbinTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, name + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
