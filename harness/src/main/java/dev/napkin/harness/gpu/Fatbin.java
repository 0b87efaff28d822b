package dev.napkin.harness.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * napkin's kernels as the CUDA device loads them: one fatbin (the resource {@link #RESOURCE}), holding a cubin per
 * GPU architecture and PTX for later ones. {@link #entries()} reads its table of contents, so tests and error
 * messages can say which architectures it carries. The container layout (a 16-byte header with magic 0xBA55ED50,
 * then entries with a kind (1 PTX, 2 ELF cubin), an architecture and a payload size) is the one CUDA's fatbinary
 * writes and cuobjdump lists; the layout of its fields follows LLVM's and the CUDA toolkit's fatbinary readers.
 */
public record Fatbin(byte[] bytes) {
    public static final String RESOURCE = "/dev/napkin/harness/gpu/napkin-kernels.fatbin";

    private static final int MAGIC = 0xBA55ED50;
    private static final long COMPRESSED = 0x2000;
    private static final Pattern PTX_VERSION = Pattern.compile("^\\.version (\\d+\\.\\d+)$", Pattern.MULTILINE);

    /** One image: a cubin (ELF) or PTX text, for {@code sm_<arch>}. */
    public record Entry(Kind kind, int arch, boolean compressed, byte[] payload) {
        /** The PTX ISA version a PTX entry declares. */
        public Optional<String> ptxVersion() {
            if (kind != Kind.PTX || compressed) {
                return Optional.empty();
            }
            Matcher m = PTX_VERSION.matcher(new String(payload, StandardCharsets.US_ASCII));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    public enum Kind {
        PTX, CUBIN
    }

    /** The fatbin shipped in the harness jar. */
    public static Fatbin shipped() {
        try (InputStream in = Fatbin.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the kernel fatbin " + RESOURCE + " is missing from the jar");
            }
            return new Fatbin(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The images it holds, in order. */
    public List<Entry> entries() {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 16 || b.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a CUDA fatbin (no 0xBA55ED50 magic)");
        }
        int headerSize = Short.toUnsignedInt(b.getShort(6));
        long end = headerSize + b.getLong(8);
        List<Entry> entries = new ArrayList<>();
        long at = headerSize;
        while (at < end) {
            int o = Math.toIntExact(at);
            int kind = Short.toUnsignedInt(b.getShort(o));
            int entryHeader = b.getInt(o + 4);
            long payloadSize = b.getLong(o + 8);
            int arch = b.getInt(o + 28);
            long flags = b.getLong(o + 40);
            byte[] payload = new byte[Math.toIntExact(payloadSize)];
            b.get(o + entryHeader, payload);
            entries.add(new Entry(kind == 1 ? Kind.PTX : Kind.CUBIN, arch, (flags & COMPRESSED) != 0, payload));
            at += entryHeader + payloadSize;
        }
        return entries;
    }
}
