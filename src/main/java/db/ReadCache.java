package db;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Rows read from the database on every notification and webhook (users, rosters, schedules) that change rarely,
 * reused for {@link #TTL_NANOS}. The service that writes them clears its cache at once; the time limit only bounds
 * how stale another instance's change (shared PostgreSQL), or a user deleted out of a rotation, can be. A load that
 * raced with a clear never puts the old value back (the generation check).
 */
public final class ReadCache<K, V> {

    public static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private record Entry<V>(V value, long loadedAt) {
    }

    private final ConcurrentHashMap<K, Entry<V>> map = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public V get(K key, Supplier<V> load) {
        long now = System.nanoTime();
        Entry<V> e = map.get(key);
        if (e != null && now - e.loadedAt() < TTL_NANOS) {
            return e.value();
        }
        long gen = generation.get();
        V value = load.get();
        if (map.size() > 10_000) {
            map.clear();
        }
        // a load that raced with a write must not put the old value back
        if (generation.get() == gen) {
            map.put(key, new Entry<>(value, now));
        }
        return value;
    }

    public void clear() {
        generation.incrementAndGet();
        map.clear();
    }
}
