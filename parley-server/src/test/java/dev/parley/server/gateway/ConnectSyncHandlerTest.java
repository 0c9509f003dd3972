package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Platform;
import dev.parley.protocol.wire.Send;
import dev.parley.protocol.wire.SyncRequest;
import dev.parley.protocol.wire.SyncResult;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectSyncHandlerTest {
    private static final long HEAD = 42;
    private final List<String> asked = new ArrayList<>();
    // Nothing new after HEAD; anything older must come from storage.
    private final ConnectSyncHandler handler = new ConnectSyncHandler((appKey, userId, afterSeq) -> {
        asked.add(appKey + "/" + userId + "/" + afterSeq);
        return afterSeq >= HEAD ? SyncResult.newBuilder().setMaxSeq(HEAD).build() : null;
    });

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ch.attr(GatewayAttributes.SESSION).set(new Session("s1", "app", "alice", Platform.DESKTOP, "d1", ch, 0));
        return ch;
    }

    private static Frame sync(int requestId, long afterSeq) {
        return Frame.newBuilder().setRequestId(requestId).setSync(SyncRequest.newBuilder().setAfterSeq(afterSeq)).build();
    }

    @Test
    void answersTheConnectTimeSyncWithNothingNewOnTheEventLoop() {
        EmbeddedChannel ch = channel();

        ch.writeInbound(sync(7, HEAD));

        Frame answer = ch.readOutbound();
        assertThat(answer.getRequestId()).isEqualTo(7);
        assertThat(answer.getSyncResult().getMaxSeq()).isEqualTo(HEAD);
        assertThat(answer.getSyncResult().getMessagesCount()).isZero();
        assertThat((Object) ch.readInbound()).as("not passed on to the messaging handler").isNull();
        assertThat(asked).containsExactly("app/alice/42");
        assertThat(ch.pipeline().get(ConnectSyncHandler.class)).as("left the pipeline").isNull();
    }

    @Test
    void passesOnASyncThatMustReadStorage() {
        EmbeddedChannel ch = channel();

        ch.writeInbound(sync(8, HEAD - 5));

        Frame passed = ch.readInbound();
        assertThat(passed.getRequestId()).isEqualTo(8);
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.pipeline().get(ConnectSyncHandler.class)).isNull();
    }

    @Test
    void afterAnyOtherFirstFrameEverySyncGoesToTheMessagingHandlerInOrder() {
        EmbeddedChannel ch = channel();
        Frame send = Frame.newBuilder().setRequestId(1).setSend(Send.newBuilder().setTargetId("bob")).build();

        ch.writeInbound(send, sync(2, HEAD));

        assertThat((Frame) ch.readInbound()).isEqualTo(send);
        assertThat(((Frame) ch.readInbound()).getRequestId()).isEqualTo(2);
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(asked).as("a sync queued behind the send is never answered early").isEmpty();
    }

    @Test
    void aSecondSyncIsNotAnsweredHere() {
        EmbeddedChannel ch = channel();

        ch.writeInbound(sync(1, HEAD), sync(2, HEAD));

        assertThat(((Frame) ch.readOutbound()).getRequestId()).isEqualTo(1);
        assertThat(((Frame) ch.readInbound()).getRequestId()).isEqualTo(2);
        assertThat(asked).hasSize(1);
    }
}
