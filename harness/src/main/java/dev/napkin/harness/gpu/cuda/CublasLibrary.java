package dev.napkin.harness.gpu.cuda;

import dev.napkin.harness.BackendUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * cuBLAS's C API through Java's FFM API: the library found by {@link CublasSearch}, and a downcall handle for each
 * function napkin calls, declared from cublas_api.h (CUDA 12 and 13; the {@code _v2} names are what cublas_v2.h's
 * macros expand to). Handles and device pointers are 64-bit integers, enums and ints are C ints, {@code size_t} and
 * {@code long long} are 64-bit, and alpha, beta and out-parameters are host addresses. JCuda's own cuBLAS binding is
 * not used: it links libcublas.so.12 by name, which a CUDA 13 machine does not have.
 */
@SuppressWarnings("restricted") // FFM: cuBLAS's functions, each declared from cublas_api.h below
public final class CublasLibrary {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final AddressLayout ADDRESS = ValueLayout.ADDRESS;

    private static CublasLibrary system;

    private final String file;
    /** cublasCreate_v2(cublasHandle_t* handle) */
    final MethodHandle create;
    /** cublasDestroy_v2(cublasHandle_t handle) */
    final MethodHandle destroy;
    /** cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId) */
    final MethodHandle setStream;
    /** cublasSetWorkspace_v2(cublasHandle_t handle, void* workspace, size_t workspaceSizeInBytes) */
    final MethodHandle setWorkspace;
    /** cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode) */
    final MethodHandle setMathMode;
    /** cublasGetVersion_v2(cublasHandle_t handle, int* version) */
    final MethodHandle getVersion;
    /**
     * cublasGemmEx(handle, transa, transb, m, n, k, const void* alpha, const void* A, cudaDataType_t Atype, int lda,
     * const void* B, cudaDataType_t Btype, int ldb, const void* beta, void* C, cudaDataType_t Ctype, int ldc,
     * cublasComputeType_t computeType, cublasGemmAlgo_t algo)
     */
    final MethodHandle gemmEx;
    /**
     * cublasGemmStridedBatchedEx(handle, transa, transb, m, n, k, alpha, A, Atype, lda, long long strideA, B, Btype,
     * ldb, long long strideB, beta, C, Ctype, ldc, long long strideC, int batchCount, computeType, algo)
     */
    final MethodHandle gemmStridedBatchedEx;

    private CublasLibrary(SymbolLookup lib, String fallbackName) {
        Linker linker = Linker.nativeLinker();
        create = linker.downcallHandle(lib.findOrThrow("cublasCreate_v2"), FunctionDescriptor.of(INT, ADDRESS));
        destroy = linker.downcallHandle(lib.findOrThrow("cublasDestroy_v2"), FunctionDescriptor.of(INT, LONG));
        setStream = linker.downcallHandle(lib.findOrThrow("cublasSetStream_v2"), FunctionDescriptor.of(INT, LONG, LONG));
        setWorkspace = linker.downcallHandle(lib.findOrThrow("cublasSetWorkspace_v2"),
                FunctionDescriptor.of(INT, LONG, LONG, LONG));
        setMathMode = linker.downcallHandle(lib.findOrThrow("cublasSetMathMode"), FunctionDescriptor.of(INT, LONG, INT));
        getVersion = linker.downcallHandle(lib.findOrThrow("cublasGetVersion_v2"),
                FunctionDescriptor.of(INT, LONG, ADDRESS));
        gemmEx = linker.downcallHandle(lib.findOrThrow("cublasGemmEx"), FunctionDescriptor.of(INT,
                LONG, INT, INT, INT, INT, INT, ADDRESS, LONG, INT, INT, LONG, INT, INT, ADDRESS, LONG, INT, INT, INT, INT));
        gemmStridedBatchedEx = linker.downcallHandle(lib.findOrThrow("cublasGemmStridedBatchedEx"),
                FunctionDescriptor.of(INT, LONG, INT, INT, INT, INT, INT, ADDRESS, LONG, INT, INT, LONG, LONG, INT, INT,
                        LONG, ADDRESS, LONG, INT, INT, LONG, INT, INT, INT));
        file = LoadedFile.of(lib.findOrThrow("cublasCreate_v2")).orElse(fallbackName);
    }

    /** The file the library was loaded from, as the dynamic linker names it (dladdr), for the results files. */
    public String file() {
        return file;
    }

    /** This process's cuBLAS ({@link CublasSearch#system()}), loaded on first use. */
    public static synchronized CublasLibrary system() {
        if (system == null) {
            system = load(CublasSearch.system());
        }
        return system;
    }

    /**
     * The first candidate of {@code search} that loads and has every function.
     *
     * @throws BackendUnavailableException (one line) if none does, or if the chosen override does not
     */
    static CublasLibrary load(CublasSearch search) {
        List<String> failures = new ArrayList<>();
        for (CublasSearch.Candidate candidate : search.candidates()) {
            Optional<CublasLibrary> loaded = tryLoad(candidate, failures);
            if (loaded.isPresent()) {
                return loaded.get();
            }
        }
        if (search.override().isPresent()) {
            throw new BackendUnavailableException(CublasSearch.ENV + " (or -D" + CublasSearch.PROPERTY + ") names "
                    + search.override().get() + ", which is not a cuBLAS library napkin can use: " + failures.getFirst());
        }
        List<Path> folders = search.folders();
        List<String> tried = new ArrayList<>();
        if (!search.names().isEmpty()) {
            tried.add(String.join(", ", search.names()) + " on the loader path");
        }
        tried.add(folders.size() + " known folder" + (folders.size() == 1 ? "" : "s") + (folders.isEmpty() ? ""
                : " (" + folders.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")"));
        String failed = failures.stream().filter(f -> !f.contains("(loader path)")).findFirst()
                .map(f -> "; " + f).orElse("");
        throw new BackendUnavailableException("no cuBLAS found (libcublas.so.13 or .so.12): tried "
                + String.join(" and ", tried) + failed
                + "; install the CUDA toolkit's cuBLAS (or pip install nvidia-cublas) or set " + CublasSearch.ENV
                + " to the library's path");
    }

    private static Optional<CublasLibrary> tryLoad(CublasSearch.Candidate candidate, List<String> failures) {
        if (candidate instanceof CublasSearch.ByPath(Path path) && !isElf(path)) {
            failures.add(candidate + " is not a shared library (no ELF header)");
            return Optional.empty();
        }
        Arena arena = Arena.ofAuto(); // unloaded when nothing uses the library any more
        try {
            SymbolLookup lib = switch (candidate) {
                case CublasSearch.ByName(String name) -> SymbolLookup.libraryLookup(name, arena);
                case CublasSearch.ByPath(Path path) -> {
                    preloadLt(path, arena);
                    yield SymbolLookup.libraryLookup(path, arena);
                }
            };
            return Optional.of(new CublasLibrary(lib, candidate.toString()));
        } catch (IllegalArgumentException e) {
            failures.add(candidate + " did not load: " + oneLine(e.getMessage()));
        } catch (NoSuchElementException e) {
            failures.add(candidate + " is not cuBLAS 12 or 13: " + oneLine(e.getMessage()));
        }
        return Optional.empty();
    }

    /**
     * libcublas.so.N needs libcublasLt.so.N (ELF NEEDED). NVIDIA's builds find it through RUNPATH $ORIGIN, but a copy
     * without it, loaded by absolute path from a folder the loader does not search, would not: loading Lt from the
     * same folder first makes the loader match the NEEDED entry to the library already loaded (by its soname).
     */
    private static void preloadLt(Path cublas, Arena arena) {
        String name = cublas.getFileName().toString();
        if (!name.startsWith("libcublas.")) {
            return;
        }
        Path lt = cublas.resolveSibling("libcublasLt" + name.substring("libcublas".length()));
        if (Files.isRegularFile(lt)) {
            SymbolLookup.libraryLookup(lt, arena);
        }
    }

    /** Whether {@code file} starts as an ELF object does; checked before dlopen, which HotSpot warns about otherwise. */
    private static boolean isElf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), new byte[] {0x7f, 'E', 'L', 'F'});
        } catch (IOException e) {
            return false;
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    /** The file a loaded symbol comes from, by glibc's dladdr (in libc itself since glibc 2.34). */
    private static final class LoadedFile {
        private LoadedFile() {
        }

        static Optional<String> of(MemorySegment symbol) {
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> dladdr = linker.defaultLookup().find("dladdr");
            if (dladdr.isEmpty()) {
                return Optional.empty();
            }
            // int dladdr(const void* addr, Dl_info* info); Dl_info is {dli_fname, dli_fbase, dli_sname, dli_saddr}
            MethodHandle h = linker.downcallHandle(dladdr.get(), FunctionDescriptor.of(INT, ADDRESS, ADDRESS));
            try (Arena call = Arena.ofConfined()) {
                MemorySegment info = call.allocate(4 * ADDRESS.byteSize(), ADDRESS.byteSize());
                int found;
                try {
                    found = (int) h.invokeExact(symbol, info);
                } catch (Throwable t) {
                    throw new IllegalStateException("dladdr failed: " + t, t);
                }
                MemorySegment name = info.get(ADDRESS, 0);
                return found == 0 || name.address() == 0 ? Optional.empty()
                        : Optional.of(name.reinterpret(Integer.MAX_VALUE).getString(0));
            }
        }
    }
}
