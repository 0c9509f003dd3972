package dev.parley.server.auth;

import dev.parley.server.store.AppRepository;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Every app, held in memory so the connect path and request signing never read the
 * database. Reloaded after local changes and periodically, to see changes made by the CLI
 * or by other nodes; each reload tells {@code onChange} which apps' live sessions must end
 * (blocked, deleted, secret reset), so they end within one reload period, not at their next
 * connect.
 */
public final class AppRegistry {
    private final AppRepository repository;
    private final Consumer<AppChange> onChange;
    private volatile Map<String, App> apps = Map.of();

    public AppRegistry(AppRepository repository) {
        this(repository, change -> { });
    }

    public AppRegistry(AppRepository repository, Consumer<AppChange> onChange) {
        this.repository = repository;
        this.onChange = onChange;
        reload();
    }

    public Optional<App> find(String appKey) {
        return appKey == null ? Optional.empty() : Optional.ofNullable(apps.get(appKey));
    }

    /** Reads every app again; synchronized so concurrent reloads neither reorder nor miss a change. */
    public synchronized void reload() {
        Map<String, App> before = apps;
        apps = repository.findAll().stream().map(App::of)
                .collect(Collectors.toUnmodifiableMap(App::appKey, a -> a));
        AppChange.between(before, apps).forEach(onChange);
    }
}
