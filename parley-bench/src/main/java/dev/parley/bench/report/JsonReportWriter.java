package dev.parley.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A report as JSON, for tools that track figures over time. Figures are keyed by their
 * stable {@code key}, so a later run can be compared field by field.
 */
public final class JsonReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReportWriter() {
    }

    public static ObjectNode toJson(Report r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", r.scenario());
        root.put("startedAt", r.startedAt().toString());
        ObjectNode setup = root.putObject("setup");
        r.setup().forEach(setup::put);
        ObjectNode machine = root.putObject("machine");
        r.machine().forEach(machine::put);
        ObjectNode figures = root.putObject("figures");
        for (Figure f : r.figures()) {
            ObjectNode fig = figures.putObject(f.key());
            fig.put("label", f.label());
            fig.put("value", f.value());
            fig.put("unit", f.unit());
            f.target().ifPresent(t -> {
                ObjectNode target = fig.putObject("target");
                target.put("comparison", t.comparison().name());
                target.put("threshold", t.threshold());
                fig.put("met", t.metBy(f.value()));
            });
        }
        ArrayNode tables = root.putArray("tables");
        for (Table t : r.tables()) {
            ObjectNode table = tables.addObject();
            table.put("title", t.title());
            ArrayNode columns = table.putArray("columns");
            t.columns().forEach(columns::add);
            ArrayNode rows = table.putArray("rows");
            t.rows().forEach(row -> {
                ArrayNode cells = rows.addArray();
                row.forEach(cells::add);
            });
        }
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        return root;
    }

    public static String write(Report r) {
        try {
            return JSON.writeValueAsString(toJson(r));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void writeTo(Path file, Report r) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, write(r) + "\n");
    }
}
