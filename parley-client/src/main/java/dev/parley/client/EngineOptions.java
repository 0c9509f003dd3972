package dev.parley.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Immutable settings of an {@link ImEngine}. Build with {@link #builder()}; {@code appKey},
 * {@code naviServer} and {@code dataDir} are required, everything else has a default.
 */
public final class EngineOptions {
    // The app key names a directory under dataDir, so it must not be able to climb out of it.
    private static final Pattern APP_KEY = Pattern.compile("[A-Za-z0-9._+=-]{1,64}");
    private static final int MAX_DEVICE_ID_CHARS = 128;

    private final String appKey;
    private final String naviServer;
    private final Path dataDir;
    private final Platform platform;
    private final String deviceId;
    private final boolean kickReconnectDevice;
    private final Transport transport;
    private final Duration pongTimeout;
    private final Duration connectAckTimeout;
    private final Duration naviTimeout;
    private final Duration naviCacheLifetime;
    private final InetAddress localAddress;

    private EngineOptions(Builder b) {
        this.appKey = b.appKey;
        this.naviServer = b.naviServer;
        this.dataDir = b.dataDir;
        this.platform = b.platform;
        this.deviceId = b.deviceId;
        this.kickReconnectDevice = b.kickReconnectDevice;
        this.transport = b.transport;
        this.pongTimeout = b.pongTimeout;
        this.connectAckTimeout = b.connectAckTimeout;
        this.naviTimeout = b.naviTimeout;
        this.naviCacheLifetime = b.naviCacheLifetime;
        this.localAddress = b.localAddress;
    }

    /** A builder with every optional setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The App Key every request of this engine is made for. */
    public String getAppKey() {
        return appKey;
    }

    /** Base URL of the navigation service, without a trailing slash, e.g. {@code http://host:8080}. */
    public String getNaviServer() {
        return naviServer;
    }

    /** Directory holding the device id file and the per-user databases. */
    public Path getDataDir() {
        return dataDir;
    }

    /** Multi-device class of this client; default {@link Platform#DESKTOP}. */
    public Platform getPlatform() {
        return platform;
    }

    /** The device id set explicitly, or {@code null} to use the one persisted in {@code <dataDir>/device-id}. */
    public String getDeviceId() {
        return deviceId;
    }

    /** Whether a reconnecting device yields to a device already online in its class; default false. */
    public boolean isKickReconnectDevice() {
        return kickReconnectDevice;
    }

    /** Gateway transport; default {@link Transport#TCP}. */
    public Transport getTransport() {
        return transport;
    }

    /** How long to wait for any frame after a ping before the connection counts as dead; default 10 s. */
    public Duration getPongTimeout() {
        return pongTimeout;
    }

    /** How long to wait for {@code ConnectAck} once the socket is open; default 10 s. */
    public Duration getConnectAckTimeout() {
        return connectAckTimeout;
    }

    /** Timeout of one navigation request; default 10 s. */
    public Duration getNaviTimeout() {
        return naviTimeout;
    }

    /**
     * How long a navigation answer that led to a connection is reused, from the user's local
     * database, instead of asking navigation again; default 2 hours, {@link Duration#ZERO} =
     * never.
     */
    public Duration getNaviCacheLifetime() {
        return naviCacheLifetime;
    }

    /** Source address for gateway sockets, or {@code null} to let the OS choose. */
    public InetAddress getLocalAddress() {
        return localAddress;
    }

    @Override
    public String toString() {
        return "EngineOptions[appKey=" + appKey + ", naviServer=" + naviServer + ", dataDir=" + dataDir
                + ", platform=" + platform + ", transport=" + transport + "]";
    }

    /** Builds {@link EngineOptions}; {@link #build()} checks every value. */
    public static final class Builder {
        private String appKey;
        private String naviServer;
        private Path dataDir;
        private Platform platform = Platform.DESKTOP;
        private String deviceId;
        private boolean kickReconnectDevice;
        private Transport transport = Transport.TCP;
        private Duration pongTimeout = Duration.ofSeconds(10);
        private Duration connectAckTimeout = Duration.ofSeconds(10);
        private Duration naviTimeout = Duration.ofSeconds(10);
        private Duration naviCacheLifetime = Duration.ofHours(2);
        private InetAddress localAddress;

        private Builder() {
        }

        /** Required: the App Key ({@code [A-Za-z0-9._+=-]}, at most 64 characters). */
        public Builder appKey(String appKey) {
            this.appKey = appKey;
            return this;
        }

        /** Required: base URL of the navigation service ({@code http} or {@code https}). */
        public Builder naviServer(String naviServer) {
            this.naviServer = naviServer;
            return this;
        }

        /** Required: directory for local data; created when needed. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Multi-device class; default {@link Platform#DESKTOP}. */
        public Builder platform(Platform platform) {
            this.platform = platform;
            return this;
        }

        /** Fixed device id; by default a UUID created once and kept in {@code <dataDir>/device-id}. */
        public Builder deviceId(String deviceId) {
            this.deviceId = deviceId;
            return this;
        }

        /** When reconnecting, yield to (instead of kicking) a device already online in this class. */
        public Builder kickReconnectDevice(boolean kickReconnectDevice) {
            this.kickReconnectDevice = kickReconnectDevice;
            return this;
        }

        /** Gateway transport; default {@link Transport#TCP}. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** Silence after a ping that counts as a dead connection (30013); default 10 s. */
        public Builder pongTimeout(Duration pongTimeout) {
            this.pongTimeout = pongTimeout;
            return this;
        }

        /** Wait for {@code ConnectAck} after the socket opens (else 31000, retried); default 10 s. */
        public Builder connectAckTimeout(Duration connectAckTimeout) {
            this.connectAckTimeout = connectAckTimeout;
            return this;
        }

        /** Timeout of one navigation request (else 30004, retried); default 10 s. */
        public Builder naviTimeout(Duration naviTimeout) {
            this.naviTimeout = naviTimeout;
            return this;
        }

        /**
         * How long to reuse the last good navigation answer; default 2 hours.
         *
         * <p>After a connection succeeds, the engine keeps the navigation answer that led to it
         * (gateway addresses and heartbeat interval) in the user's local database, with the
         * navigation server it came from and a SHA-256 of the token (never the token itself).
         * A later {@code connect} for the same user, token and navigation server within this
         * lifetime, by this engine or by a new one (the next app start), goes straight to
         * the gateway without asking navigation. If a gateway from that answer fails, or the
         * server redirects the client, the stored answer is dropped and the engine navigates
         * afresh. {@link Duration#ZERO} turns this off: every new engine asks navigation.
         *
         * @param naviCacheLifetime zero or positive
         */
        public Builder naviCacheLifetime(Duration naviCacheLifetime) {
            this.naviCacheLifetime = naviCacheLifetime;
            return this;
        }

        /** Source address for gateway sockets, e.g. 127.0.0.2 to spread a load test over addresses. */
        public Builder localAddress(InetAddress localAddress) {
            this.localAddress = localAddress;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException if a required value is missing or any value is invalid
         */
        public EngineOptions build() {
            if (appKey == null || !APP_KEY.matcher(appKey).matches() || appKey.equals(".") || appKey.equals("..")) {
                throw new IllegalArgumentException("appKey must match " + APP_KEY + ": " + appKey);
            }
            naviServer = normaliseNaviServer(naviServer);
            if (dataDir == null) {
                throw new IllegalArgumentException("dataDir is required");
            }
            require(platform, "platform");
            require(transport, "transport");
            if (deviceId != null && (deviceId.isBlank() || deviceId.length() > MAX_DEVICE_ID_CHARS)) {
                throw new IllegalArgumentException("deviceId must be 1.." + MAX_DEVICE_ID_CHARS + " characters");
            }
            requirePositive(pongTimeout, "pongTimeout");
            requirePositive(connectAckTimeout, "connectAckTimeout");
            requirePositive(naviTimeout, "naviTimeout");
            require(naviCacheLifetime, "naviCacheLifetime");
            if (naviCacheLifetime.isNegative()) {
                throw new IllegalArgumentException("naviCacheLifetime must not be negative: " + naviCacheLifetime);
            }
            return new EngineOptions(this);
        }

        private static String normaliseNaviServer(String url) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("naviServer is required");
            }
            try {
                URI uri = new URI(url.trim());
                String scheme = uri.getScheme();
                if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                        || uri.getHost() == null) {
                    throw new IllegalArgumentException("naviServer must be an http(s) URL: " + url);
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("naviServer is not a URL: " + url, e);
            }
            String trimmed = url.trim();
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            return trimmed;
        }

        private static void require(Object value, String name) {
            if (value == null) {
                throw new IllegalArgumentException(name + " is required");
            }
        }

        private static void requirePositive(Duration d, String name) {
            require(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
        }
    }
}
