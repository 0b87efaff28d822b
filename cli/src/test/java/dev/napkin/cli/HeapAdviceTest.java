package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The heap napkin bench suggests is one this machine has. */
class HeapAdviceTest {
    private static final double GIB = 0x1p30;

    @Test // GPT-2 XL's 23.21 GiB of model states on a 23.54 GiB machine: twice the states (-Xmx47g) cannot start
    void neverAboveThePhysicalMemory() {
        String advice = HeapAdvice.forBytes(23.21 * GIB, (long) (23.54 * GIB));
        assertTrue(advice.startsWith("this machine has 23.54 GiB of memory in all, too little for that"), advice);
    }

    @Test
    void twiceTheStatesWhereTheMachineHasThem() {
        assertEquals("give the JVM more heap, e.g. NAPKIN_JAVA_OPTS=-Xmx4g ./napkin bench ...",
                HeapAdvice.forBytes(1.85 * GIB, 64L << 30));
    }

    @Test // the states fit in nine tenths of the machine, twice them do not: offer the most it has
    void theMostTheMachineHas() {
        assertEquals("give the JVM as much heap as this machine's 32.00 GiB allow, e.g. NAPKIN_JAVA_OPTS=-Xmx28g"
                + " ./napkin bench ...", HeapAdvice.forBytes(20 * GIB, 32L << 30));
    }

    @Test
    void aMemoryLimitBeyondTheMachineIsLowered() {
        assertEquals("lower it: this machine has 23.54 GiB of memory in all",
                HeapAdvice.forLimit(100 * GIB, (long) (23.54 * GIB)));
        assertEquals("lower it, or give the JVM more heap, e.g. NAPKIN_JAVA_OPTS=-Xmx9g ./napkin bench ...",
                HeapAdvice.forLimit(8 * GIB, 64L << 30));
    }
}
