package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Send;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.TestNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Send budgets on the wire: status sends have their own rate and size, and a device's budget outlives its connection. */
class SendLimitsIT {
    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        node.server().appAdmin().setSendRateLimit(node.appKey(), 5);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RawGatewayClient login(String user, String device) throws IOException {
        String token = node.token(user);
        RawGatewayClient c = new RawGatewayClient(node.tcpPort());
        assertThat(c.handshake(RawGatewayClient.connect(node.appKey(), token).setDeviceId(device)).getCode()).isZero();
        return c;
    }

    private static Send.Builder typing(String target, String content) {
        return Send.newBuilder().setClientMsgId(UUID.randomUUID().toString())
                .setConversationType(ConversationType.PRIVATE).setTargetId(target).setObjectName("RC:TypSts")
                .setContent(content).setStatusOnly(true);
    }

    private static Send.Builder text(String target) {
        return Send.newBuilder().setClientMsgId(UUID.randomUUID().toString())
                .setConversationType(ConversationType.PRIVATE).setTargetId(target).setObjectName("RC:TxtMsg")
                .setContent("{\"content\":\"hi\"}");
    }

    /** Sends all of {@code sends} at once, then reads their acks' codes, in order. */
    private static List<Integer> burst(RawGatewayClient c, List<Send.Builder> sends) throws IOException {
        for (int i = 0; i < sends.size(); i++) {
            c.send(Frame.newBuilder().setRequestId(500 + i).setSend(sends.get(i)).build());
        }
        Integer[] codes = new Integer[sends.size()];
        for (int got = 0; got < sends.size(); ) {
            Frame f = c.read();
            if (f.hasSendAck()) {
                codes[f.getRequestId() - 500] = f.getSendAck().getCode();
                got++;
            }
        }
        return List.of(codes);
    }

    @Test
    void aBurstOfStatusSendsIsMostlyRefusedWith20604() throws Exception {
        try (RawGatewayClient c = login("st_typist", "t1")) {
            List<Send.Builder> sends = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                sends.add(typing("st_peer", "{\"typingContentType\":\"RC:TxtMsg\"}"));
            }
            List<Integer> codes = burst(c, sends);
            assertThat(codes).contains(ErrorCode.SUCCESS);
            assertThat(codes).filteredOn(code -> code == ErrorCode.SEND_MSG_FREQUENCY_OVERRUN).hasSizeGreaterThan(20);
            assertThat(codes).containsOnly(ErrorCode.SUCCESS, ErrorCode.SEND_MSG_FREQUENCY_OVERRUN);
        }
    }

    @Test
    void typingContentBeyondOneKibIsRefusedWith30016() throws Exception {
        try (RawGatewayClient c = login("st_big", "b1")) {
            String huge = "{\"typingContentType\":\"" + "x".repeat(128 * 1024 - 100) + "\"}";
            assertThat(c.request(Frame.newBuilder().setSend(typing("st_peer", huge))).getSendAck().getCode())
                    .isEqualTo(ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT);
            String justOver = "{\"t\":\"" + "x".repeat(MessagingHandler.MAX_STATUS_CONTENT_BYTES) + "\"}";
            assertThat(c.request(Frame.newBuilder().setSend(typing("st_peer", justOver))).getSendAck().getCode())
                    .isEqualTo(ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT);
            assertThat(c.request(Frame.newBuilder().setSend(typing("st_peer", "{\"typingContentType\":\"RC:TxtMsg\"}")))
                    .getSendAck().getCode()).isZero();
        }
    }

    @Test
    void aReconnectWithTheSameDeviceIdDoesNotRefillTheSendBudget() throws Exception {
        String token = node.token("st_again");
        try (RawGatewayClient first = new RawGatewayClient(node.tcpPort())) {
            assertThat(first.handshake(RawGatewayClient.connect(node.appKey(), token).setDeviceId("same")).getCode())
                    .isZero();
            List<Send.Builder> five = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                five.add(text("st_peer"));
            }
            assertThat(burst(first, five)).as("the app allows 5 a second").containsOnly(ErrorCode.SUCCESS);
        }
        try (RawGatewayClient again = new RawGatewayClient(node.tcpPort())) {
            assertThat(again.handshake(RawGatewayClient.connect(node.appKey(), token).setDeviceId("same")
                    .setReconnect(true)).getCode()).isZero();
            List<Send.Builder> five = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                five.add(text("st_peer"));
            }
            // A fresh connection used to bring a full bucket; the device's bucket is still (nearly) empty.
            assertThat(burst(again, five)).contains(ErrorCode.SEND_MSG_FREQUENCY_OVERRUN);
        }
    }
}
