package dev.parley.bench.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one scenario run measured: how it was set up, on what machine, its figures (each
 * optionally against a target), detail tables and notes on what limited it. Written as JSON
 * by {@link JsonReportWriter} and as Markdown by {@link MarkdownReportWriter}; a report only
 * states figures, it never fails a run for missing a target.
 */
public final class Report {
    private final String scenario;
    private final Instant startedAt;
    private final Map<String, String> setup = new LinkedHashMap<>();
    private final Map<String, String> machine = new LinkedHashMap<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Report(String scenario, Instant startedAt) {
        this.scenario = scenario;
        this.startedAt = startedAt;
    }

    /** Records a parameter of the run (users, in-flight, mode, ...). */
    public Report setup(String name, Object value) {
        setup.put(name, String.valueOf(value));
        return this;
    }

    public Report machine(Map<String, String> facts) {
        machine.putAll(facts);
        return this;
    }

    public Report figure(String key, String label, double value, String unit) {
        figures.add(new Figure(key, label, value, unit, Optional.empty()));
        return this;
    }

    public Report figure(String key, String label, double value, String unit, Target target) {
        figures.add(new Figure(key, label, value, unit, Optional.of(target)));
        return this;
    }

    public Report table(Table table) {
        tables.add(table);
        return this;
    }

    public Report note(String text) {
        notes.add(text);
        return this;
    }

    public String scenario() {
        return scenario;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Map<String, String> setup() {
        return Collections.unmodifiableMap(setup);
    }

    public Map<String, String> machine() {
        return Collections.unmodifiableMap(machine);
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    public Optional<Figure> figure(String key) {
        return figures.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    public List<Table> tables() {
        return List.copyOf(tables);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }
}
