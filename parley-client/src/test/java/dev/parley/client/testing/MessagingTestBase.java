package dev.parley.client.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ImEngine;
import dev.parley.client.Message;
import dev.parley.client.SentStatus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * Devices (engine + recorded listeners) against the fake gateway's messaging. Each device of
 * a user keeps its own data directory, like separate phones would.
 */
public abstract class MessagingTestBase extends EngineTestBase {

    /** One engine of one user, with everything its listeners heard. */
    public record Device(String userId, ImEngine engine, MessageRecorder events, RecordingCallback connect) {
    }

    @AfterEach
    void everyRequestHadAFreshNonZeroId() {
        assertThat(gateway.messaging.badRequestIds).hasValue(0);
    }

    /** A device of {@code userId} named {@code name}, connected and past its first offline sync. */
    protected Device online(String userId, String name) throws Exception {
        Device d = device(userId, name);
        connect(d);
        return d;
    }

    /** A device of {@code userId}, its main one. */
    protected Device online(String userId) throws Exception {
        return online(userId, "main");
    }

    /** A device not yet connected; listeners attached. */
    protected Device device(String userId, String name) {
        ImEngine engine = newEngine(b -> b.dataDir(dataDir.resolve(name)).deviceId(userId + "-" + name));
        return new Device(userId, engine, new MessageRecorder().attachTo(engine), new RecordingCallback());
    }

    /** Connects and waits for the connection and the end of the offline sync. */
    protected void connect(Device d) throws Exception {
        int before = d.events().syncCompleted.get();
        assertThat(d.engine().connect(token(d.userId()), 5, d.connect())).isZero();
        assertThat(d.connect().connected.get(5, TimeUnit.SECONDS)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> d.events().syncCompleted.get() > before);
    }

    /** Sends and waits for the ack; returns the sent message. */
    protected static Message sendAndAwait(ImEngine engine, Message m) throws Exception {
        SendRecorder cb = new SendRecorder();
        assertThat(engine.sendMessage(m, cb)).isZero();
        Message sent = cb.sent.get(5, TimeUnit.SECONDS);
        assertThat(cb.code).isZero();
        assertThat(sent.getSentStatus()).isEqualTo(SentStatus.SENT);
        return sent;
    }

    protected static void awaitReceived(Device d, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> d.events().received.size() >= count);
    }
}
