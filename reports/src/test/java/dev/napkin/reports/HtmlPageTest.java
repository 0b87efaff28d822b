package dev.napkin.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class HtmlPageTest {
    private static final Table TABLE = Table.create("t", StringColumn.create("model", "a<b", "c"),
            LongColumn.create("weights_bytes", 1073741824L, 3221225472L),
            DoubleColumn.create("mfu", 0.462, Double.NaN), DoubleColumn.create("peak_flops_per_s", 989.5e12, 67e12));

    private static ReportPage page(List<String> warnings) {
        Section drawn = new Section("one", "One", "What & why.", List.of(), List.of(new TidyTable("t.csv", "Rows", TABLE)),
                List.of("a note"));
        Section skipped = Section.skipped("two", "Two", "Summary.", "nothing measured");
        return new ReportPage("A <report>", Fixtures.CONTEXT, List.of(drawn, skipped), warnings);
    }

    @Test // the command line, date, version and machine head the page; marked as napkin's for later replacement
    void headHasWhatMadeIt() {
        String html = HtmlPage.render(page(List.of()));
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html);
        assertTrue(html.contains(HtmlPage.GENERATOR_MARK + " 0.1.0-test\">"), html);
        assertTrue(html.contains("<title>A &lt;report&gt;</title>"), html);
        assertTrue(html.contains("<dt>command</dt><dd><code>napkin test --out r</code></dd>"), html);
        assertTrue(html.contains("<dt>created</dt><dd>2026-01-02 03:04:05 +00:00</dd>"), html);
        assertTrue(html.contains("<dt>napkin</dt><dd>0.1.0-test</dd>"), html);
        assertTrue(html.contains("<dt>machine</dt><dd>test machine, 2 cores</dd>"), html);
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("http"), "nothing fetched from elsewhere");
    }

    @Test // a table wider than the window scrolls inside its frame; a long command line wraps instead of widening the page
    void wideTablesScrollInsideThePage() {
        String html = HtmlPage.render(page(List.of()));
        assertTrue(html.matches("(?s).*\\.table-wrap \\{[^}]*max-width: 100%;[^}]*overflow-x: auto;.*"), html);
        assertTrue(html.contains("grid-template-columns: max-content minmax(0, 1fr)"), html);
        assertTrue(html.contains("dl.meta dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }"), html);
        assertEquals(html.split("<table").length - 1, html.split("<div class=\"table-wrap\">\n<table").length - 1,
                "every table in a scrolling frame");
    }

    @Test // values read as people read them: GiB, percent, SI FLOP/s; missing is a dash; text escaped
    void tablesAreRenderedInPlace() {
        String html = HtmlPage.render(page(List.of()));
        assertTrue(html.contains("<th>model</th><th class=\"num\">weights_bytes</th><th class=\"num\">mfu</th>"
                + "<th class=\"num\">peak_flops_per_s</th>"), html);
        assertTrue(html.contains("<tr><td>a&lt;b</td><td class=\"num\">1.00 GiB</td><td class=\"num\">46.2%</td>"
                + "<td class=\"num\">990 TFLOP/s</td></tr>"), html);
        assertTrue(html.contains("<tr><td>c</td><td class=\"num\">3.00 GiB</td><td class=\"num\">–</td>"
                + "<td class=\"num\">67.0 TFLOP/s</td></tr>"), html);
        assertTrue(html.contains("<p>Data: <a href=\"t.csv\">t.csv</a>, 2 rows"), html);
        assertTrue(html.contains("<p class=\"summary\">What &amp; why.</p>"), html);
    }

    @Test // a section without a chart says why where the chart would be; warnings head the page
    void notesAndWarningsAreShown() {
        String html = HtmlPage.render(page(List.of("x.json: skipped, not valid JSON")));
        assertTrue(html.contains("<div class=\"box warnings\"><strong>Input skipped or incomplete</strong>\n<ul>\n"
                + "<li>x.json: skipped, not valid JSON</li>"), html);
        assertTrue(html.contains("<li><a href=\"#two\">Two</a> (not drawn: see the note)</li>"), html);
        assertTrue(html.contains("<strong>Not drawn</strong>\n<ul>\n<li>nothing measured</li>"), html);
        assertTrue(html.contains("<strong>Not drawn</strong>\n<ul>\n<li>a note</li>"), html);
        assertEquals(1, html.split("<section id=\"two\">", -1).length - 1);
    }
}
