package dev.napkin.reports;

import java.time.format.DateTimeFormatter;

/**
 * The report's {@code index.html}: one self-contained page (styles inline, no scripts, nothing fetched) with
 * what made it, a contents list, each section's charts by relative link, its tables rendered in place with a link
 * to the CSV, and every warning and note.
 */
final class HtmlPage {
    /** Marks a page as napkin's, so that a later report may replace it (see {@link ReportFolder}). */
    static final String GENERATOR_MARK = "<meta name=\"generator\" content=\"napkin";

    /** Tables longer than this start folded, so the charts stay close together. */
    private static final int OPEN_ROWS = 30;

    private static final String STYLE = """
            body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1d2430;
                   margin: 0; background: #f6f7f9; }
            main { max-width: 1720px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
            h1 { font-size: 28px; margin: 0 0 8px; }
            h2 { font-size: 22px; margin: 40px 0 8px; padding-top: 16px; border-top: 1px solid #dde1e6; }
            h3 { font-size: 16px; margin: 24px 0 6px; }
            code { font: 13px/1.4 "DejaVu Sans Mono", ui-monospace, monospace; background: #eef1f4; padding: 1px 4px;
                   border-radius: 3px; }
            dl.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 16px; margin: 12px 0 20px; }
            dl.meta dt { color: #5b6573; }
            dl.meta dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
            nav ul { margin: 4px 0 0; padding-left: 22px; }
            .summary { max-width: 920px; }
            .box { border-left: 4px solid; padding: 8px 14px; margin: 12px 0; border-radius: 0 4px 4px 0; }
            .box ul { margin: 4px 0; padding-left: 20px; }
            .warnings { border-color: #c98a00; background: #fff7e0; }
            .notes { border-color: #3b73b9; background: #eef4fb; }
            figure { margin: 16px 0 24px; }
            figure img { max-width: 100%; height: auto; border: 1px solid #dde1e6; }
            figcaption { color: #5b6573; font-size: 14px; margin-top: 4px; }
            .table-wrap { max-width: 100%; max-height: 520px; overflow: auto; overflow-x: auto;
                          border: 1px solid #dde1e6; margin: 6px 0 12px; }
            table { border-collapse: collapse; font-size: 13px; width: max-content; min-width: 100%; }
            th, td { padding: 3px 10px; text-align: left; white-space: nowrap; }
            th { position: sticky; top: 0; background: #e9edf2; font-weight: 600; }
            tbody tr:nth-child(even) { background: #f7f9fb; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            footer { margin-top: 40px; color: #5b6573; font-size: 13px; }
            """;

    private HtmlPage() {
    }

    static String render(ReportPage page) {
        ReportContext c = page.context();
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append(GENERATOR_MARK).append(' ').append(Html.escape(c.napkinVersion())).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(page.title())).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(Html.escape(page.title())).append("</h1>\n<dl class=\"meta\">\n");
        meta(sb, "command", "<code>" + Html.escape(c.commandLine()) + "</code>");
        meta(sb, "created", Html.escape(c.created().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx"))));
        meta(sb, "napkin", Html.escape(c.napkinVersion()));
        meta(sb, "machine", Html.escape(c.machine()));
        sb.append("</dl>\n");
        if (!page.warnings().isEmpty()) {
            sb.append("<div class=\"box warnings\"><strong>Input skipped or incomplete</strong>\n");
            list(sb, page.warnings());
            sb.append("</div>\n");
        }
        sb.append("<nav><strong>Contents</strong>\n<ul>\n");
        for (Section s : page.sections()) {
            sb.append("<li><a href=\"#").append(s.id()).append("\">").append(Html.escape(s.title())).append("</a>")
                    .append(s.figures().isEmpty() ? " (not drawn: see the note)" : "").append("</li>\n");
        }
        sb.append("</ul>\n</nav>\n");
        for (Section s : page.sections()) {
            section(sb, s);
        }
        return sb.append("<footer>Made by napkin ").append(Html.escape(c.napkinVersion()))
                .append(". Every number comes from a formula with its source (named above each chart) or from a")
                .append(" measurement; each chart's data is in the CSV beside it.</footer>\n</main>\n</body>\n</html>\n")
                .toString();
    }

    private static void section(StringBuilder sb, Section s) {
        sb.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(Html.escape(s.title())).append("</h2>\n")
                .append("<p class=\"summary\">").append(Html.escape(s.summary())).append("</p>\n");
        if (!s.notes().isEmpty()) {
            sb.append("<div class=\"box notes\"><strong>").append(s.figures().isEmpty() ? "Not drawn" : "Notes")
                    .append("</strong>\n");
            list(sb, s.notes());
            sb.append("</div>\n");
        }
        for (Figure f : s.figures()) {
            sb.append("<figure>\n<a href=\"").append(f.fileName()).append("\"><img src=\"").append(f.fileName())
                    .append("\" width=\"").append(f.width()).append("\" height=\"").append(f.height())
                    .append("\" alt=\"").append(Html.escape(f.caption())).append("\"></a>\n<figcaption>")
                    .append(Html.escape(f.caption())).append(" (<a href=\"").append(f.fileName()).append("\">")
                    .append(f.fileName()).append("</a>)</figcaption>\n</figure>\n");
        }
        for (TidyTable t : s.tables()) {
            int rows = t.table().rowCount();
            sb.append("<h3>").append(Html.escape(t.caption())).append("</h3>\n<p>Data: <a href=\"").append(t.fileName())
                    .append("\">").append(t.fileName()).append("</a>, ").append(rows).append(rows == 1 ? " row" : " rows")
                    .append(", one per point; units in the column names (the CSV keeps full precision).</p>\n");
            if (rows > OPEN_ROWS) {
                sb.append("<details><summary>Show all ").append(rows).append(" rows</summary>\n");
            }
            sb.append("<div class=\"table-wrap\">\n").append(HtmlTable.render(t.table())).append("</div>\n");
            if (rows > OPEN_ROWS) {
                sb.append("</details>\n");
            }
        }
        sb.append("</section>\n");
    }

    private static void meta(StringBuilder sb, String term, String html) {
        sb.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>\n");
    }

    private static void list(StringBuilder sb, java.util.List<String> items) {
        sb.append("<ul>\n");
        for (String item : items) {
            sb.append("<li>").append(Html.escape(item)).append("</li>\n");
        }
        sb.append("</ul>\n");
    }
}
