package dev.napkin.harness.gpu.cuda;

import dev.napkin.harness.BackendUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import jcuda.CudaException;
import jcuda.JCudaVersion;
import jcuda.driver.JCudaDriver;

/**
 * Whether the CUDA driver can be reached here, and JCuda's driver library made ready before the first
 * {@code JCudaDriver} call.
 *
 * <p>JCudaDriver's static initializer loads {@code libJCudaDriver-<version>-linux-x86_64.so} through JCuda's
 * LibUtils: first by {@code System.loadLibrary} from {@code java.library.path}, then from the class-path resource
 * {@code /lib/<that file>}, which it writes to {@code java.io.tmpdir} under the same name unless a file of that name
 * is already there (jcuda/jcuda, LibUtils.loadLibraryResource). napkin ships that one resource (the harness pom
 * unpacks it from jcuda-natives at build time) and, before JCudaDriver is touched, puts its exact bytes at that
 * temporary path, so that a truncated or foreign file left there by another run cannot be loaded in its place.
 * The library links {@code libcuda.so.1} (ELF NEEDED), so without a driver it cannot load at all: that is checked
 * first, with the dynamic linker itself, and reported as one line.
 */
@SuppressWarnings("restricted") // FFM: dlopen of libcuda.so.1, only to learn whether the dynamic linker finds it
final class CudaDriver {
    static final String DRIVER_LIBRARY = "libcuda.so.1";
    static final String NO_DRIVER = "no CUDA driver found (" + DRIVER_LIBRARY + "): use --backend cpu";
    /** JCuda's platform name for Linux on x86-64 (LibUtils.createPlatformLibraryName): the only one napkin ships. */
    static final String JCUDA_LIBRARY = "libJCudaDriver-" + JCudaVersion.get() + "-linux-x86_64.so";
    static final String JCUDA_RESOURCE = "/lib/" + JCUDA_LIBRARY;

    private CudaDriver() {
    }

    /** Why the CUDA backend cannot run here, as one line that ends with what to use instead; empty when it can. */
    static Optional<String> unavailableReason() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.of("napkin's CUDA backend ships JCuda's driver library for linux-x86_64 only, not "
                    + System.getProperty("os.name") + " " + arch + ": use --backend cpu");
        }
        if (CudaDriver.class.getResource(JCUDA_RESOURCE) == null) {
            return Optional.of("this napkin build lacks JCuda's driver library (" + JCUDA_RESOURCE
                    + " on the class path): rebuild it with Maven, or use --backend cpu");
        }
        return driverFound() ? Optional.empty() : Optional.of(NO_DRIVER);
    }

    /** Whether the dynamic linker finds libcuda.so.1 (dlopen by name: LD_LIBRARY_PATH, the ld.so cache). */
    static boolean driverFound() {
        try (Arena probe = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(DRIVER_LIBRARY, probe);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Readies JCuda (its library in place, exceptions on) and initializes the driver.
     *
     * @throws BackendUnavailableException (one line) if JCuda's library cannot be placed or loaded, or there is no GPU
     */
    static void initialize() {
        try {
            prepareLibrary();
        } catch (UncheckedIOException e) {
            throw new BackendUnavailableException(e.getMessage() + " (" + e.getCause().getMessage()
                    + "): point -Djava.io.tmpdir at a writable folder, or use --backend cpu");
        }
        try {
            JCudaDriver.setExceptionsEnabled(true); // runs JCudaDriver's static initializer, which loads its library
        } catch (LinkageError e) { // UnsatisfiedLinkError, or NoClassDefFoundError when it failed before
            throw new BackendUnavailableException("JCuda's driver library did not load (" + linkFailure(e)
                    + "): use --backend cpu");
        }
        try {
            JCudaDriver.cuInit(0);
        } catch (CudaException e) {
            if ("CUDA_ERROR_NO_DEVICE".equals(e.getMessage())) {
                throw new BackendUnavailableException("no CUDA GPU found (cuInit: CUDA_ERROR_NO_DEVICE): use --backend cpu");
            }
            throw CudaErrors.failure("cuInit", e.getMessage());
        }
    }

    /**
     * The dynamic linker's reason out of LibUtils's many-line message (the stack traces of both of its attempts):
     * the last nested UnsatisfiedLinkError's text, e.g. a missing GLIBC version, else the first line.
     */
    static String linkFailure(LinkageError e) {
        String message = String.valueOf(e.getMessage());
        String marker = "UnsatisfiedLinkError: ";
        return message.lines().filter(l -> l.contains(marker)).reduce((first, second) -> second)
                .map(l -> l.substring(l.indexOf(marker) + marker.length()).strip())
                .orElse(message.lines().findFirst().orElse(e.getClass().getSimpleName()));
    }

    /** Puts the shipped library at the path LibUtils loads it from; {@code tmpdir} is {@code java.io.tmpdir}. */
    static Path prepareLibrary(Path tmpdir) {
        byte[] shipped;
        try (InputStream in = CudaDriver.class.getResourceAsStream(JCUDA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("JCuda's driver library " + JCUDA_RESOURCE + " is not on the class path");
            }
            shipped = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + JCUDA_RESOURCE, e);
        }
        Path target = tmpdir.resolve(JCUDA_LIBRARY);
        try {
            if (Files.isRegularFile(target) && Files.size(target) == shipped.length
                    && Arrays.equals(Files.readAllBytes(target), shipped)) {
                return target;
            }
            Files.createDirectories(tmpdir);
            // written beside the target and renamed over it: a concurrent run sees the old file or the whole new one
            Path partial = Files.createTempFile(tmpdir, "napkin-jcuda-", ".so.partial");
            try {
                Files.write(partial, shipped);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("writing JCuda's driver library to " + target, e);
        }
    }

    static Path prepareLibrary() {
        return prepareLibrary(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** cuDriverGetVersion's 1000·major + 10·minor as {@code major.minor}: 12020 is 12.2 (CUDA driver API guide). */
    static String cudaVersion(int driverVersion) {
        return driverVersion / 1000 + "." + driverVersion % 1000 / 10;
    }
}
