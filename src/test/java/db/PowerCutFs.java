package db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:powercut:/path/db}) that writes through to the real files and keeps, for each
 * {@code .mv.db} file, what a power cut could leave of it: the bytes as of the last fsync ({@link FileChannel#force})
 * and the writes issued since, which the disk may or may not have kept, in any order.
 */
public final class PowerCutFs extends FilePathWrapper {

    private static final PowerCutFs INSTANCE = new PowerCutFs();

    /** For H2, which makes one for each path by reflection. */
    public PowerCutFs() {
    }
    private static final Map<String, Journal> JOURNALS = new ConcurrentHashMap<>();

    static void register() {
        FilePath.register(INSTANCE);
    }

    /** The journal of the store file whose path ends with {@code suffix}. */
    static Journal journal(String suffix) {
        return JOURNALS.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new IllegalStateException("no journal for " + suffix));
    }

    @Override
    public String getScheme() {
        return "powercut";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel real = getBase().open(mode);
        if (!name.endsWith(".mv.db")) {
            return real;
        }
        Journal journal = JOURNALS.computeIfAbsent(name, n -> new Journal());
        return new Channel(real, journal);
    }

    /** One write: where, and what. */
    record Write(long position, byte[] data) {
    }

    /** What is surely on disk (as of the last fsync) and what was written after it. */
    static final class Journal {
        private byte[] durable = new byte[0];
        private final List<Write> pending = new ArrayList<>();

        synchronized void written(long position, byte[] data) {
            pending.add(new Write(position, data));
        }

        synchronized void forced() {
            for (Write w : pending) {
                durable = apply(durable, w);
            }
            pending.clear();
        }

        synchronized byte[] durable() {
            return durable.clone();
        }

        synchronized List<Write> pending() {
            return List.copyOf(pending);
        }

        static byte[] apply(byte[] image, Write w) {
            long end = w.position() + w.data().length;
            byte[] out = end > image.length ? Arrays.copyOf(image, (int) end) : image;
            System.arraycopy(w.data(), 0, out, (int) w.position(), w.data().length);
            return out;
        }
    }

    private static final class Channel extends FileBase {
        private final FileChannel real;
        private final Journal journal;

        Channel(FileChannel real, Journal journal) {
            this.real = real;
            this.journal = journal;
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);  // a shorter file loses nothing a reader of the journal's images needs
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            real.force(metaData);
            journal.forced();
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            long at = real.position();
            ByteBuffer before = src.duplicate();
            int n = real.write(src);
            journal.written(at, copy(before, n));
            return n;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            ByteBuffer before = src.duplicate();
            int n = real.write(src, position);
            journal.written(position, copy(before, n));
            return n;
        }

        private static byte[] copy(ByteBuffer src, int n) {
            byte[] b = new byte[Math.max(0, n)];
            src.get(b);
            return b;
        }

        @Override
        public synchronized FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }
    }
}
