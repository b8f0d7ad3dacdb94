package schedule;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Values read from the database, reused for a short time. Writes through this service clear it at once; the time
 * limit only bounds how stale another instance's change, or a user deleted out of a rotation, can be.
 */
final class TtlCache<K, V> {

    static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private record Entry<V>(V value, long loadedAt) {
    }

    private final ConcurrentHashMap<K, Entry<V>> map = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    V get(K key, Supplier<V> load) {
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

    void clear() {
        generation.incrementAndGet();
        map.clear();
    }
}
