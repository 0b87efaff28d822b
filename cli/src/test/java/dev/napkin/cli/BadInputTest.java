package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input: one line naming the value and the fix, exit code 2, no stack trace. */
class BadInputTest {
    private static void refused(String expectedFragment, String... args) {
        Run run = Run.of(args);
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(expectedFragment), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertTrue(run.out().isEmpty(), run.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--params '-5B' must be greater than zero|estimate --params -5B --tokens 15T",
        "--params '0' must be greater than zero|estimate --params 0 --tokens 15T",
        "--tokens 'NaN' is not a number|estimate --params 70B --tokens NaN",
        "--tokens '1e999' is too large|estimate --params 70B --tokens 1e999",
        "--params '7e18' is beyond a quadrillion parameters|estimate --params 7e18 --tokens 1T",
        "--tokens '1e20' is beyond 1e18 tokens|estimate --params 7B --tokens 1e20",
        "--gpus '1e9' is beyond ten million GPUs|estimate --params 7B --tokens 1T --gpus 1e9",
        "unknown GPU 'h10'; did you mean h100-sxm?|estimate --params 70B --tokens 15T --gpu h10",
        "--mfu '1.5' must be in (0, 1]|estimate --params 70B --tokens 15T --mfu 1.5",
        "--mfu '0' must be in (0, 1]|estimate --params 70B --tokens 15T --mfu 0",
        "--tokens is required|estimate --params 70B",
        "needs the model's shape|estimate --params 70B --tokens 15T --flops palm",
        "unknown FLOPs formula 'kaplan'|estimate --params 70B --tokens 15T --flops kaplan",
        "give --mfu or --achieved-tflops-per-gpu, not both|estimate --params 7B --tokens 1T --mfu 0.5 --achieved-tflops-per-gpu 300",
        "above h100-sxm's dense bf16 peak|estimate --params 7B --tokens 1T --achieved-tflops-per-gpu 2000",
        "v100-sxm2 has no published dense bf16 rate|estimate --params 7B --tokens 1T --gpu v100",
        "--tf32 goes with --precision fp32|estimate --params 7B --tokens 1T --tf32",
        "unknown precision 'fp4'|estimate --params 7B --tokens 1T --precision fp4",
        "give one model, not --params and --model|estimate --params 7B --model gpt2-small --tokens 1T",
        "no model given|memory --precision fp32",
        "does not divide --gpus 1024|memory --params 70B --gpus 1024 --tensor-parallel 3",
        "not --gpus 64|memory --params 70B --gpus 64 --data-parallel 3",
        "--zero 5 is not a ZeRO stage|memory --model llama3-8b --zero 5",
        "d_model 768 is not divisible by heads 10|memory --layers 12 --d-model 768 --heads 10 --vocab 50257",
        "--layers needs --d-model, --heads and --vocab|memory --layers 12",
        "unknown optimizer 'adamx'|memory --params 7B --optimizer adamx",
        "--batch must be at least 1|memory --model gpt2-small --batch 0 --seq 1024",
        "--seq without --batch|memory --model gpt2-small --seq 1024",
        "'80G' is ambiguous|fit --gpus 8 --memory-per-gpu 80G",
        "--gpus '-1' must be greater than zero|fit --gpus -1",
        "unknown model 'gpt2-smal'; did you mean gpt2-small?|models gpt2-smal",
        "Unknown options: '--parms', '70B'; did you mean --params?|estimate --parms 70B",
        "--format 'xml' is not known|dtypes --format xml",
        "Unmatched argument at index 0: 'estimat'; did you mean estimate|estimat",
        "config file '/nonexistent/config.json' does not exist|memory --config /nonexistent/config.json",
        "--seq 2048 is above gpt2-small's context 1024 (its learned position embedding has 1024 rows)|profile --model gpt2-small --seq 2048",
        "--batch must be at least 1|profile --model gpt2-small --batch 0",
        "--seq must be at least 1|profile --model gpt2-small --seq 0",
        "the profiler (it walks the model's ops) needs the model's shape|profile --params 7B",
        "--count 'fvcore' is not known; use one of full, thop|profile --model gpt2-small --count fvcore",
        "--by 'tree' is not known|profile --model gpt2-small --by tree",
        "--batch must be at least 1, got 0|bench --model gpt2-small --seq 64 --batch 0",
        "--seq 2048 is above gpt2-small's context 1024|bench --model gpt2-small --seq 2048",
        "--threads must be at least 1, got 0|bench --model gpt2-small --seq 64 --threads 0",
        "is below the 1.85 GiB that gpt2-small's weights, gradients and AdamW moments need|bench --model gpt2-small --seq 64 --memory-limit 1GiB",
        "give --batch N or --find-max-batch, not both|bench --model gpt2-small --seq 64 --batch 2 --find-max-batch",
        "--max-batch must be at least 1, got 0|bench --model gpt2-small --seq 64 --find-max-batch --max-batch 0",
        "--steps must be at least 1, got 0|bench --model gpt2-small --seq 64 --steps 0",
        "the harness trains GPT-2-style models; llama3-8b lacks a GELU MLP|bench --model llama3-8b --seq 64",
        "needs the model's shape|bench --params 7B",
        "--backend 'tpu' is not known|bench --backend tpu --model gpt2-small",
        "is more than the JVM heap has room for|bench --model gpt2-small --seq 64 --memory-limit 900GiB",
    })
    void oneLineExitTwo(String expected, String args) {
        refused(expected, args.split(" "));
    }

    @Test
    void malformedGpuFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"schema\": \"napkin-gpu-specs/1\", \"gpus\": [ {\"id\": ");
        refused("GPU spec file '" + file + "'", "gpus", "--gpu-specs", file.toString());
    }

    @Test
    void stacktraceOnRequest() {
        Run run = Run.of("estimate", "--params", "-5B", "--tokens", "15T", "--stacktrace");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("\tat "), run.err());
    }
}
