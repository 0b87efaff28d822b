package dev.napkin.cli;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An option that takes one of a fixed set of names: picocli converts with it (case and surrounding blanks ignored)
 * and lists its names in completions and {@code ${COMPLETION-CANDIDATES}}, so the names --help shows are the names
 * accepted. A wrong name gets the message every option's bad value gets: "--flag 'value' is not known; use a, b or c".
 *
 * @param <E> what a name stands for
 */
abstract class Choice<E> implements ITypeConverter<E>, Iterable<String> {
    // built on first use: picocli makes every command's converters to parse any one command line
    private Map<String, E> byName;
    private Map<String, E> byAlias;

    /** What the names stand for, in the order help lists them. */
    abstract E[] values();

    /** The name of one value, as the option takes it. */
    abstract String name(E value);

    /** Other spellings accepted but not listed (names scripts may already use). */
    List<String> aliases(E value) {
        return List.of();
    }

    private void build() {
        if (byName != null) {
            return;
        }
        byName = new LinkedHashMap<>();
        byAlias = new LinkedHashMap<>();
        for (E value : values()) {
            byName.put(name(value).toLowerCase(Locale.ROOT), value);
            aliases(value).forEach(alias -> byAlias.put(alias.toLowerCase(Locale.ROOT), value));
        }
    }

    @Override
    public final E convert(String text) {
        build();
        String key = text.strip().toLowerCase(Locale.ROOT);
        E value = byName.getOrDefault(key, byAlias.get(key));
        if (value == null) {
            throw new TypeConversionException(BadValue.of(text, "is not known; use " + Lists.orList(names())));
        }
        return value;
    }

    List<String> names() {
        build();
        return List.copyOf(byName.keySet());
    }

    @Override
    public final Iterator<String> iterator() {
        return names().iterator();
    }
}
