package dev.parley.client.internal;

import dev.parley.client.ConnectCallback;
import dev.parley.client.ConnectionStatus;
import dev.parley.client.ConnectionStatusListener;
import dev.parley.client.EngineOptions;
import dev.parley.client.ImEngine;
import dev.parley.protocol.ErrorCode;
import java.io.IOException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ImEngine} behind {@link ImEngine#create}: checks arguments, answers the
 * synchronous return codes, and hands everything else to the {@link ConnectionMachine}.
 * Public only so the API package can reach it; apps use {@link ImEngine}.
 */
public final class DefaultImEngine implements ImEngine {
    private static final Logger log = LoggerFactory.getLogger(DefaultImEngine.class);

    // Guards the decision "may a connect start now?" so two racing calls cannot both win.
    private final Object admission = new Object();
    private final ConnectionMachine machine;
    private static final long DESTROY_WAIT_SECONDS = 5;
    private volatile boolean destroyed;
    private ConnectRequest current;

    private DefaultImEngine(ConnectionMachine machine) {
        this.machine = machine;
    }

    /** Creates an engine, resolving the persisted device id if none was set. */
    public static ImEngine create(EngineOptions options) {
        Objects.requireNonNull(options, "options");
        return new DefaultImEngine(new ConnectionMachine(options, deviceId(options)));
    }

    private static String deviceId(EngineOptions options) {
        if (options.getDeviceId() != null) {
            return options.getDeviceId();
        }
        try {
            return DeviceIdFile.readOrCreate(options.getDataDir());
        } catch (IOException | RuntimeException e) {
            String id = UUID.randomUUID().toString();
            log.warn("Cannot keep a device id in {}; using {} for this process only", options.getDataDir(), id, e);
            return id;
        }
    }

    @Override
    public int connect(String token, int timeoutSeconds, ConnectCallback callback) {
        synchronized (admission) {
            if (destroyed) {
                return ErrorCode.CLIENT_NOT_INIT;
            }
            if (token == null || token.isEmpty() || callback == null) {
                return ErrorCode.INVALID_PARAMETER;
            }
            if (current != null && !current.isFinished()) {
                return machine.status() == ConnectionStatus.CONNECTED
                        ? ErrorCode.RC_CONNECTION_ALREADY_CONNECTED
                        : ErrorCode.RC_CONNECTION_EXIST;
            }
            current = new ConnectRequest(token, timeoutSeconds, callback, System.nanoTime());
            machine.start(current);
            return ErrorCode.SUCCESS;
        }
    }

    @Override
    public int disconnect(boolean receivePush) {
        synchronized (admission) {
            if (destroyed) {
                return ErrorCode.CLIENT_NOT_INIT;
            }
            finishCurrent();
            machine.signOut(receivePush);
            return ErrorCode.SUCCESS;
        }
    }

    @Override
    public void destroy() {
        CompletableFuture<Void> released;
        synchronized (admission) {
            if (destroyed) {
                return;
            }
            destroyed = true;
            finishCurrent();
            released = machine.destroy();
        }
        // Wait (bounded) so that once destroy() returns the database file is closed and the
        // app may delete or move the data dir.
        try {
            released.get(DESTROY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("engine resources not released within {} s", DESTROY_WAIT_SECONDS);
        }
    }

    private void finishCurrent() {
        if (current != null) {
            current.finish();
            current = null;
        }
    }

    @Override
    public void setOnConnectionStatusChangedListener(ConnectionStatusListener listener) {
        if (!destroyed) {
            machine.setListener(listener);
        }
    }

    @Override
    public ConnectionStatus getConnectionStatus() {
        return machine.status();
    }

    @Override
    public String getCurrentUserId() {
        return destroyed ? null : machine.currentUserId();
    }

    @Override
    public long getDeltaTime() {
        return machine.deltaTime();
    }

    @Override
    public String getLastFailureDetail() {
        return machine.lastFailureDetail();
    }
}
