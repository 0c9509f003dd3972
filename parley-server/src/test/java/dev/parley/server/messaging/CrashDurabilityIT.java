package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.Send;
import dev.parley.protocol.wire.SendAck;
import dev.parley.protocol.wire.SyncRequest;
import dev.parley.protocol.wire.SyncResult;
import dev.parley.server.cli.ParleyCli;
import dev.parley.server.support.NodeProcess;
import dev.parley.server.support.RawGatewayClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost: a node is killed with SIGKILL while a sender streams, then
 * started again on the same data; every message the sender had an ack for is in the
 * receiver's inbox, once, in the order acked.
 */
class CrashDurabilityIT {
    @TempDir
    Path dir;

    @Test
    void everyAckedMessageSurvivesSigkill() throws Exception {
        try (NodeProcess node = new NodeProcess(dir.resolve("node"))) {
            int tcpPort = node.ports().get(1);
            // Lift the default 5 msg/s; the node picks the change up within its 2 s refresh.
            assertThat(ParleyCli.commandLine().execute("app", "set-rate-limit", "--app-key", node.appKey(),
                    "--per-second", "0", "--data-dir", dir.resolve("node").toString())).isZero();
            String senderToken = node.api().token("crash_sender");
            String receiverToken = node.api().token("crash_receiver");
            List<String> acked = new CopyOnWriteArrayList<>();
            CountDownLatch enoughAcked = new CountDownLatch(300);
            Thread sender = new Thread(() -> {
                try (RawGatewayClient c = new RawGatewayClient(tcpPort)) {
                    c.socket().setTcpNoDelay(true);
                    c.handshake(RawGatewayClient.connect(node.appKey(), senderToken));
                    for (int i = 0; ; i++) {
                        SendAck ack = c.request(Frame.newBuilder().setSend(Send.newBuilder()
                                .setClientMsgId(UUID.randomUUID().toString())
                                .setConversationType(ConversationType.PRIVATE).setTargetId("crash_receiver")
                                .setObjectName("RC:TxtMsg").setContent("{\"content\":\"m" + i + "\"}"))).getSendAck();
                        if (ack.getCode() == 0) {
                            acked.add(ack.getMessageUid());
                            enoughAcked.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the node died under us: expected
                }
            }, "crash-sender");
            sender.start();
            assertThat(enoughAcked.await(60, TimeUnit.SECONDS)).isTrue();
            node.kill();
            sender.join(10_000);
            List<String> ackedBeforeKill = new ArrayList<>(acked);

            node.start();
            List<InboxMessage> inbox = new ArrayList<>();
            try (RawGatewayClient receiver = new RawGatewayClient(tcpPort)) {
                assertThat(receiver.handshake(RawGatewayClient.connect(node.appKey(), receiverToken)).getCode()).isZero();
                long cursor = 0;
                while (true) {
                    SyncResult page = receiver.request(Frame.newBuilder().setSync(SyncRequest.newBuilder()
                            .setAfterSeq(cursor))).getSyncResult();
                    inbox.addAll(page.getMessagesList());
                    if (!page.getHasMore()) {
                        break;
                    }
                    cursor = page.getMessages(page.getMessagesCount() - 1).getSeq();
                }
            }
            List<String> uids = inbox.stream().map(InboxMessage::getMessageUid).toList();
            assertThat(new HashSet<>(uids)).as("no duplicates").hasSize(uids.size());
            assertThat(uids).as("every acked message, in order").containsSubsequence(ackedBeforeKill);
            assertThat(uids).startsWith(ackedBeforeKill.toArray(new String[0]));
            Set<Long> seqs = new HashSet<>();
            inbox.forEach(m -> seqs.add(m.getSeq()));
            assertThat(seqs).hasSize(inbox.size());
        }
    }
}
