package dev.napkin.cli;

import dev.napkin.reports.ReportFolder;
import dev.napkin.reports.ReportPage;
import dev.napkin.reports.Reports;
import dev.napkin.reports.harness.BatchSearchRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The demo's last step: its report folder with all six charts. {@code measured} are batch searches the demo ran
 * (chart 1); without them chart 1 is left out, and the reason printed.
 */
final class DemoFolder {
    private DemoFolder() {
    }

    static void write(Path dir, List<BatchSearchRun> measured, OutputFormat format, CommandSpec spec) {
        ReportPage page = Reports.demo(measured, ReportContexts.of(spec));
        ReportFolder.Written written = ReportFolder.write(dir, page);
        FolderReport r = FolderReport.of("demo", written, page);
        // JSON and CSV on stdout stay machine-readable: the folder is announced on stderr for them
        PrintWriter out = format == OutputFormat.TABLE ? spec.commandLine().getOut() : spec.commandLine().getErr();
        out.println();
        out.println("Report: " + r.charts() + " charts and " + r.tables() + " tables in " + r.folder() + "; open "
                + r.index() + " in a browser.");
        for (String n : r.notDrawn()) {
            out.println("  not drawn: " + n);
        }
        out.flush();
    }
}
