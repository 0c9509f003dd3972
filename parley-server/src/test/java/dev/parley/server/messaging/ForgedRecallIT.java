package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConversationType;
import dev.parley.client.ImEngine;
import dev.parley.client.Message;
import dev.parley.client.ObjectNames;
import dev.parley.client.Platform;
import dev.parley.client.ResultCallback;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Send;
import dev.parley.server.support.Engines;
import dev.parley.server.support.MessageRecorder;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.SendRecorder;
import dev.parley.server.support.TestNode;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recall notice forged by another user, sent through a real node (or refused by it), never
 * replaces a message in the receiver's SDK; the sender's own recall still does.
 */
class ForgedRecallIT {
    @TempDir
    Path dir;

    @Test
    void aNoticeForgedByAnotherUserLeavesTheMessageAndTheSendersRecallStillReplacesIt() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node")); Engines engines = new Engines(dir.resolve("c"))) {
            ImEngine alice = engines.online(node, "fr_alice", Platform.DESKTOP, null);
            MessageRecorder got = new MessageRecorder();
            ImEngine bob = engines.online(node, "fr_bob", Platform.DESKTOP, got);
            SendRecorder sent = new SendRecorder();
            alice.sendMessage(alice.createTextMessage(ConversationType.PRIVATE, "fr_bob", "keep me"), sent);
            Message original = sent.sent.get(10, TimeUnit.SECONDS);
            await().until(() -> got.uids().contains(original.getMessageUId()));
            long atBob = got.deliveries.get(0).message().getMessageId();

            try (RawGatewayClient mallory = new RawGatewayClient(node.tcpPort())) {
                assertThat(mallory.handshake(RawGatewayClient.connect(node.appKey(), node.token("fr_mallory")))
                        .getCode()).isZero();
                String forged = "{\"messageUId\":\"" + original.getMessageUId()
                        + "\",\"originalObjectName\":\"RC:TxtMsg\",\"recallTime\":1,\"operatorId\":\"fr_alice\"}";
                // Whether the node takes or refuses it, bob's copy must stay.
                mallory.request(send(ObjectNames.RECALL_NOTICE, forged));
                mallory.request(send(ObjectNames.TEXT, "{\"content\":\"after the forgery\"}"));
            }
            await().until(() -> got.contents().contains("{\"content\":\"after the forgery\"}"));
            assertThat(bob.getMessage(atBob).getObjectName()).isEqualTo(ObjectNames.TEXT);
            assertThat(bob.getMessage(atBob).getContent()).contains("keep me");

            CompletableFuture<Message> recalled = new CompletableFuture<>();
            assertThat(alice.recallMessage(original, new ResultCallback<>() {
                @Override
                public void onSuccess(Message result) {
                    recalled.complete(result);
                }

                @Override
                public void onError(int code) {
                    recalled.completeExceptionally(new AssertionError("recall failed with " + code));
                }
            })).isZero();
            recalled.get(10, TimeUnit.SECONDS);
            await().until(() -> ObjectNames.RECALL_NOTICE.equals(bob.getMessage(atBob).getObjectName()));
        }
    }

    private static Frame.Builder send(String objectName, String content) {
        return Frame.newBuilder().setSend(Send.newBuilder().setClientMsgId(UUID.randomUUID().toString())
                .setConversationType(dev.parley.protocol.wire.ConversationType.PRIVATE).setTargetId("fr_bob")
                .setObjectName(objectName).setContent(content));
    }
}
