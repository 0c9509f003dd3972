package dev.parley.bench.node;

import dev.parley.bench.measure.ServerProbe;
import java.util.OptionalLong;

/**
 * A node someone else runs, given its URL and app credentials. If it runs on this machine
 * and its process id is given, its CPU and memory are measured as for a server process.
 */
public final class RemoteNode implements Node {
    private final String url;
    private final String appKey;
    private final String appSecret;
    private final OptionalLong pid;

    public RemoteNode(String url, String appKey, String appSecret, OptionalLong pid) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.pid = pid;
    }

    @Override
    public String naviUrl() {
        return url;
    }

    @Override
    public String appKey() {
        return appKey;
    }

    @Override
    public String appSecret() {
        return appSecret;
    }

    @Override
    public ServerProbe probe() {
        return pid.isPresent() ? ServerProbe.ofJvm(pid.getAsLong()) : ServerProbe.NONE;
    }

    @Override
    public String mode() {
        return "existing node at " + url + (pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : "");
    }

    @Override
    public boolean sharesGeneratorJvm() {
        return false;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
