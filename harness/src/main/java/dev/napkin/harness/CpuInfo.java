package dev.napkin.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the machine says about its CPU, for the record of a measurement. */
public final class CpuInfo {
    private CpuInfo() {
    }

    /** The "model name" line of /proc/cpuinfo (Linux), else the architecture. */
    public static String modelName() {
        return procCpuinfo().orElse(System.getProperty("os.arch"));
    }

    public static int logicalCores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The machine's memory in all (what the OS reports, before any container limit the JVM may see). */
    public static long physicalMemoryBytes() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
    }

    private static Optional<String> procCpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
