package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples the foundation issue says must hold, run through the real command line. */
class CommandsTest {
    @Test // CS336 lecture 2: 6·70e9·15e12 / (1024 · 989.5e12 · 0.5) = 143.93 days
    void estimateSeventyBOnFifteenTOnH100s() {
        Run run = Run.of("estimate", "--params", "70B", "--tokens", "15T", "--gpus", "1024", "--gpu", "h100-sxm",
                "--mfu", "0.5", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = run.json();
        assertEquals(143.93, json.get("days").asDouble(), 0.005 * 143.93);
        assertEquals(6.3e24, json.get("total_flops").asDouble(), 1e15);
        assertEquals(json.get("days").asDouble() * 86400, json.get("seconds").asDouble(), 1e-3);
        assertEquals(json.get("seconds").asDouble() * 1024 / 3600, json.get("gpu_hours").asDouble(), 1e-3);
        assertEquals("6pt", json.get("formula").asText());
    }

    @Test // GPT-3 paper, table D.1: 3.14e23 FLOPs
    void gpt3Compute() {
        JsonNode json = Run.of("estimate", "--model", "gpt3-175b", "--tokens", "300B", "--format", "json").json();
        assertEquals(3.14e23, json.get("total_flops").asDouble(), 0.005 * 3.14e23);
    }

    @Test // CS336 lecture 2: 8 x 80e9 / 16 = 4e10
    void fitLargestModel() {
        Run run = Run.of("fit", "--gpus", "8", "--gpu", "h100-sxm", "--precision", "fp32", "--optimizer", "adamw",
                "--memory-per-gpu", "80GB", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(4.0e10, run.json().get("max_params").asDouble());
        assertEquals(16, run.json().get("bytes_per_param").asDouble());
    }

    @Test
    void fitWithoutMemoryUsesTheCardAndSaysSo() {
        JsonNode json = Run.of("fit", "--gpus", "8", "--gpu", "h100-sxm", "--precision", "fp32", "--optimizer", "adamw",
                "--format", "json").json();
        assertEquals(80.0 * (1L << 30), json.get("memory_per_gpu_bytes").asDouble());
        assertTrue(json.get("memory_source").asText().startsWith("h100-sxm capacity"), json.toString());
        assertEquals(8 * 80.0 * (1L << 30) / 16, json.get("max_params").asDouble(), 1);
    }

    @Test // the README's fit example: GPT-2 small at T = 1024 on an A100 80GB, largest micro-batch 60
    void fitLargestBatchOfAModel() {
        JsonNode json = Run.of("fit", "--model", "gpt2-small", "--gpu", "a100", "--seq", "1024", "--format", "json").json();
        assertEquals(60, json.get("max_batch").asInt(), json.toString());
        assertTrue(json.get("max_params").isNull());
    }

    @Test // at T = 1e6 (rotary positions accept it) the 100.41 GiB of model states fit an H200's 141 GiB; it is one
    // sequence's activations that do not (a learned-position model such as GPT-2 refuses such a --seq outright)
    void fitSaysWhatDoesNotFit() {
        Run run = Run.of("fit", "--model", "llama2-7b", "--gpu", "h200", "--seq", "1000000");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("none: one sequence's activations and logits do not fit in the 40.59 GiB the "
                + "model states leave"), run.out());
        assertFalse(run.out().contains("model states alone"), run.out());
        assertTrue(run.out().contains("--seq 1000000 is longer than llama2-7b's context 4096"), run.out());
    }

    @Test // a step of ten million sequences: seconds and days, never "30345144614.636 ms"; no 13-digit figure anywhere
    void hugeValuesPrintScaled() {
        Run run = Run.of("profile", "--model", "gpt2-small", "--batch", "10000000", "--gpu", "h100-sxm");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().matches("(?s).*\\d{13}.*"), run.out());
        assertTrue(run.out().contains(" h at best") || run.out().contains(" days at best"), run.out());
    }

    @Test // the safety net where output is rendered: a report holding Infinity is our bug, not printed
    void nonFiniteNumbersAreNeverPrinted() {
        Report infinite = () -> "  time  Infinity days\n";
        java.io.StringWriter out = new java.io.StringWriter();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Output.print(infinite, OutputFormat.TABLE, new java.io.PrintWriter(out)));
        assertTrue(e.getMessage().contains("not a finite number"), e.getMessage());
        assertEquals("", out.toString());
        record Days(double days) implements Report {
            @Override
            public String table() {
                return "";
            }
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Output.print(new Days(Double.POSITIVE_INFINITY), OutputFormat.JSON, new java.io.PrintWriter(out)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Output.print(new Days(Double.NaN), OutputFormat.CSV, new java.io.PrintWriter(out)));
        assertEquals("", out.toString());
    }

    @Test
    void memoryOfFortyBillionInFp32Adamw() {
        Run run = Run.of("memory", "--params", "40B", "--precision", "fp32", "--optimizer", "adamw", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = run.json();
        assertEquals(16, json.get("bytes_per_param").asDouble());
        assertEquals(640e9, json.get("total_bytes").asDouble());
        JsonNode b = json.get("breakdown");
        for (String key : List.of("weights", "gradients", "optimizer_state", "master_weights", "activations", "logits")) {
            assertTrue(b.has(key), key);
        }
        assertEquals(160e9, b.get("weights").asDouble());
        assertEquals(320e9, b.get("optimizer_state").asDouble());
    }

    @Test
    void memoryWithActivations() {
        JsonNode json = Run.of("memory", "--model", "gpt2-small", "--batch", "8", "--seq", "1024", "--format", "json").json();
        assertTrue(json.get("activations_counted").asBoolean());
        assertTrue(json.get("breakdown").get("activations").asDouble() > 0);
        assertEquals(1024.0 * 8 * 50257 * (2 + 4), json.get("breakdown").get("logits").asDouble());
    }

    @Test
    void modelsShowsTheExactCountAndShape() {
        JsonNode json = Run.of("models", "gpt2-small", "--format", "json").json();
        assertEquals(124_439_808L, json.get("params").asLong());
        assertEquals(12, json.get("shape").get("layers").asInt());
        assertEquals(768, json.get("shape").get("d_model").asInt());
        String list = Run.of("models").out();
        for (String id : List.of("gpt2-small", "gpt2-medium", "gpt2-large", "gpt2-xl", "gpt3-175b", "llama2-7b",
                "llama2-13b", "llama2-70b", "llama3-8b", "llama3-70b", "llama3-405b", "mistral-7b", "mixtral-8x7b",
                "chinchilla-70b")) {
            assertTrue(list.contains(id + " "), id);
        }
    }

    // Raschka's flops-analysis notebook (LLMs-from-scratch, ch04/02_performance-analysis): thop counts 5.1e11
    // FLOPs for GPT-2 small forward at batch 2 x 1024
    @Test
    void profileThopAndFullJson() {
        JsonNode thop = Run.of("profile", "--model", "gpt2-small", "--batch", "2", "--seq", "1024", "--count", "thop",
                "--format", "json").json();
        assertEquals("5.1e+11", String.format(java.util.Locale.ROOT, "%.1e", thop.get("forward_flops").asDouble()));
        Run run = Run.of("profile", "--model", "gpt2-small", "--batch", "2", "--seq", "1024", "--gpu", "h100-sxm",
                "--dtype", "bf16", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = run.json();
        for (String key : List.of("forward_flops", "backward_flops", "params", "ratio_to_6pt", "ops")) {
            assertTrue(json.has(key), key);
        }
        assertEquals(124_439_808L, json.get("params").asLong());
        JsonNode op = json.get("ops").get(0);
        for (String key : List.of("name", "kind", "layer", "forward_flops", "backward_flops", "params", "bytes_read",
                "bytes_written", "activation_bytes", "time_s", "bound")) {
            assertTrue(op.has(key), key);
        }
        double sum = 0;
        for (JsonNode o : json.get("ops")) {
            sum += o.get("time_s").asDouble();
        }
        assertEquals(json.get("roofline").get("step_time_s").asDouble(), sum, 1e-12);
        assertTrue(Run.of("profile", "--model", "gpt2-small", "--by", "layer").out().contains("layer 11:"));
        assertEquals(Run.of("profile", "--model", "gpt2-small", "--format", "csv").out().lines().count(),
                1 + json.get("ops").size());
    }

    @Test
    void gpusTableAndOne() {
        assertTrue(Run.of("gpus").out().contains("h100-sxm"));
        JsonNode one = Run.of("gpus", "h100", "--format", "json").json();
        assertEquals("h100-sxm", one.get("id").asText());
        assertEquals(989.5e12, one.get("peak_bf16_flops_per_sec").asDouble());
    }

    @Test
    void userGpuFileAddsAnEntry(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, """
                {"schema": "napkin-gpu-specs/1", "gpus": [{
                  "id": "my-card", "name": "My Card", "aliases": [], "vendor": "Acme", "form_factor": "PCIe",
                  "memory_bytes": 51539607552, "memory_bandwidth_bytes_per_sec": 2e12,
                  "peak_fp64_flops_per_sec": null, "peak_fp32_flops_per_sec": 50e12, "peak_tf32_flops_per_sec": null,
                  "peak_fp16_flops_per_sec": 400e12, "peak_bf16_flops_per_sec": 400e12,
                  "peak_fp8_flops_per_sec": null, "peak_int8_ops_per_sec": null, "tdp_watts": 500,
                  "intra_node_link": "PCIe", "intra_node_link_bytes_per_sec": null,
                  "source": "https://example.com/my-card.pdf"}]}""");
        Run run = Run.of("estimate", "--params", "7B", "--tokens", "1T", "--gpu", "my-card", "--gpu-specs",
                file.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(400e12, run.json().get("peak_flops_per_sec_per_gpu").asDouble());
    }

    @Test // CSV: the header is the JSON keys flattened, one row
    void csvOfAnEstimate() {
        String csv = Run.of("estimate", "--params", "70B", "--tokens", "15T", "--gpus", "1024", "--format", "csv").out();
        String[] lines = csv.split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("model.id,model.description,model.params,model.active_params,model.shape,tokens,"),
                lines[0]);
        assertTrue(lines[1].startsWith("params,a 70B-parameter model,70000000000,70000000000,,15000000000000,"), lines[1]);
    }

    @Test
    void dtypesCsvIsExact() {
        String csv = Run.of("dtypes", "--format", "csv").out();
        String[] lines = csv.split("\n");
        assertEquals("id,description,bits,storage_bytes,sign_bits,exponent_bits,mantissa_bits,max,min,smallest_normal,"
                + "smallest_subnormal,epsilon", lines[0]);
        assertEquals("fp16,IEEE 754 half,16,2,1,5,10,65504,-65504,6.103515625E-5,5.960464477539063E-8,9.765625E-4",
                lines[3]);
    }

    @Test
    void demoRunsAndAnswersTheLecture(@TempDir Path reports) {
        Run run = Run.of("demo", "--report-dir", reports.resolve("table").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("143.9 days"), run.out());
        assertTrue(run.out().contains("4.00e+10 parameters"), run.out());
        JsonNode json = Run.of("demo", "--format", "json", "--report-dir", reports.resolve("json").toString()).json();
        assertTrue(json.get("published_runs").size() >= 6);
        // the last scenario is a real batch search on this CPU: a measured batch, the estimator within one
        JsonNode cpu = json.get("scenarios").get(json.get("scenarios").size() - 1);
        assertTrue(cpu.get("command").asText().startsWith("napkin bench"), cpu.toString());
        assertTrue(cpu.get("value").asInt() >= 1, cpu.toString());
        assertTrue(cpu.get("answer").asText().matches("(\\d+) sequences measured, \\d+ predicted; .*"), cpu.toString());
    }

    @Test
    void everyCommandHelpHasAWorkedExample() {
        for (String command : List.of("estimate", "memory", "fit", "profile", "bench", "gpus", "models", "dtypes", "demo",
                "report", "sweep")) {
            Run run = Run.of(command, "--help");
            assertEquals(0, run.exitCode(), command);
            assertTrue(run.out().contains("Example"), command + ": " + run.out());
            assertTrue(run.out().contains("  napkin " + command), command);
        }
        assertFalse(Run.of("--help").out().isBlank());
    }
}
