package dev.parley.server.cluster.harness;

import dev.parley.client.ConnectionStatus;
import dev.parley.client.ImEngine;
import dev.parley.server.support.EngineRecorder;
import dev.parley.server.support.MessageRecorder;

/**
 * One user's SDK engine in a cluster test, with everything it reported: the messages it
 * delivered to the app and its connection statuses (so a test can count its reconnects).
 */
public final class Device {
    private final String user;
    private final ImEngine engine;
    private final MessageRecorder messages;
    private final EngineRecorder connection;

    Device(String user, ImEngine engine, MessageRecorder messages, EngineRecorder connection) {
        this.user = user;
        this.engine = engine;
        this.messages = messages;
        this.connection = connection;
    }

    public String user() {
        return user;
    }

    public ImEngine engine() {
        return engine;
    }

    public MessageRecorder messages() {
        return messages;
    }

    public boolean connected() {
        return engine.getConnectionStatus() == ConnectionStatus.CONNECTED;
    }

    /** How often it has reached CONNECTED since created: 1 = never reconnected. */
    public int connects() {
        return (int) connection.statuses.stream().filter(s -> s == ConnectionStatus.CONNECTED).count();
    }

    @Override
    public String toString() {
        return user + "(" + engine.getConnectionStatus() + ", " + connects() + " connects, "
                + messages.deliveries.size() + " delivered)";
    }
}
