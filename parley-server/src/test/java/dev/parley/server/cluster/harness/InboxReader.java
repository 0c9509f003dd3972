package dev.parley.server.cluster.harness;

import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.Platform;
import dev.parley.protocol.wire.SyncRequest;
import dev.parley.protocol.wire.SyncResult;
import dev.parley.server.support.RawGatewayClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a user's whole inbox from one node, as a device's first sync would: a raw gateway
 * session (platform MOBILE, so it kicks none of the tests' DESKTOP devices) paging with
 * {@code Sync} from seq 0 until {@code hasMore} is false.
 */
public final class InboxReader {
    private InboxReader() {
    }

    public static List<InboxMessage> read(ClusterNode node, String appKey, String token) throws IOException {
        List<InboxMessage> inbox = new ArrayList<>();
        try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            int code = c.handshake(RawGatewayClient.connect(appKey, token).setPlatform(Platform.MOBILE)
                    .setDeviceId("inbox-reader")).getCode();
            if (code != 0) {
                throw new IllegalStateException("inbox reader refused by " + node.id() + ": " + code);
            }
            long cursor = 0;
            while (true) {
                SyncResult page = c.request(Frame.newBuilder().setSync(SyncRequest.newBuilder().setAfterSeq(cursor)
                        .setLimit(200))).getSyncResult();
                inbox.addAll(page.getMessagesList());
                if (!page.getHasMore() || page.getMessagesCount() == 0) {
                    return inbox;
                }
                cursor = page.getMessages(page.getMessagesCount() - 1).getSeq();
            }
        }
    }
}
