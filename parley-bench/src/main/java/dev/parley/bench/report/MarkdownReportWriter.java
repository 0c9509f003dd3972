package dev.parley.bench.report;

import java.util.List;
import java.util.Map;

/** A report as Markdown: a heading, the setup, a figures table with targets, detail tables, notes. */
public final class MarkdownReportWriter {
    private MarkdownReportWriter() {
    }

    public static String write(Report r) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(r.scenario()).append(" — ").append(r.startedAt()).append("\n\n");
        appendFacts(md, "Setup", r.setup());
        appendFacts(md, "Machine", r.machine());
        md.append("| Figure | Value | Target |\n|---|---:|---|\n");
        for (Figure f : r.figures()) {
            md.append("| ").append(escape(f.label())).append(" | ").append(NumberFormat.format(f.value()));
            if (!f.unit().isEmpty()) {
                md.append(' ').append(escape(f.unit()));
            }
            md.append(" | ").append(f.target().map(t -> t.comparison().symbol() + " " + NumberFormat.format(t.threshold())
                    + (f.met().orElse(false) ? " ✅ met" : " ❌ missed")).orElse("")).append(" |\n");
        }
        for (Table t : r.tables()) {
            md.append("\n**").append(escape(t.title())).append("**\n\n");
            appendRow(md, t.columns());
            md.append("|").append("---|".repeat(t.columns().size())).append('\n');
            t.rows().forEach(row -> appendRow(md, row));
        }
        if (!r.notes().isEmpty()) {
            md.append('\n');
            r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    private static void appendFacts(StringBuilder md, String title, Map<String, String> facts) {
        if (facts.isEmpty()) {
            return;
        }
        md.append('*').append(title).append(":* ");
        StringBuilder line = new StringBuilder();
        facts.forEach((k, v) -> line.append(line.length() == 0 ? "" : "; ").append(k).append(" `").append(v).append('`'));
        md.append(line).append("\n\n");
    }

    private static void appendRow(StringBuilder md, List<String> cells) {
        md.append('|');
        cells.forEach(c -> md.append(' ').append(escape(c)).append(" |"));
        md.append('\n');
    }

    // A '|' inside a cell would end it.
    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
