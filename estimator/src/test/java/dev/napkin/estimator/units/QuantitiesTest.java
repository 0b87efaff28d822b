package dev.napkin.estimator.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QuantitiesTest {
    @Test
    void countsTakeSiSuffixes() {
        assertEquals(70e9, Quantities.count("70B", "--params"));
        assertEquals(1.5e12, Quantities.count("1.5T", "--tokens"));
        assertEquals(15e12, Quantities.count("15e12", "--tokens"));
        assertEquals(124e6, Quantities.count("124m", "--params"));
        assertEquals(2000L, Quantities.wholeCount("2K", "--gpus"));
    }

    @Test
    void bytesDistinguishGbFromGib() {
        assertEquals(80e9, Quantities.bytes("80GB", "--memory-per-gpu"));
        assertEquals(80.0 * (1L << 30), Quantities.bytes("80GiB", "--memory-per-gpu"));
        assertEquals(512.0 * (1L << 20), Quantities.bytes("512 MiB", "--memory-limit"));
    }

    @Test
    void ambiguousAndBadValuesSayWhatToWrite() {
        assertEquals("--memory-per-gpu '80G' is ambiguous; write 80GB (powers of 1000) or 80GiB (powers of 1024)",
                assertThrows(IllegalArgumentException.class, () -> Quantities.bytes("80G", "--memory-per-gpu")).getMessage());
        assertEquals("--params '-5B' must be greater than zero",
                assertThrows(IllegalArgumentException.class, () -> Quantities.count("-5B", "--params")).getMessage());
        assertEquals("--params 'NaN' is not a number; write it as 70B, 1.5T, 15e12 or 124M",
                assertThrows(IllegalArgumentException.class, () -> Quantities.count("NaN", "--params")).getMessage());
        assertEquals("--tokens '1e999' is too large to be meant",
                assertThrows(IllegalArgumentException.class, () -> Quantities.count("1e999", "--tokens")).getMessage());
        assertEquals("--gpus '2.5' must be a whole number",
                assertThrows(IllegalArgumentException.class, () -> Quantities.wholeCount("2.5", "--gpus")).getMessage());
        assertEquals("--params '70X' has an unknown suffix 'X'; use K, M, B (or G), T or P, e.g. 70B or 15e12",
                assertThrows(IllegalArgumentException.class, () -> Quantities.count("70X", "--params")).getMessage());
    }

    @Test
    void fractionsAcceptPercent() {
        assertEquals(0.5, Quantities.fraction("50%", "--mfu"));
        assertEquals(0.45, Quantities.fraction("0.45", "--mfu"));
        assertEquals("--mfu '1.2' must be in (0, 1], e.g. 0.5 or 50%",
                assertThrows(IllegalArgumentException.class, () -> Quantities.fraction("1.2", "--mfu")).getMessage());
    }

    @Test
    void formatting() {
        assertEquals("124.4M", Si.count(124_439_808));
        assertEquals("70B", Si.count(70e9));
        assertEquals("3.14e+23", Si.sci(3.14e23));
        assertEquals("74.51 GiB", Si.gib(80e9));
    }

    @Test // small ones too: 64 MiB, a toy model's whole training step, is not "0.06 GiB"
    void smallBytesInTheirOwnUnit() {
        assertEquals("64.00 MiB", Si.bytes(64 * 0x1p20));
        assertEquals("9.54 MiB", Si.bytes(10e6));
        assertEquals("1.50 KiB", Si.bytes(1536));
        assertEquals("512 B", Si.bytes(512));
        assertEquals("0 B", Si.bytes(0));
        assertEquals("74.51 GiB", Si.bytes(80e9));
    }

    @Test // huge values in a unit a person reads: never "3604890607408464000000000.00 GiB" or "30345144614.636 ms"
    void hugeValuesAreScaled() {
        assertEquals("9999.00 GiB", Si.gib(9999 * 0x1p30));
        assertEquals("9.77 TiB", Si.gib(10_000 * 0x1p30));
        assertEquals("2048.00 PiB", Si.gib(2 * 0x1p60));
        assertEquals("19.53 EiB", Si.gib(20_000 * 0x1p50));
        assertEquals("3.36e+15 EiB", Si.gib(3604890607408464000000000.0 * 0x1p30));
        assertEquals("12.345 ms", Si.duration(0.012345));
        assertEquals("42.00 s", Si.duration(42));
        assertEquals("3.00 h", Si.duration(3 * 3600));
        assertEquals("351.22 days", Si.duration(30345144.614636));
        assertEquals("3.51e+05 days", Si.duration(30345144614.636));
    }

    @Test // "80" meant as 80 GB would be 80 bytes: a bare number is refused, "80B" is bytes on purpose
    void bareMemoryNumberIsRefused() {
        assertEquals("--memory-per-gpu '80' has no unit; write 80GB (powers of 1000) or 80GiB (powers of 1024)",
                assertThrows(IllegalArgumentException.class, () -> Quantities.bytes("80", "--memory-per-gpu"))
                        .getMessage());
        assertEquals(80, Quantities.bytes("80B", "--memory-per-gpu"));
    }

    @Test // a whole-number list item is not a parameter count: its example is a whole number
    void wholeCountExample() {
        assertEquals("--batches 'x' is not a number; write it as a whole number such as 8 or 1K",
                assertThrows(IllegalArgumentException.class, () -> Quantities.wholeCount("x", "--batches")).getMessage());
    }
}
