package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Why: every message of the embedded node is stored as these bytes, so any field value a send can carry must
 * come back exactly.
 *
 * <p>Property tests over a fixed-seed generator (QuickTheories is a test dependency of parley-protocol, not of
 * this module): deterministic, and a failure names its case.
 */
class MessageRecordsTest {
    private static final int CASES = 20_000;

    @Test
    void decodeOfEncodeIsTheMessage() {
        SplittableRandom random = new SplittableRandom(0x5EED_0001L);
        for (int i = 0; i < CASES; i++) {
            StoredMessage m = arbitraryMessage(random);
            byte[] bytes = MessageRecords.encode(m);
            assertThat(MessageRecords.decode(m.appKey(), m.messageUid(), bytes)).as("case %d: %s", i, m).isEqualTo(m);
        }
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
        StoredMessage m = arbitraryMessage(new SplittableRandom(7));
        StoredMessage decoded = MessageRecords.decode("other-app", "other-uid", MessageRecords.encode(m));
        assertThat(decoded).isEqualTo(new StoredMessage("other-app", "other-uid", m.senderId(), m.clientMsgId(),
                m.conversationType(), m.targetId(), m.conversationKey(), m.objectName(), m.content(), m.pushContent(),
                m.flags(), m.mentioned(), m.sentTime()));
    }

    @Test
    void truncatedOrUnknownRecordsAreAStoreException() {
        SplittableRandom random = new SplittableRandom(0x5EED_0002L);
        for (int i = 0; i < 300; i++) {
            byte[] bytes = MessageRecords.encode(arbitraryMessage(random));
            int cut = random.nextInt(bytes.length);
            assertThatThrownBy(() -> MessageRecords.decode("a", "u", Arrays.copyOf(bytes, cut)))
                    .as("case %d cut at %d of %d", i, cut, bytes.length).isInstanceOf(StoreException.class);
            byte[] otherFormat = bytes.clone();
            otherFormat[0] = 2;
            assertThatThrownBy(() -> MessageRecords.decode("a", "u", otherFormat)).isInstanceOf(StoreException.class);
        }
    }

    // ---------------------------------------------------------------- generators

    static StoredMessage arbitraryMessage(SplittableRandom r) {
        int mentions = r.nextInt(6);
        List<String> mentioned = new ArrayList<>(mentions);
        for (int i = 0; i < mentions; i++) {
            mentioned.add(string(r));
        }
        String push = r.nextInt(3) == 0 ? null : string(r);
        return new StoredMessage(string(r), string(r), string(r), string(r), anInt(r), string(r), string(r),
                string(r), string(r), push, anInt(r), mentioned, aLong(r));
    }

    /** Empty, short, or over 127 UTF-8 bytes (a two-byte length); any code point but a lone surrogate. */
    static String string(SplittableRandom r) {
        int length = switch (r.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 64 + r.nextInt(400);
            default -> 1 + r.nextInt(12);
        };
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(codePoint(r));
        }
        return s.toString();
    }

    static int codePoint(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> r.nextInt(0x80);
            case 1 -> 'a' + r.nextInt(3);
            case 2 -> 0x80 + r.nextInt(0x800 - 0x80);
            case 3 -> {
                int c = 0x800 + r.nextInt(0x10000 - 0x800);
                yield Character.isSurrogate((char) c) ? 0xFFFD : c;
            }
            default -> 0x10000 + r.nextInt(0x110000 - 0x10000);
        };
    }

    static int anInt(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 127, 128}[r.nextInt(7)];
            case 1 -> r.nextInt(4);
            default -> r.nextInt();
        };
    }

    static long aLong(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x7F, 0x80}[r.nextInt(7)];
            case 1 -> 1_600_000_000_000L + r.nextLong(400_000_000_000L);
            default -> r.nextLong();
        };
    }
}
