package dev.napkin.harness.gpu.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The fake cuBLAS of {@code src/test/native} (fake_cublas.c, fake_cublaslt.c), built by gcc into
 * {@code target/fake-cublas/libcublas.so.13} and {@code libcublasLt.so.13} (rebuilt when a source is newer), and its
 * {@code fake_cublas_*} controls. Without gcc the tests that need it skip, saying why.
 */
@SuppressWarnings("restricted") // FFM: the fake library is ours, its controls are declared below
final class FakeCublas {
    static final Path SOURCES = Path.of("src/test/native");
    static final Path OUT = Path.of("target/fake-cublas");

    private static Path built;
    private static SymbolLookup controls;

    private FakeCublas() {
    }

    static Optional<String> unavailableReason() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.empty()
                    : Optional.of("gcc does not run: the fake cuBLAS cannot be built");
        } catch (IOException e) {
            return Optional.of("gcc is not on the PATH: the tests of the cuBLAS binding build a fake cuBLAS with it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The fake {@code libcublas.so.13}, with {@code libcublasLt.so.13} beside it. */
    static synchronized Path library() {
        if (built == null) {
            try {
                Files.createDirectories(OUT);
                Path lt = OUT.resolve("libcublasLt.so.13").toAbsolutePath();
                Path cublas = OUT.resolve("libcublas.so.13").toAbsolutePath();
                if (stale(lt, "fake_cublaslt.c")) {
                    gcc("-shared", "-Wl,-soname,libcublasLt.so.13", "-o", lt.toString(),
                            SOURCES.resolve("fake_cublaslt.c").toAbsolutePath().toString());
                }
                if (stale(cublas, "fake_cublas.c") || Files.getLastModifiedTime(lt).compareTo(
                        Files.getLastModifiedTime(cublas)) > 0) {
                    // -ffp-contract=off: no fused multiply-adds but the explicit fmaf, as in Java's ReferenceGemm
                    gcc("-shared", "-ffp-contract=off", "-Wl,-soname,libcublas.so.13", "-o", cublas.toString(),
                            SOURCES.resolve("fake_cublas.c").toAbsolutePath().toString(), "-L" + OUT.toAbsolutePath(),
                            "-Wl,--no-as-needed", "-l:libcublasLt.so.13", "-lm");
                }
                built = cublas;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return built;
    }

    /** Copies the fake pair into {@code folder} (created), as a cuBLAS installation there would be. */
    static Path installIn(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.copy(library().resolveSibling("libcublasLt.so.13"), folder.resolve("libcublasLt.so.13"));
        return Files.copy(library(), folder.resolve("libcublas.so.13"));
    }

    /** The fake's control functions (the library loaded by the binding is the same one: dlopen shares it). */
    private static synchronized SymbolLookup controls() {
        if (controls == null) {
            SymbolLookup.libraryLookup(library().resolveSibling("libcublasLt.so.13"), Arena.global());
            controls = SymbolLookup.libraryLookup(library(), Arena.global());
        }
        return controls;
    }

    static int intControl(String name) {
        return (int) invoke(name, FunctionDescriptor.of(ValueLayout.JAVA_INT));
    }

    static long addressControl(String name) {
        return ((MemorySegment) invoke(name, FunctionDescriptor.of(ValueLayout.ADDRESS))).address();
    }

    static long sizeControl(String name) {
        return (long) invoke(name, FunctionDescriptor.of(ValueLayout.JAVA_LONG));
    }

    /** The next call of {@code function} returns {@code status}. */
    static void failNext(String function, int status) {
        MethodHandle h = Linker.nativeLinker().downcallHandle(controls().findOrThrow("fake_cublas_fail_next"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            h.invokeExact(arena.allocateFrom(function), status);
        } catch (Throwable t) {
            throw new IllegalStateException("fake_cublas_fail_next: " + t, t);
        }
    }

    private static Object invoke(String name, FunctionDescriptor descriptor) {
        MethodHandle h = Linker.nativeLinker().downcallHandle(controls().findOrThrow(name), descriptor);
        try {
            return h.invoke();
        } catch (Throwable t) {
            throw new IllegalStateException(name + ": " + t, t);
        }
    }

    private static boolean stale(Path output, String source) throws IOException {
        return !Files.exists(output) || Files.getLastModifiedTime(SOURCES.resolve(source))
                .compareTo(Files.getLastModifiedTime(output)) > 0;
    }

    private static void gcc(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("gcc", "-std=c11", "-O2", "-fPIC", "-Wall", "-Wextra",
                "-Werror"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("gcc could not build the fake cuBLAS:\n" + String.join(" ", command)
                        + "\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the fake cuBLAS", e);
        }
    }
}
