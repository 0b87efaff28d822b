package dev.napkin.harness.gpu.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where cuBLAS may be, in the order {@link CublasLibrary} tries it:
 * <ol>
 *   <li>the file named by the system property {@code napkin.cublas} or else the environment variable
 *       {@code NAPKIN_CUBLAS} (nothing else is tried when one is set);</li>
 *   <li>{@code libcublas.so.13}, {@code libcublas.so.12}, {@code libcublas.so} by name, where the dynamic linker
 *       looks (LD_LIBRARY_PATH, the ld.so cache);</li>
 *   <li>those files in known folders: {@code $CUDA_HOME/lib64}, {@code /usr/local/cuda/lib64},
 *       {@code /usr/local/cuda-X.Y/lib64} newest first, {@code /usr/lib/x86_64-linux-gnu}, then the folders of
 *       NVIDIA's pip wheels ({@code nvidia/cu13/lib} for CUDA 13, {@code nvidia/cublas/lib} for CUDA 12, where a
 *       pip-installed PyTorch keeps them) in {@code $VIRTUAL_ENV} and {@code $CONDA_PREFIX}, the system's and
 *       {@code /usr/local}'s dist- and site-packages, and {@code ~/.local}'s site-packages, newest Python first.</li>
 * </ol>
 * Fixed folders are looked up under {@code root} ({@code /} outside tests); folders from the environment are taken as
 * they are.
 */
record CublasSearch(Optional<Path> override, List<String> names, Map<String, String> env, Path root, Path home) {
    static final String PROPERTY = "napkin.cublas";
    static final String ENV = "NAPKIN_CUBLAS";
    /** Newest first: CUDA 13's library, then CUDA 12's, then an unversioned development link. */
    static final List<String> FILE_NAMES = List.of("libcublas.so.13", "libcublas.so.12", "libcublas.so");

    private static final List<String> WHEEL_FOLDERS = List.of("nvidia/cu13/lib", "nvidia/cublas/lib");
    private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?");

    /** Where to look, or a file, found somewhere. */
    sealed interface Candidate {
    }

    /** A file name for the dynamic linker to find. */
    record ByName(String name) implements Candidate {
        @Override
        public String toString() {
            return name + " (loader path)";
        }
    }

    /** A file that exists. */
    record ByPath(Path path) implements Candidate {
        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** This process's search: its system property or environment, the whole file system. */
    static CublasSearch system() {
        String property = System.getProperty(PROPERTY);
        String variable = System.getenv(ENV);
        String chosen = property != null && !property.isBlank() ? property : variable;
        Optional<Path> override = chosen == null || chosen.isBlank() ? Optional.empty() : Optional.of(Path.of(chosen));
        return new CublasSearch(override, FILE_NAMES, System.getenv(), Path.of("/"),
                Path.of(System.getProperty("user.home")));
    }

    /** Every candidate, in order; folders that do not exist and files not in them are left out. */
    List<Candidate> candidates() {
        List<Candidate> all = new ArrayList<>();
        if (override.isPresent()) {
            all.add(new ByPath(override.get()));
            return all;
        }
        for (String name : names) {
            all.add(new ByName(name));
        }
        for (Path folder : folders()) {
            for (String name : FILE_NAMES) {
                Path file = folder.resolve(name);
                if (Files.isRegularFile(file)) {
                    all.add(new ByPath(file));
                }
            }
        }
        return all;
    }

    /** The known folders that exist, in order, each once. */
    List<Path> folders() {
        Set<Path> folders = new LinkedHashSet<>();
        fromEnv("CUDA_HOME").map(p -> p.resolve("lib64")).ifPresent(folders::add);
        folders.add(root.resolve("usr/local/cuda/lib64"));
        for (Path cuda : newestFirst(root.resolve("usr/local"), "cuda-")) {
            folders.add(cuda.resolve("lib64"));
        }
        folders.add(root.resolve("usr/lib/x86_64-linux-gnu"));
        List<Path> packages = new ArrayList<>();
        fromEnv("VIRTUAL_ENV").ifPresent(venv -> packages.addAll(pythonFolders(venv.resolve("lib"), "site-packages")));
        fromEnv("CONDA_PREFIX").ifPresent(conda -> packages.addAll(pythonFolders(conda.resolve("lib"), "site-packages")));
        packages.addAll(pythonFolders(root.resolve("usr/lib"), "dist-packages"));
        packages.addAll(pythonFolders(root.resolve("usr/local/lib"), "dist-packages"));
        packages.addAll(pythonFolders(root.resolve("usr/local/lib"), "site-packages"));
        packages.addAll(pythonFolders(home.resolve(".local/lib"), "site-packages"));
        for (Path sitePackages : packages) {
            for (String wheel : WHEEL_FOLDERS) {
                folders.add(sitePackages.resolve(wheel));
            }
        }
        // /usr/local/cuda is usually a link to one of /usr/local/cuda-X.Y: each folder is tried once
        Set<Path> seen = new HashSet<>();
        return folders.stream().filter(Files::isDirectory).filter(f -> seen.add(realPath(f))).toList();
    }

    private static Path realPath(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            return folder.toAbsolutePath().normalize();
        }
    }

    private Optional<Path> fromEnv(String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** {@code lib/python3*}{@code /<kind>}, newest Python first. */
    private static List<Path> pythonFolders(Path lib, String kind) {
        return newestFirst(lib, "python3").stream().map(p -> p.resolve(kind)).toList();
    }

    /** The folders in {@code parent} named {@code prefix} followed by a version (or nothing), newest first. */
    private static List<Path> newestFirst(Path parent, String prefix) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> versionOf(p, prefix).isPresent())
                    .sorted(Comparator.comparing((Path p) -> versionOf(p, prefix).orElseThrow()).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + parent, e);
        }
    }

    /** "cuda-12.10" after "cuda-12.9"; "python3" (no minor) sorts below every "python3.N". */
    private static Optional<Version> versionOf(Path p, String prefix) {
        String rest = p.getFileName().toString().substring(prefix.length());
        if (rest.isEmpty()) {
            return Optional.of(new Version(-1, -1));
        }
        Matcher m = VERSION.matcher(rest.startsWith(".") ? rest.substring(1) : rest);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Version(Integer.parseInt(m.group(1)), m.group(2) == null ? -1 : Integer.parseInt(m.group(2))));
    }

    private record Version(int major, int minor) implements Comparable<Version> {
        @Override
        public int compareTo(Version o) {
            return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
        }
    }
}
