package dev.parley.server.store;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Statistics;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * {@link MessageStore} of the embedded node, on RocksDB in {@code <dataDir>/messages}.
 *
 * <p>Why not the SQLite file the rest of the node uses: there, a 1:1 message is a row plus
 * eight B-tree inserts, three of them at random places (the two inboxes, the conversation),
 * so every message dirties about four 4 KiB pages that each commit writes to the WAL twice
 * over (frame header, page), and the single writer spent 45-60 µs of CPU per message, half
 * of it in the kernel. An LSM turns those inserts into one sequential log append per batch
 * and sorted in-memory tables merged in the background: measured 6-8 µs per message for the
 * same five keys (see BENCHMARKS.md, fourth round).
 *
 * <p>A batch is applied atomically (one {@link WriteBatch}), its log record written before the
 * call returns; reads within a batch see its own writes, as in a transaction. At
 * {@link Durability#FSYNC} (the node's default) the log is fsynced as part of that one write
 * ({@code WriteOptions.sync}): one fsync per group-commit batch, and no reader sees a batch
 * before it is on disk. Why not write unsynced then {@code syncWal()}: the same one fsync,
 * but a second call into the library, and a reader on another thread (a device syncing its
 * inbox) could be shown a message that a power cut then takes back. At {@link Durability#OS}
 * the log is left to the operating system: like SQLite's {@code synchronous=NORMAL} in WAL
 * mode, an acknowledged message survives the process being killed, not the machine losing
 * power. Writes and retention deletes take turns ({@link #writeLock}), so a purge never
 * races a recall rewriting the message it deletes.
 */
public final class RocksMessageStore implements MessageStore {
    static {
        RocksDB.loadLibrary();
    }

    private static final int PURGE_CHUNK = 5_000;
    private static final byte[] EMPTY = new byte[0];
    private static final long CACHE_BYTES = 32L << 20;
    private static final long MEMTABLES_BYTES = 64L << 20;

    private final LRUCache cache;
    private final WriteBufferManager memtables;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final ColumnFamilyOptions pointLookupOptions;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle messages;
    private final ColumnFamilyHandle clientIds;
    private final ColumnFamilyHandle conversations;
    private final ColumnFamilyHandle inbox;
    private final ColumnFamilyHandle byTime;
    private final ColumnFamilyHandle inboxHeads;
    private final Durability durability;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions = new ReadOptions();
    private final ReentrantLock writeLock = new ReentrantLock();
    // Every operation holds the read side; close() takes the write side, so that nothing is
    // inside the native library when it frees the database (a purge or a late sync would
    // otherwise touch freed memory and crash the process rather than fail).
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksMessageStore(Path dir, Durability durability, Statistics statistics) {
        this.durability = durability;
        this.writeOptions = new WriteOptions().setSync(durability == Durability.FSYNC);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create " + dir, e);
        }
        // Memtables are charged to the block cache: the node's memory stays bounded whatever the
        // load (at most 64 MiB of unflushed writes, and 32 MiB or more of cached blocks).
        cache = new LRUCache(CACHE_BYTES + MEMTABLES_BYTES);
        memtables = new WriteBufferManager(MEMTABLES_BYTES, cache);
        dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setWriteBufferManager(memtables)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2)
                // RocksDB keeps every table file open by default; the node's descriptors belong to
                // its connections (19,000 held under a 20,000 open-file limit in the idle bench).
                .setMaxOpenFiles(256);
        if (statistics != null) {
            dbOptions.setStatistics(statistics);
        }
        cfOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(16L << 20)
                .setMaxWriteBufferNumber(3)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
        // Every send looks its client id up, and nearly always finds nothing: bloom filters
        // (in the memtable and in each file) answer those without searching.
        pointLookupOptions = new ColumnFamilyOptions()
                .setMemtablePrefixBloomSizeRatio(0.05)
                .setMemtableWholeKeyFiltering(true)
                .setWriteBufferSize(16L << 20)
                .setMaxWriteBufferNumber(3)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
                        .setFilterPolicy(new BloomFilter(10, false)));
        List<ColumnFamilyDescriptor> families = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(RocksKeys.utf8("messages"), pointLookupOptions),
                new ColumnFamilyDescriptor(RocksKeys.utf8("client_ids"), pointLookupOptions),
                new ColumnFamilyDescriptor(RocksKeys.utf8("conversations"), cfOptions),
                new ColumnFamilyDescriptor(RocksKeys.utf8("inbox"), cfOptions),
                new ColumnFamilyDescriptor(RocksKeys.utf8("by_time"), cfOptions),
                new ColumnFamilyDescriptor(RocksKeys.utf8("inbox_heads"), cfOptions));
        try {
            db = RocksDB.open(dbOptions, dir.toString(), families, handles);
        } catch (RocksDBException e) {
            closeOptions();
            boolean locked = e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("lock");
            throw new StoreException("cannot open the message store in " + dir
                    + (locked ? ": another node is running on this data dir" : ""), e);
        }
        messages = handles.get(1);
        clientIds = handles.get(2);
        conversations = handles.get(3);
        inbox = handles.get(4);
        byTime = handles.get(5);
        inboxHeads = handles.get(6);
    }

    /** Opens (creating if needed) the store in {@code dir}, fsyncing every batch. Only one process may hold it open. */
    public static RocksMessageStore open(Path dir) {
        return open(dir, Durability.FSYNC);
    }

    /** Opens (creating if needed) the store in {@code dir}. Only one process may hold it open. */
    public static RocksMessageStore open(Path dir, Durability durability) {
        return new RocksMessageStore(dir, durability, null);
    }

    /** As {@link #open(Path, Durability)}, counting into {@code statistics} (tests count the log's fsyncs). */
    static RocksMessageStore open(Path dir, Durability durability, Statistics statistics) {
        return new RocksMessageStore(dir, durability, statistics);
    }

    /** Whether a batch is fsynced before {@link #write} returns. */
    public Durability durability() {
        return durability;
    }

    /** Fsyncs the log: everything written so far, synced or not, then survives a power cut. */
    @Override
    public void sync() {
        whileOpen(() -> {
            try {
                db.syncWal();
                return null;
            } catch (RocksDBException e) {
                throw new StoreException("cannot sync the message store's log", e);
            }
        });
    }

    @Override
    public <T> T write(WriteWork<T> work) {
        return whileOpen(() -> writeLocked(work));
    }

    private <T> T writeLocked(WriteWork<T> work) {
        writeLock.lock();
        try {
            Batch writes = new Batch();
            T result = work.run(writes);
            writes.commit();
            return result;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException("write batch failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * One batch's writes, held in sorted maps until the batch commits; its reads see its own
     * writes first. Why not RocksDB's own {@code WriteBatchWithIndex}: it keeps a native index
     * of every put and answers each read through JNI (together 25 % of the writer's CPU in a
     * profile at 15,000 msg/s); and applied in key order per column family, the memtable
     * inserts of a batch reuse part of each other's search path.
     */
    private final class Batch implements Writes {
        // By identity: a ColumnFamilyHandle's hashCode asks the native library for its name.
        private final Map<ColumnFamilyHandle, TreeMap<byte[], byte[]>> puts = new IdentityHashMap<>();
        // Inbox keys of each message, written to its by-time record when the batch ends.
        private final Map<ByteBuffer, List<byte[]>> inboxKeysByTime = new LinkedHashMap<>();

        Batch() {
            for (ColumnFamilyHandle family : List.of(messages, clientIds, conversations, inbox, byTime)) {
                puts.put(family, new TreeMap<>(Arrays::compareUnsigned));
            }
        }

        @Override
        public boolean insertIfNew(StoredMessage m) {
            byte[] clientKey = RocksKeys.clientId(m.appKey(), m.senderId(), m.clientMsgId());
            if (get(clientIds, clientKey) != null) {
                return false;
            }
            byte[] messageKey = RocksKeys.message(m.appKey(), m.messageUid());
            // A put would replace another message stored under this uid (a clock stepped back
            // under a node that drew the same node id): refuse, the writer draws another uid.
            if (get(messages, messageKey) != null) {
                return false;
            }
            byte[] uid = RocksKeys.utf8(m.messageUid());
            put(messages, messageKey, MessageRecords.encode(m));
            put(clientIds, clientKey, uid);
            put(conversations, RocksKeys.conversation(m.appKey(), m.conversationKey(), m.sentTime(), m.messageUid()),
                    EMPTY);
            inboxKeysByTime.computeIfAbsent(ByteBuffer.wrap(RocksKeys.byTime(m.appKey(), m.sentTime(),
                    m.messageUid())), k -> new ArrayList<>());
            return true;
        }

        @Override
        public Optional<StoredMessage> findByClientId(String appKey, String senderId, String clientMsgId) {
            byte[] uid = get(clientIds, RocksKeys.clientId(appKey, senderId, clientMsgId));
            return uid == null ? Optional.empty() : read(appKey, RocksKeys.string(uid));
        }

        @Override
        public void appendInbox(String appKey, String messageUid, long sentTime, List<String> users, long[] seqs) {
            byte[] uid = RocksKeys.utf8(messageUid);
            List<byte[]> keys = inboxKeysByTime.computeIfAbsent(
                    ByteBuffer.wrap(RocksKeys.byTime(appKey, sentTime, messageUid)), k -> existingInboxKeys(k.array()));
            for (int i = 0; i < users.size(); i++) {
                byte[] key = RocksKeys.inbox(appKey, users.get(i), seqs[i]);
                put(inbox, key, uid);
                keys.add(key);
            }
        }

        /** Unsupported: the embedded node is the only writer of its store and allocates seqs itself. */
        @Override
        public long[] reserveSeqs(List<InboxKey> keys, int[] counts) {
            throw new UnsupportedOperationException("the embedded store has a single writer; it reserves no seqs");
        }

        @Override
        public long maxSeq(String appKey, String userId) {
            return lastSeq(appKey, userId);
        }

        @Override
        public void replace(String appKey, String messageUid, String objectName, String content) {
            read(appKey, messageUid).ifPresent(m -> put(messages, RocksKeys.message(appKey, messageUid),
                    MessageRecords.encode(new StoredMessage(m.appKey(), m.messageUid(), m.senderId(), m.clientMsgId(),
                            m.conversationType(), m.targetId(), m.conversationKey(), objectName, content, null,
                            m.flags(), m.mentioned(), m.sentTime()))));
        }

        void commit() {
            inboxKeysByTime.forEach((key, keys) -> put(byTime, key.array(), encodeKeys(keys)));
            try (WriteBatch batch = new WriteBatch()) {
                for (Map.Entry<ColumnFamilyHandle, TreeMap<byte[], byte[]>> family : puts.entrySet()) {
                    for (Map.Entry<byte[], byte[]> e : family.getValue().entrySet()) {
                        batch.put(family.getKey(), e.getKey(), e.getValue());
                    }
                }
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw new StoreException("write batch failed", e);
            }
        }

        private Optional<StoredMessage> read(String appKey, String messageUid) {
            byte[] record = get(messages, RocksKeys.message(appKey, messageUid));
            return record == null ? Optional.empty() : Optional.of(MessageRecords.decode(appKey, messageUid, record));
        }

        private List<byte[]> existingInboxKeys(byte[] byTimeKey) {
            byte[] existing = get(byTime, byTimeKey);
            return existing == null ? new ArrayList<>() : decodeKeys(existing);
        }

        private byte[] get(ColumnFamilyHandle family, byte[] key) {
            byte[] written = puts.get(family).get(key);
            if (written != null) {
                return written;
            }
            try {
                return db.get(family, readOptions, key);
            } catch (RocksDBException e) {
                throw new StoreException("read failed", e);
            }
        }

        private void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
            puts.get(family).put(key, value);
        }
    }

    /**
     * The user's last seq: their newest inbox entry, or, once retention deleted them all, the
     * seq the last of them had. Seqs must never restart: a device that synced up to seq 57
     * asks for what comes after 57, and a new entry numbered 1 would never reach it.
     */
    @Override
    public long maxSeq(String appKey, String userId) {
        return whileOpen(() -> lastSeq(appKey, userId));
    }

    private long lastSeq(String appKey, String userId) {
        byte[] prefix = RocksKeys.inboxPrefix(appKey, userId);
        try (RocksIterator it = db.newIterator(inbox, readOptions)) {
            it.seekForPrev(RocksKeys.withNumber(prefix, Long.MAX_VALUE));
            if (it.isValid() && RocksKeys.startsWith(it.key(), prefix)) {
                return RocksKeys.numberAfter(it.key(), prefix);
            }
        }
        try {
            byte[] head = db.get(inboxHeads, readOptions, prefix);
            return head == null ? 0 : RocksKeys.numberAfter(head, EMPTY);
        } catch (RocksDBException e) {
            throw new StoreException("read failed", e);
        }
    }

    @Override
    public List<InboxRow> readInbox(String appKey, String userId, long afterSeq, int limit) {
        return whileOpen(() -> inboxAfter(appKey, userId, afterSeq, limit));
    }

    private List<InboxRow> inboxAfter(String appKey, String userId, long afterSeq, int limit) {
        byte[] prefix = RocksKeys.inboxPrefix(appKey, userId);
        List<Long> seqs = new ArrayList<>();
        List<byte[]> uids = new ArrayList<>();
        try (RocksIterator it = db.newIterator(inbox, readOptions)) {
            for (it.seek(RocksKeys.withNumber(prefix, afterSeq + 1));
                 it.isValid() && uids.size() < limit && RocksKeys.startsWith(it.key(), prefix); it.next()) {
                seqs.add(RocksKeys.numberAfter(it.key(), prefix));
                uids.add(it.value());
            }
        }
        List<Optional<StoredMessage>> found = readAll(appKey, uids);
        List<InboxRow> rows = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            // Absent only if retention deleted the message since the entry was read.
            int at = i;
            found.get(i).ifPresent(m -> rows.add(new InboxRow(seqs.get(at), m)));
        }
        return rows;
    }

    @Override
    public Optional<StoredMessage> find(String appKey, String messageUid) {
        return whileOpen(() -> findStored(appKey, messageUid));
    }

    private Optional<StoredMessage> findStored(String appKey, String messageUid) {
        try {
            byte[] record = db.get(messages, readOptions, RocksKeys.message(appKey, messageUid));
            return record == null ? Optional.empty() : Optional.of(MessageRecords.decode(appKey, messageUid, record));
        } catch (RocksDBException e) {
            throw new StoreException("read failed", e);
        }
    }

    @Override
    public List<StoredMessage> history(String appKey, String conversationKey, long beforeTime, int limit) {
        return whileOpen(() -> conversationBefore(appKey, conversationKey, beforeTime, limit));
    }

    private List<StoredMessage> conversationBefore(String appKey, String conversationKey, long beforeTime,
                                                   int limit) {
        byte[] prefix = RocksKeys.conversationPrefix(appKey, conversationKey);
        List<byte[]> uids = new ArrayList<>();
        try (RocksIterator it = db.newIterator(conversations, readOptions)) {
            // Keys at beforeTime carry a uid after the time, so they sort after this bound.
            for (it.seekForPrev(RocksKeys.withNumber(prefix, beforeTime));
                 it.isValid() && uids.size() < limit && RocksKeys.startsWith(it.key(), prefix); it.prev()) {
                uids.add(RocksKeys.utf8(RocksKeys.uidAfterTime(it.key(), prefix)));
            }
        }
        List<StoredMessage> out = new ArrayList<>(uids.size());
        readAll(appKey, uids).forEach(m -> m.ifPresent(out::add));
        return out;
    }

    private List<Optional<StoredMessage>> readAll(String appKey, List<byte[]> uids) {
        if (uids.isEmpty()) {
            return List.of();
        }
        List<byte[]> keys = new ArrayList<>(uids.size());
        List<String> names = new ArrayList<>(uids.size());
        for (byte[] uid : uids) {
            String name = RocksKeys.string(uid);
            names.add(name);
            keys.add(RocksKeys.message(appKey, name));
        }
        try {
            List<byte[]> records = db.multiGetAsList(readOptions, Collections.nCopies(keys.size(), messages), keys);
            List<Optional<StoredMessage>> out = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                byte[] record = records.get(i);
                out.add(record == null ? Optional.empty()
                        : Optional.of(MessageRecords.decode(appKey, names.get(i), record)));
            }
            return out;
        } catch (RocksDBException e) {
            throw new StoreException("read failed", e);
        }
    }

    @Override
    public int purge(String appKey, long before) {
        return purge(appKey, before, PURGE_CHUNK);
    }

    /**
     * As {@link #purge(String, long)}, {@code chunk} messages per write: the writer waits for
     * each chunk, not for the whole purge.
     */
    int purge(String appKey, long before, int chunk) {
        byte[] prefix = RocksKeys.appPrefix(appKey);
        byte[] end = RocksKeys.withNumber(prefix, before);
        int deleted = 0;
        while (true) {
            int n = whileOpen(() -> purgeChunk(appKey, prefix, end, chunk));
            deleted += n;
            if (n < chunk) {
                return deleted;
            }
        }
    }

    private int purgeChunk(String appKey, byte[] prefix, byte[] end, int chunk) {
        writeLock.lock();
        try (RocksIterator it = db.newIterator(byTime, readOptions);
             RocksIterator entries = db.newIterator(inbox, readOptions);
             WriteBatch batch = new WriteBatch()) {
            int n = 0;
            for (it.seek(prefix); it.isValid() && n < chunk && Arrays.compareUnsigned(it.key(), end) < 0; it.next()) {
                byte[] timeKey = it.key();
                for (byte[] inboxKey : decodeKeys(it.value())) {
                    keepHeadIfLast(entries, inboxKey, batch);
                    batch.delete(inbox, inboxKey);
                }
                String uid = RocksKeys.uidAfterTime(timeKey, prefix);
                byte[] messageKey = RocksKeys.message(appKey, uid);
                byte[] record = db.get(messages, readOptions, messageKey);
                if (record != null) {
                    StoredMessage m = MessageRecords.decode(appKey, uid, record);
                    batch.delete(clientIds, RocksKeys.clientId(appKey, m.senderId(), m.clientMsgId()));
                    batch.delete(conversations, RocksKeys.conversation(appKey, m.conversationKey(), m.sentTime(), uid));
                    batch.delete(messages, messageKey);
                    n++;
                }
                batch.delete(byTime, timeKey);
            }
            db.write(writeOptions, batch);
            return n;
        } catch (RocksDBException e) {
            throw new StoreException("purge failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Before a user's newest inbox entry is deleted, records its seq as the user's head (see {@link #maxSeq}). */
    private void keepHeadIfLast(RocksIterator entries, byte[] inboxKey, WriteBatch batch) throws RocksDBException {
        byte[] user = Arrays.copyOf(inboxKey, inboxKey.length - 8);
        entries.seekForPrev(RocksKeys.withNumber(user, Long.MAX_VALUE));
        if (entries.isValid() && Arrays.equals(entries.key(), inboxKey)) {
            batch.put(inboxHeads, user, Arrays.copyOfRange(inboxKey, inboxKey.length - 8, inboxKey.length));
        }
    }

    private static byte[] encodeKeys(List<byte[]> keys) {
        int size = CodedOutputStream.computeUInt32SizeNoTag(keys.size());
        for (byte[] key : keys) {
            size += CodedOutputStream.computeByteArraySizeNoTag(key);
        }
        // Into an array of the exact size: a stream-backed encoder would allocate 4 KiB per message.
        byte[] out = new byte[size];
        try {
            CodedOutputStream w = CodedOutputStream.newInstance(out);
            w.writeUInt32NoTag(keys.size());
            for (byte[] key : keys) {
                w.writeByteArrayNoTag(key);
            }
            w.checkNoSpaceLeft();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("retention record size miscounted", e);
        }
    }

    private static List<byte[]> decodeKeys(byte[] value) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(value);
            int n = in.readUInt32();
            List<byte[]> keys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                keys.add(in.readByteArray());
            }
            return keys;
        } catch (IOException e) {
            throw new StoreException("corrupt retention record", e);
        }
    }

    private <T> T whileOpen(Supplier<T> operation) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new StoreException("the message store is closed", null);
            }
            return operation.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Waits for operations in progress, then frees the database; later calls fail with a
     * {@link StoreException}. Flushes nothing by hand: RocksDB's log already holds every
     * acknowledged batch.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            closeOptions();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void closeOptions() {
        writeOptions.close();
        readOptions.close();
        dbOptions.close();
        cfOptions.close();
        pointLookupOptions.close();
        memtables.close();
        cache.close();
    }
}
