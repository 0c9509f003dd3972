package dev.parley.server.auth;

import dev.parley.server.store.AppRepository;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every app, held in memory so the connect path and request signing never read the
 * database. Reloaded after local changes and periodically, to see changes made by the CLI
 * or by other nodes.
 */
public final class AppRegistry {
    private final AppRepository repository;
    private volatile Map<String, App> apps = Map.of();

    public AppRegistry(AppRepository repository) {
        this.repository = repository;
        reload();
    }

    public Optional<App> find(String appKey) {
        return appKey == null ? Optional.empty() : Optional.ofNullable(apps.get(appKey));
    }

    public void reload() {
        apps = repository.findAll().stream().map(App::of)
                .collect(Collectors.toUnmodifiableMap(App::appKey, a -> a));
    }
}
