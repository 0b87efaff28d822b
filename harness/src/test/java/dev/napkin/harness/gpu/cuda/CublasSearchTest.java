package dev.napkin.harness.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.harness.BackendUnavailableException;
import dev.napkin.harness.gpu.cuda.CublasSearch.ByName;
import dev.napkin.harness.gpu.cuda.CublasSearch.ByPath;
import dev.napkin.harness.gpu.cuda.CublasSearch.Candidate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the binding looks for cuBLAS, on a made-up file system under a temporary root: the override alone when
 * set, else the loader's names, then the known folders in order (newest CUDA and Python first, a folder reached twice
 * through a link tried once), and a single line when nothing loads. Loading uses the fake cuBLAS where gcc exists.
 */
class CublasSearchTest {
    @TempDir
    Path root;

    private Path file(String relative) throws IOException {
        Path f = root.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "not a library");
        return f;
    }

    private CublasSearch search(Map<String, String> env, List<String> names) {
        return new CublasSearch(Optional.empty(), names, env, root, root.resolve("home/user"));
    }

    @Test
    void namesForTheLoaderComeFirstThenTheKnownFoldersNewestFirst() throws IOException {
        List<Path> expected = new ArrayList<>();
        expected.add(file("opt/cuda/lib64/libcublas.so.13"));
        expected.add(file("usr/local/cuda/lib64/libcublas.so.12"));
        expected.add(file("usr/local/cuda-13.0/lib64/libcublas.so.13"));
        expected.add(file("usr/local/cuda-13.0/lib64/libcublas.so"));
        expected.add(file("usr/local/cuda-12.10/lib64/libcublas.so.12"));
        expected.add(file("usr/local/cuda-12.9/lib64/libcublas.so.12"));
        expected.add(file("usr/lib/x86_64-linux-gnu/libcublas.so.12"));
        expected.add(file("venv/lib/python3.12/site-packages/nvidia/cu13/lib/libcublas.so.13"));
        expected.add(file("usr/lib/python3.12/dist-packages/nvidia/cu13/lib/libcublas.so.13"));
        expected.add(file("usr/lib/python3.12/dist-packages/nvidia/cublas/lib/libcublas.so.12"));
        expected.add(file("usr/lib/python3.9/dist-packages/nvidia/cublas/lib/libcublas.so.12"));
        expected.add(file("usr/local/lib/python3.11/dist-packages/nvidia/cu13/lib/libcublas.so.13"));
        expected.add(file("usr/local/lib/python3.10/site-packages/nvidia/cublas/lib/libcublas.so.12"));
        expected.add(file("home/user/.local/lib/python3.12/site-packages/nvidia/cu13/lib/libcublas.so.13"));
        file("usr/local/cuda-notes/lib64/libcublas.so.13"); // not a version: not a toolkit
        file("usr/local/cuda-12.9/lib64/libcublasLt.so.12"); // not cuBLAS itself
        Files.createDirectories(root.resolve("usr/local/cuda-12.4/lib64")); // a toolkit without cuBLAS

        List<Candidate> candidates = search(Map.of("CUDA_HOME", root.resolve("opt/cuda").toString(), "VIRTUAL_ENV",
                root.resolve("venv").toString()), CublasSearch.FILE_NAMES).candidates();

        List<Candidate> want = new ArrayList<>(List.of(new ByName("libcublas.so.13"), new ByName("libcublas.so.12"),
                new ByName("libcublas.so")));
        expected.forEach(p -> want.add(new ByPath(p)));
        assertEquals(want, candidates);
    }

    @Test
    void aFolderReachedThroughALinkIsTriedOnce() throws IOException {
        Path real = file("usr/local/cuda-13.0/lib64/libcublas.so.13");
        Files.createSymbolicLink(root.resolve("usr/local/cuda"), root.resolve("usr/local/cuda-13.0"));
        List<Candidate> candidates = search(Map.of(), List.of()).candidates();
        assertEquals(List.of(new ByPath(root.resolve("usr/local/cuda/lib64/libcublas.so.13"))), candidates);
        assertTrue(Files.isSameFile(real, ((ByPath) candidates.getFirst()).path()));
    }

    @Test
    void anOverrideIsTheOnlyCandidate() throws IOException {
        file("usr/local/cuda/lib64/libcublas.so.13");
        Path chosen = root.resolve("mine/libcublas.so.12");
        CublasSearch s = new CublasSearch(Optional.of(chosen), CublasSearch.FILE_NAMES, Map.of(), root, root);
        assertEquals(List.of(new ByPath(chosen)), s.candidates());
    }

    @Test
    void nothingFoundIsOneLineSayingWhereItLookedAndWhatToDo() throws IOException {
        file("usr/local/cuda/lib64/libcublas.so.12"); // exists, but is no library
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> CublasLibrary.load(
                search(Map.of(), List.of("libnapkin-test-absent-cublas.so.13"))));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.startsWith("no cuBLAS found (libcublas.so.13 or .so.12): tried "
                + "libnapkin-test-absent-cublas.so.13 on the loader path and 1 known folder ("
                + root.resolve("usr/local/cuda/lib64") + "); " + root.resolve("usr/local/cuda/lib64/libcublas.so.12")
                + " is not a shared library (no ELF header); install"), message);
        assertTrue(message.endsWith("; install the CUDA toolkit's cuBLAS (or pip install nvidia-cublas) or set "
                + "NAPKIN_CUBLAS to the library's path"), message);
    }

    @Test
    void anOverrideThatDoesNotLoadIsReportedNotSkipped() {
        Path missing = root.resolve("nowhere/libcublas.so.13");
        CublasSearch s = new CublasSearch(Optional.of(missing), CublasSearch.FILE_NAMES, Map.of(), root, root);
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> CublasLibrary.load(s));
        assertTrue(e.getMessage().startsWith("NAPKIN_CUBLAS (or -Dnapkin.cublas) names " + missing
                + ", which is not a cuBLAS library napkin can use: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aSharedLibraryWithoutCublasFunctionsIsSkippedSayingWhy() throws IOException {
        assumeTrue(FakeCublas.unavailableReason().isEmpty(), FakeCublas.unavailableReason().orElse(""));
        Path folder = root.resolve("usr/local/cuda/lib64");
        Files.createDirectories(folder);
        Files.copy(FakeCublas.library().resolveSibling("libcublasLt.so.13"), folder.resolve("libcublas.so.12"));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> CublasLibrary.load(search(Map.of(), List.of())));
        assertTrue(e.getMessage().contains(folder.resolve("libcublas.so.12") + " is not cuBLAS 12 or 13: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("cublasCreate_v2"), e.getMessage());
    }

    @Test
    void theFirstCandidateThatLoadsWinsAndReportsItsFile() throws IOException {
        assumeTrue(FakeCublas.unavailableReason().isEmpty(), FakeCublas.unavailableReason().orElse(""));
        file("opt/cuda/lib64/libcublas.so.13"); // first in line, and not a library
        Path good = FakeCublas.installIn(root.resolve("usr/local/cuda-13.0/lib64"));
        CublasLibrary library = CublasLibrary.load(search(Map.of("CUDA_HOME", root.resolve("opt/cuda").toString()),
                List.of()));
        assertEquals(good.toString(), library.file());
    }
}
