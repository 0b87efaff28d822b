package dev.napkin.cli;

import dev.napkin.estimator.units.Si;

/**
 * What to tell a person whose JVM heap is too small for a bench: a heap size to ask for, never more than the
 * machine has (an -Xmx above physical memory starts, then swaps or is killed).
 */
final class HeapAdvice {
    private static final double GIB = 0x1p30;

    private HeapAdvice() {
    }

    /**
     * For a heap that must hold {@code needBytes}: twice that (room for activations beside the model states), or
     * the most this machine can give (nine tenths of {@code physicalBytes}, the rest for the OS), or, where even
     * that is short of {@code needBytes}, the plain fact and what to do instead.
     */
    static String forBytes(double needBytes, long physicalBytes) {
        long want = (long) Math.ceil(2 * needBytes / GIB);
        long most = (long) Math.floor(0.9 * physicalBytes / GIB);
        if (want <= most) {
            return "give the JVM more heap, e.g. NAPKIN_JAVA_OPTS=-Xmx" + want + "g ./napkin bench ...";
        }
        if (needBytes < most * GIB) {
            return "give the JVM as much heap as this machine's " + Si.gib(physicalBytes) + " allow, e.g. "
                    + "NAPKIN_JAVA_OPTS=-Xmx" + most + "g ./napkin bench ...";
        }
        return "this machine has " + Si.gib(physicalBytes) + " of memory in all, too little for that; bench a "
                + "smaller model (e.g. --model gpt2-small) or on a larger machine";
    }

    /** For a {@code --memory-limit} above the heap: a heap that holds it, or, beyond the machine, to lower it. */
    static String forLimit(double limitBytes, long physicalBytes) {
        long want = (long) Math.ceil(limitBytes / GIB) + 1;
        long most = (long) Math.floor(0.9 * physicalBytes / GIB);
        if (want <= most) {
            return "lower it, or give the JVM more heap, e.g. NAPKIN_JAVA_OPTS=-Xmx" + want + "g ./napkin bench ...";
        }
        return "lower it: this machine has " + Si.gib(physicalBytes) + " of memory in all";
    }
}
