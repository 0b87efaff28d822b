package dev.napkin.lookup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a file a person named on the command line, at most {@code limit} bytes of it: {@code /dev/zero} or a
 * log given by mistake is refused in one line that names the limit, instead of filling the heap. Every failure is an
 * {@link IllegalArgumentException} that names the file and says what to do.
 */
public final class InputFiles {
    /** A Hugging Face config.json is a few KB (Llama 3 405B's is 1 KB). */
    public static final long CONFIG_LIMIT = 1 << 20;
    /** napkin's own GPU table, 35 GPUs with sources and notes, is 43 KB. */
    public static final long GPU_SPECS_LIMIT = 4 << 20;
    /** A bench result: a header and one row per probe, a few KB even for a long search. */
    public static final long BENCH_RESULT_LIMIT = 16 << 20;

    private InputFiles() {
    }

    /**
     * The file's bytes.
     *
     * @param whatItIs how messages name the file, e.g. "config file"
     * @param limit    the most bytes read; a longer file (or a device that never ends) is refused
     */
    public static byte[] read(Path file, String whatItIs, long limit) {
        String named = whatItIs + " '" + file + "'";
        if (file.toString().isEmpty()) {
            throw new IllegalArgumentException(whatItIs + " is an empty name; give the path of a file");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(named + " is a folder, not a file; give the path of the file in it");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw new IllegalArgumentException(named + " is larger than " + size(limit) + ", the most napkin "
                        + "reads for a " + whatItIs + "; check that it is the right file");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(named + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(named + " cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(named + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** {@code 1 MiB}, {@code 16 MiB}, {@code 512 KiB}. */
    static String size(long bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB"
                : bytes >= 1 << 10 ? String.format(Locale.ROOT, "%d KiB", bytes / (1 << 10)) : bytes + " bytes";
    }
}
