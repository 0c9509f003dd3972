package dev.parley.server.gateway;

import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Kick;
import dev.parley.protocol.wire.Platform;
import dev.parley.server.ops.LogSafe;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/** One authenticated device connection of a user. */
public final class Session {
    private final String id;
    private final String appKey;
    private final String userId;
    private final Platform platform;
    private final String deviceId;
    private final Channel channel;
    private final long connectedAt;
    private volatile long lastReadNanos = System.nanoTime();

    public Session(String id, String appKey, String userId, Platform platform, String deviceId, Channel channel,
                   long connectedAt) {
        this.id = id;
        this.appKey = appKey;
        this.userId = userId;
        this.platform = platform;
        this.deviceId = deviceId;
        this.channel = channel;
        this.connectedAt = connectedAt;
    }

    public String id() {
        return id;
    }

    public String appKey() {
        return appKey;
    }

    public String userId() {
        return userId;
    }

    public Platform platform() {
        return platform;
    }

    public String deviceId() {
        return deviceId;
    }

    public Channel channel() {
        return channel;
    }

    public long connectedAt() {
        return connectedAt;
    }

    /** Records that the device just sent something (any frame counts as alive). */
    void touch(long nowNanos) {
        lastReadNanos = nowNanos;
    }

    long lastReadNanos() {
        return lastReadNanos;
    }

    /** Tells the device why its session ends, then closes the connection. */
    public void kick(int code, String detail) {
        channel.writeAndFlush(Frame.newBuilder().setKick(Kick.newBuilder().setCode(code).setDetail(detail)).build())
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes without a word: the same device has already come back on a new connection. */
    public void closeSilently() {
        channel.close();
    }

    @Override
    public String toString() {
        return "Session[" + id + " " + appKey + "/" + LogSafe.text(userId) + " " + platform + " device="
                + LogSafe.text(deviceId) + "]";
    }
}
