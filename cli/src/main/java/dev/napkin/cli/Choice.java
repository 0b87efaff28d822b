package dev.napkin.cli;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
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
    private final Map<String, E> byName = new LinkedHashMap<>();
    private final Map<String, E> byAlias = new LinkedHashMap<>();

    protected Choice(E[] values, Function<E, String> name) {
        this(values, name, value -> List.of());
    }

    /** With other spellings accepted but not listed (names scripts may already use). */
    protected Choice(E[] values, Function<E, String> name, Function<E, List<String>> aliases) {
        for (E value : values) {
            byName.put(name.apply(value).toLowerCase(Locale.ROOT), value);
            aliases.apply(value).forEach(alias -> byAlias.put(alias.toLowerCase(Locale.ROOT), value));
        }
    }

    @Override
    public final E convert(String text) {
        String key = text.strip().toLowerCase(Locale.ROOT);
        E value = byName.getOrDefault(key, byAlias.get(key));
        if (value == null) {
            throw new TypeConversionException(BadValue.of(text, "is not known; use " + Lists.orList(names())));
        }
        return value;
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    @Override
    public final Iterator<String> iterator() {
        return names().iterator();
    }
}
