package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageContent;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.SyncResult;
import dev.parley.server.messaging.MessagingService.Outgoing;
import dev.parley.server.messaging.MessagingService.SendResult;
import dev.parley.server.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Why: an acknowledged message must reach every device, so whatever a send may store has to
 * fit in a sync page; and every field over its bound is refused with a clear code.
 */
class MessageBoundsTest {
    private static final String THREE_BYTES = "\u0800";
    private static final String FOUR_BYTES = "\uD83D\uDE00";

    @Test
    void theLargestMessageASendMayStoreFitsASyncPageWithRoomToSpare() {
        Outgoing worst = outgoing(ConversationType.GROUP, THREE_BYTES.repeat(MessageBounds.MAX_CLIENT_MSG_ID_CHARS),
                THREE_BYTES.repeat(MessageBounds.MAX_OBJECT_NAME_CHARS), content(Protocol.MAX_CONTENT_BYTES),
                THREE_BYTES.repeat(MessageBounds.MAX_PUSH_CONTENT_CHARS), mentions(MessageBounds.MAX_MENTIONS,
                        MessageBounds.MAX_MENTION_CHARS));
        assertThat(MessagingService.validate(worst)).as("every field at its bound is accepted").isNull();

        int entry = largestEntry(worst);
        int frame = pageFrameSize(worst);

        assertThat(entry).isLessThanOrEqualTo(MessageBounds.MAX_ENTRY_BYTES - 8 * 1024);
        assertThat(frame).as("a page holding it, in a frame").isLessThanOrEqualTo(Protocol.MAX_FRAME_BYTES - 64 * 1024);
    }

    @Test
    void anyMessageASendMayStoreFitsASyncPage() {
        Gen<List<String>> names = texts(MessageBounds.MAX_CLIENT_MSG_ID_CHARS + 1)
                .zip(texts(MessageBounds.MAX_OBJECT_NAME_CHARS + 1), List::of);
        Gen<List<String>> mentioned = lists().of(integers().between(1, 64)).ofSizeBetween(0, 3001)
                .map(lengths -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < lengths.size(); i++) {
                        ids.add(id(i, lengths.get(i)));
                    }
                    return ids;
                });
        qt().withExamples(300).forAll(names, integers().between(8, Protocol.MAX_CONTENT_BYTES + 8),
                texts(MessageBounds.MAX_PUSH_CONTENT_CHARS + 1), mentioned).checkAssert((ids, contentBytes, push, mentions) -> {
                    Outgoing out = outgoing(ConversationType.GROUP, ids.get(0).isEmpty() ? "c" : ids.get(0),
                            ids.get(1).isEmpty() ? "o" : ids.get(1), content(contentBytes), push, mentions);
                    if (MessagingService.validate(out) == null) {
                        assertThat(largestEntry(out)).isLessThanOrEqualTo(MessageBounds.MAX_ENTRY_BYTES);
                        assertThat(pageFrameSize(out)).isLessThanOrEqualTo(Protocol.MAX_FRAME_BYTES);
                    }
                });
    }

    /** Up to {@code maxChars} characters of one UTF-8 width (1 to 4 bytes), most of them near the bound. */
    private static Gen<String> texts(int maxChars) {
        return integers().between(0, 3).zip(integers().between(0, maxChars), (width, n) ->
                (width == 0 ? "a" : width == 1 ? "\u00e9" : width == 2 ? THREE_BYTES : FOUR_BYTES).repeat(n));
    }

    @Test
    void eachFieldOneOverItsBoundIsRefusedWithAClearCode() {
        String ok = "{}";
        assertRefused(outgoing(ConversationType.GROUP, "c".repeat(161), "RC:TxtMsg", ok, null, List.of()),
                ErrorCode.INVALID_PARAMETER, "client message id");
        assertRefused(outgoing(ConversationType.GROUP, "c", "o".repeat(33), ok, null, List.of()),
                ErrorCode.INVALID_PARAMETER, "objectName");
        assertRefused(outgoing(ConversationType.GROUP, "c", "RC:TxtMsg", content(Protocol.MAX_CONTENT_BYTES + 1), null,
                List.of()), ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT, "128 KiB");
        assertRefused(outgoing(ConversationType.GROUP, "c", "RC:TxtMsg", ok, "p".repeat(1025), List.of()),
                ErrorCode.INVALID_PARAMETER, "pushContent");
        assertRefused(outgoing(ConversationType.GROUP, "c", "RC:TxtMsg", ok, null, mentions(3001, 3001 * 5)),
                ErrorCode.INVALID_PARAMETER, "more than 3000 mentioned users");
        assertRefused(outgoing(ConversationType.GROUP, "c", "RC:TxtMsg", ok, null,
                mentions(1000, MessageBounds.MAX_MENTION_CHARS + 1)), ErrorCode.INVALID_PARAMETER, "together");
        assertRefused(outgoing(ConversationType.GROUP, "c", "RC:TxtMsg", ok, null, List.of("u".repeat(65))),
                ErrorCode.INVALID_PARAMETER, "mentioned user must be @all or a user id");
        assertRefused(outgoing(ConversationType.GROUP, "c", "RC:TxtMsg", ok, null, List.of("bad id")),
                ErrorCode.INVALID_PARAMETER, "mentioned user must be");
    }

    @Test
    void mentionsAreForGroupMessagesOnly() {
        assertRefused(outgoing(ConversationType.PRIVATE, "c", "RC:TxtMsg", "{}", null, List.of("bob")),
                ErrorCode.INVALID_PARAMETER, "mentions are only for group messages");
        assertThat(MessagingService.validate(outgoing(ConversationType.GROUP, "c", "RC:TxtMsg", "{}", null,
                List.of(MessageContent.MENTION_ALL, "bob", "bob")))).isNull();
    }

    @Test
    void textWithAnUnpairedSurrogateIsRefusedAsInvalidNotFailedAsInternal() {
        assertRefused(outgoing(ConversationType.PRIVATE, "c", "RC:TxtMsg", "{\"content\":\"a\uD800b\"}", null,
                List.of()), ErrorCode.INVALID_PARAMETER, "content holds an unpaired UTF-16 surrogate");
        assertRefused(outgoing(ConversationType.PRIVATE, "c", "RC:TxtMsg", "{\"content\":\"\uDC00\"}", null,
                List.of()), ErrorCode.INVALID_PARAMETER, "content holds an unpaired");
        assertRefused(outgoing(ConversationType.PRIVATE, "c", "RC:TxtMsg", "{}", "\uD800", List.of()),
                ErrorCode.INVALID_PARAMETER, "pushContent holds an unpaired");
        assertRefused(outgoing(ConversationType.PRIVATE, "c\uDBFF", "RC:TxtMsg", "{}", null, List.of()),
                ErrorCode.INVALID_PARAMETER, "client message id holds an unpaired");
        assertThat(MessagingService.validate(outgoing(ConversationType.PRIVATE, "c", "RC:TxtMsg",
                "{\"content\":\"" + FOUR_BYTES + "\"}", null, List.of()))).as("a pair is fine").isNull();
    }

    private static void assertRefused(Outgoing out, int code, String detail) {
        SendResult r = MessagingService.validate(out);
        assertThat(r).isNotNull();
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.detail()).contains(detail);
    }

    /** The larger of the sender's and a recipient's entry for {@code out} stored, at the largest seq and time. */
    private static int largestEntry(Outgoing out) {
        StoredMessage m = stored(out);
        return Math.max(InboxMessages.forUser(m, out.senderId(), -1).getSerializedSize(),
                InboxMessages.forUser(m, "r".repeat(64), -1).getSerializedSize());
    }

    private static int pageFrameSize(Outgoing out) {
        InboxMessage entry = InboxMessages.forUser(stored(out), out.senderId(), -1);
        return Frame.newBuilder().setRequestId(-1).setSyncResult(SyncResult.newBuilder().addMessages(entry)
                .setHasMore(true).setMaxSeq(-1)).build().getSerializedSize();
    }

    private static StoredMessage stored(Outgoing out) {
        return new StoredMessage(out.appKey(), "ZZZZ-ZZZZ-ZZZZ-Z", out.senderId(), out.clientMsgId(),
                out.type().getNumber(), out.targetId(), ConversationKeys.of(out.type(), out.senderId(), out.targetId()),
                out.objectName(), out.content(), out.pushContent(), StoredMessage.NOT_PERSISTED
                | StoredMessage.NOT_COUNTED, Mentions.distinct(out.mentioned()), -1L);
    }

    private static Outgoing outgoing(ConversationType type, String clientMsgId, String objectName, String content,
                                     String push, List<String> mentioned) {
        return new Outgoing("app", "s".repeat(64), clientMsgId, type, "t".repeat(64), objectName, content, push,
                false, false, mentioned, true, false, false, null);
    }

    /** A JSON object of exactly {@code bytes} UTF-8 bytes (at least 8), in 4-byte characters where it can. */
    private static String content(int bytes) {
        int body = bytes - 8;
        return "{\"c\":\"" + FOUR_BYTES.repeat(body / 4) + "a".repeat(body % 4) + "\"}";
    }

    /** {@code count} distinct ids of {@code chars} characters together. */
    private static List<String> mentions(int count, int chars) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(id(i, chars / count + (i < chars % count ? 1 : 0)));
        }
        return ids;
    }

    /** Id number {@code i}, padded to {@code length} characters (never shorter than its digits). */
    private static String id(int i, int length) {
        String digits = Integer.toString(i, 36);
        return digits.length() >= length ? digits : "_".repeat(length - digits.length()) + digits;
    }
}
