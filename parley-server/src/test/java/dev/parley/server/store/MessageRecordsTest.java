package dev.parley.server.store;

import static dev.parley.server.store.StoreGenerators.messages;
import static dev.parley.server.store.StoreGenerators.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Why: every message of the embedded node is stored as these bytes, so any field value a send can carry must come back.
 */
class MessageRecordsTest {

    @Test
    void decodeOfEncodeIsTheMessage() {
        qt().withExamples(5000).forAll(messages()).checkAssert(m ->
                assertThat(MessageRecords.decode(m.appKey(), m.messageUid(), MessageRecords.encode(m))).isEqualTo(m));
    }

    @Test
    void edgeValuesRoundTrip() {
        List<StoredMessage> edges = List.of(
                new StoredMessage("", "", "", "", 0, "", "", "", "", null, 0, List.of(), 0),
                new StoredMessage("", "", "", "", 0, "", "", "", "", "", 0, List.of(""), 0),
                new StoredMessage("a", "u", "s", "c", Integer.MIN_VALUE, "t", "k", "o", "x", "p", Integer.MIN_VALUE,
                        List.of("", "", "", "", ""), Long.MIN_VALUE),
                new StoredMessage("a", "u", "s", "c", Integer.MAX_VALUE, "t", "k", "o", "x", null, Integer.MAX_VALUE,
                        List.of("😀", "\u0000", "\uFFFF"), Long.MAX_VALUE),
                new StoredMessage("a", "u", "s", "c", -1, "t", "k", "o", "😀".repeat(70_000), "é".repeat(300), -1,
                        List.of("x".repeat(200)), -1));
        for (StoredMessage m : edges) {
            assertThat(MessageRecords.decode(m.appKey(), m.messageUid(), MessageRecords.encode(m))).isEqualTo(m);
        }
    }

    @Test
    void appKeyAndUidComeFromTheKeyNotTheRecord() {
        qt().withExamples(3000).forAll(messages(), texts(), texts()).checkAssert((m, app, uid) ->
                assertThat(MessageRecords.decode(app, uid, MessageRecords.encode(m))).isEqualTo(new StoredMessage(
                        app, uid, m.senderId(), m.clientMsgId(), m.conversationType(), m.targetId(),
                        m.conversationKey(), m.objectName(), m.content(), m.pushContent(), m.flags(), m.mentioned(),
                        m.sentTime())));
    }

    @Test
    void truncatedRecordsAreAStoreException() {
        Gen<Cut> cuts = messages().flatMap(m -> integers().between(0, MessageRecords.encode(m).length - 1)
                .map(at -> new Cut(m, at)));
        qt().withExamples(3000).forAll(cuts).checkAssert(cut -> {
            byte[] truncated = Arrays.copyOf(MessageRecords.encode(cut.message()), cut.at());
            assertThatThrownBy(() -> MessageRecords.decode("a", "u", truncated)).isInstanceOf(StoreException.class);
        });
    }

    @Test
    void recordsOfAnotherFormatAreAStoreException() {
        Gen<Byte> otherFormats = integers().between(Byte.MIN_VALUE, Byte.MAX_VALUE).map(i -> (byte) i.intValue())
                .assuming(b -> b != 1);
        qt().withExamples(3000).forAll(messages(), otherFormats).checkAssert((m, format) -> {
            byte[] bytes = MessageRecords.encode(m);
            bytes[0] = format;
            assertThatThrownBy(() -> MessageRecords.decode("a", "u", bytes)).isInstanceOf(StoreException.class);
        });
    }

    /** A message's record cut to its first {@code at} bytes. */
    private record Cut(StoredMessage message, int at) {
    }
}
