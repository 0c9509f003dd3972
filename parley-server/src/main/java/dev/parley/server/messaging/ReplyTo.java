package dev.parley.server.messaging;

import io.netty.channel.Channel;

/**
 * The client request a send answers: its SendAck goes out with the notifications of the
 * batch that stored it (see {@link Delivery}), in one write per connection.
 */
public record ReplyTo(Channel channel, int requestId) {
}
