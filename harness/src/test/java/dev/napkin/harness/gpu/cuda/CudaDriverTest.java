package dev.napkin.harness.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.napkin.harness.BackendUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens before any JCuda call: the one library napkin ships out of JCuda's natives, its placement where
 * JCuda's LibUtils loads it from, and the one-line refusal where there is no driver (this machine, usually).
 */
class CudaDriverTest {
    @TempDir
    Path tmp;

    @Test
    void withoutADriverOpeningSaysSoInOneLineAndNamesTheCpuBackend() {
        assumeFalse(CudaDriver.driverFound(), "a CUDA driver is installed here");
        assertFalse(CudaDevice.available());
        assertEquals("no CUDA driver found (libcuda.so.1): use --backend cpu", CudaDevice.unavailableReason().orElseThrow());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> CudaDevice.open(0));
        assertEquals("no CUDA driver found (libcuda.so.1): use --backend cpu", e.getMessage());
    }

    @Test
    void onlyJCudasDriverLibraryIsShippedWhereLibUtilsLooks() throws IOException {
        assertEquals("/lib/libJCudaDriver-12.6.0-linux-x86_64.so", CudaDriver.JCUDA_RESOURCE);
        try (InputStream in = CudaDriver.class.getResourceAsStream(CudaDriver.JCUDA_RESOURCE)) {
            assertNotNull(in, "the harness build unpacks it from jcuda-natives");
            assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, in.readNBytes(4));
        }
        for (String unused : new String[] {"JCudaRuntime", "JNvrtc", "JNvPTXCompiler"}) {
            assertNull(CudaDriver.class.getResource("/lib/lib" + unused + "-12.6.0-linux-x86_64.so"),
                    unused + " is not needed and not shipped");
        }
    }

    @Test
    void theLibraryIsPlacedWithItsExactBytesAndAForeignFileIsReplaced() throws IOException {
        byte[] shipped;
        try (InputStream in = CudaDriver.class.getResourceAsStream(CudaDriver.JCUDA_RESOURCE)) {
            shipped = in.readAllBytes();
        }
        Path placed = CudaDriver.prepareLibrary(tmp);
        assertEquals(tmp.resolve("libJCudaDriver-12.6.0-linux-x86_64.so"), placed);
        assertArrayEquals(shipped, Files.readAllBytes(placed));

        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(placed, old);
        CudaDriver.prepareLibrary(tmp);
        assertEquals(old, Files.getLastModifiedTime(placed), "a correct file is left alone");

        Files.write(placed, new byte[] {1, 2, 3}); // truncated by a crashed run, or another version's
        CudaDriver.prepareLibrary(tmp);
        assertArrayEquals(shipped, Files.readAllBytes(placed));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no partial files left behind");
        }
    }

    @Test
    void aLibraryThatDoesNotLoadIsReportedByTheLinkersReason() {
        String libUtils = """
                Error while loading native library "JCudaDriver-12.6.0-linux-x86_64"
                Operating system name: Linux
                ---(start of nested stack traces)---
                Stack trace from the attempt to load the library as a file:
                java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path
                	at java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2458)
                Stack trace from the attempt to load the library as a resource:
                java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: version `GLIBC_2.99' not found
                	at java.base/jdk.internal.loader.NativeLibraries.load(Native Method)
                ---(end of nested stack traces)---
                """;
        assertEquals("/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: version `GLIBC_2.99' not found",
                CudaDriver.linkFailure(new UnsatisfiedLinkError(libUtils)));
        assertEquals("Could not initialize class jcuda.driver.JCudaDriver",
                CudaDriver.linkFailure(new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver")));
    }

    @Test
    void driverVersionsReadAsCudaVersions() {
        assertEquals("13.0", CudaDriver.cudaVersion(13000));
        assertEquals("12.8", CudaDriver.cudaVersion(12080));
        assertEquals("12.2", CudaDriver.cudaVersion(12020));
        assertEquals("11.4", CudaDriver.cudaVersion(11040));
    }
}
