package dev.parley.server.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys of {@link RocksMessageStore}. Strings are written as a varint length then their UTF-8
 * bytes, so that no id can run into the next part of a key (ids may hold any character), and
 * numbers as 8 bytes big-endian, so that byte order is numeric order within a prefix:
 * <ul>
 * <li>messages: app, uid</li>
 * <li>client ids: app, sender, client message id → uid (idempotent sends)</li>
 * <li>conversations: app, conversation key, sent time, uid bytes (history, newest first by seeking backwards)</li>
 * <li>inbox: app, user, seq → uid (sync)</li>
 * <li>by time: app, sent time, uid bytes → the message's inbox keys (retention)</li>
 * <li>inbox heads: app, user → the seq of the user's last entry, once retention deleted it</li>
 * </ul>
 */
final class RocksKeys {
    private RocksKeys() {
    }

    static byte[] message(String appKey, String uid) {
        return new Builder().string(appKey).string(uid).build();
    }

    static byte[] clientId(String appKey, String senderId, String clientMsgId) {
        return new Builder().string(appKey).string(senderId).string(clientMsgId).build();
    }

    static byte[] conversationPrefix(String appKey, String conversationKey) {
        return new Builder().string(appKey).string(conversationKey).build();
    }

    static byte[] conversation(String appKey, String conversationKey, long sentTime, String uid) {
        return new Builder().string(appKey).string(conversationKey).number(sentTime).raw(utf8(uid)).build();
    }

    static byte[] inboxPrefix(String appKey, String userId) {
        return new Builder().string(appKey).string(userId).build();
    }

    static byte[] inbox(String appKey, String userId, long seq) {
        return new Builder().string(appKey).string(userId).number(seq).build();
    }

    static byte[] appPrefix(String appKey) {
        return new Builder().string(appKey).build();
    }

    static byte[] byTime(String appKey, long sentTime, String uid) {
        return new Builder().string(appKey).number(sentTime).raw(utf8(uid)).build();
    }

    /** {@code prefix} followed by {@code n}: a bound of the keys under the prefix whose next part is a number. */
    static byte[] withNumber(byte[] prefix, long n) {
        return new Builder().raw(prefix).number(n).build();
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The number written right after {@code prefix} in {@code key}. */
    static long numberAfter(byte[] key, byte[] prefix) {
        long n = 0;
        for (int i = prefix.length; i < prefix.length + 8; i++) {
            n = n << 8 | (key[i] & 0xFF);
        }
        return n;
    }

    /** The uid that ends a conversation or by-time key: what follows {@code prefix} and the 8-byte time. */
    static String uidAfterTime(byte[] key, byte[] prefix) {
        int from = prefix.length + 8;
        return new String(key, from, key.length - from, StandardCharsets.UTF_8);
    }

    static String string(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a key back part by part, in the order {@link Builder} wrote it (for copying the store elsewhere). */
    static final class Reader {
        private final byte[] key;
        private int at;

        Reader(byte[] key) {
            this.key = key;
        }

        String string() {
            int n = 0;
            int shift = 0;
            byte b;
            do {
                b = key[at++];
                n |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            String s = new String(key, at, n, StandardCharsets.UTF_8);
            at += n;
            return s;
        }

        long number() {
            long n = 0;
            for (int end = at + 8; at < end; at++) {
                n = n << 8 | (key[at] & 0xFF);
            }
            return n;
        }

        /** The bytes read so far: e.g. the (app, user) prefix of an inbox key. */
        byte[] readSoFar() {
            return Arrays.copyOf(key, at);
        }
    }

    private static final class Builder {
        private byte[] bytes = new byte[64];
        private int size;

        Builder string(String s) {
            byte[] b = utf8(s);
            int n = b.length;
            while ((n & ~0x7F) != 0) {
                put((byte) ((n & 0x7F) | 0x80));
                n >>>= 7;
            }
            put((byte) n);
            return raw(b);
        }

        Builder number(long n) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                put((byte) (n >>> shift));
            }
            return this;
        }

        Builder raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
            return this;
        }

        private void put(byte b) {
            ensure(1);
            bytes[size++] = b;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] build() {
            return Arrays.copyOf(bytes, size);
        }
    }
}
