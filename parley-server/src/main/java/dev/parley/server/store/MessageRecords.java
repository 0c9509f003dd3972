package dev.parley.server.store;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a stored message in {@link RocksMessageStore}: every field of
 * {@link StoredMessage} but the app key and uid, which are in the record's key. Protobuf's
 * varint and length-delimited string encodings, behind a format byte so that a later layout
 * can read this one.
 */
final class MessageRecords {
    private static final int FORMAT_1 = 1;
    private static final int HAS_PUSH_CONTENT = 1;

    private MessageRecords() {
    }

    static byte[] encode(StoredMessage m) {
        try {
            int size = 1 + CodedOutputStream.computeStringSizeNoTag(m.senderId())
                    + CodedOutputStream.computeStringSizeNoTag(m.clientMsgId())
                    + CodedOutputStream.computeInt32SizeNoTag(m.conversationType())
                    + CodedOutputStream.computeStringSizeNoTag(m.targetId())
                    + CodedOutputStream.computeStringSizeNoTag(m.conversationKey())
                    + CodedOutputStream.computeStringSizeNoTag(m.objectName())
                    + CodedOutputStream.computeStringSizeNoTag(m.content())
                    + 1 + (m.pushContent() == null ? 0 : CodedOutputStream.computeStringSizeNoTag(m.pushContent()))
                    + CodedOutputStream.computeInt32SizeNoTag(m.flags())
                    + CodedOutputStream.computeUInt32SizeNoTag(m.mentioned().size())
                    + 8;
            for (String user : m.mentioned()) {
                size += CodedOutputStream.computeStringSizeNoTag(user);
            }
            byte[] out = new byte[size];
            CodedOutputStream w = CodedOutputStream.newInstance(out);
            w.writeRawByte(FORMAT_1);
            w.writeStringNoTag(m.senderId());
            w.writeStringNoTag(m.clientMsgId());
            w.writeInt32NoTag(m.conversationType());
            w.writeStringNoTag(m.targetId());
            w.writeStringNoTag(m.conversationKey());
            w.writeStringNoTag(m.objectName());
            w.writeStringNoTag(m.content());
            w.writeRawByte(m.pushContent() == null ? 0 : HAS_PUSH_CONTENT);
            if (m.pushContent() != null) {
                w.writeStringNoTag(m.pushContent());
            }
            w.writeInt32NoTag(m.flags());
            w.writeUInt32NoTag(m.mentioned().size());
            for (String user : m.mentioned()) {
                w.writeStringNoTag(user);
            }
            w.writeFixed64NoTag(m.sentTime());
            w.checkNoSpaceLeft();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("message record size miscounted", e);
        }
    }

    static StoredMessage decode(String appKey, String messageUid, byte[] bytes) {
        try {
            CodedInputStream r = CodedInputStream.newInstance(bytes);
            int format = r.readRawByte();
            if (format != FORMAT_1) {
                throw new StoreException("unknown message record format " + format, null);
            }
            String sender = r.readStringRequireUtf8();
            String clientMsgId = r.readStringRequireUtf8();
            int type = r.readInt32();
            String target = r.readStringRequireUtf8();
            String conversation = r.readStringRequireUtf8();
            String objectName = r.readStringRequireUtf8();
            String content = r.readStringRequireUtf8();
            String push = r.readRawByte() == HAS_PUSH_CONTENT ? r.readStringRequireUtf8() : null;
            int flags = r.readInt32();
            int mentions = r.readUInt32();
            List<String> mentioned = new ArrayList<>(mentions);
            for (int i = 0; i < mentions; i++) {
                mentioned.add(r.readStringRequireUtf8());
            }
            long sentTime = r.readFixed64();
            return new StoredMessage(appKey, messageUid, sender, clientMsgId, type, target, conversation, objectName,
                    content, push, flags, mentioned, sentTime);
        } catch (IOException e) {
            throw new StoreException("corrupt message record " + appKey + "/" + messageUid, e);
        }
    }
}
