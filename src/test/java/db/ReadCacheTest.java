package db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadCacheTest {

    @Test
    void should_reuse_a_value_until_cleared() {
        ReadCache<String, Integer> cache = new ReadCache<>();
        AtomicInteger loads = new AtomicInteger();
        assertThat(cache.get("ann", loads::incrementAndGet)).isEqualTo(1);
        assertThat(cache.get("ann", loads::incrementAndGet)).isEqualTo(1);
        cache.clear();
        assertThat(cache.get("ann", loads::incrementAndGet)).isEqualTo(2);
        assertThat(loads).hasValue(2);
    }

    @Test
    void should_not_keep_a_value_loaded_while_a_write_cleared_the_cache() {
        ReadCache<String, String> cache = new ReadCache<>();
        // the load reads the old row, then a write through the service clears the cache before the load returns
        String first = cache.get("ann", () -> {
            cache.clear();
            return "old";
        });
        assertThat(first).isEqualTo("old");
        assertThat(cache.get("ann", () -> "new")).isEqualTo("new");
    }
}
