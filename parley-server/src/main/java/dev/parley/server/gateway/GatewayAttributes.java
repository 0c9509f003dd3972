package dev.parley.server.gateway;

import io.netty.util.AttributeKey;

/** Per-connection state kept on the channel, so the protocol handlers themselves can be shared. */
final class GatewayAttributes {
    private GatewayAttributes() {
    }

    static final AttributeKey<Session> SESSION = AttributeKey.valueOf("parley.session");
}
