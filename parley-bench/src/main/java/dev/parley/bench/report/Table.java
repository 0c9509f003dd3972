package dev.parley.bench.report;

import java.util.List;

/** Extra detail of a report that is not a single figure, e.g. the classes a connection costs. */
public record Table(String title, List<String> columns, List<List<String>> rows) {
    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
