package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.LogCapture;

/**
 * Forged webhooks: every one is refused and counted exactly, but what they make Callout write is bounded (one count
 * row per source address and minute, one audit entry and log line per address, minute and reason). Prints the bytes
 * written; {@code -Dforged.count=20000} for the figure.
 */
class ForgedWebhookTest {

    static final int COUNT = Integer.getInteger("forged.count", 2000);

    @Test
    void should_count_every_forged_webhook_but_write_one_row_per_address_and_minute() throws Exception {
        try (CalloutApp app = CalloutApp.start(Map.of()); LogCapture log = new LogCapture()) {
            Jdbi jdbi = app.context().getRegistry().lookupByNameAndType("jdbi", Jdbi.class);
            int logBefore = log.size();
            AtomicInteger forbidden = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int share = COUNT / 8 + (t < COUNT % 8 ? 1 : 0);
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < share; i++) {
                            if (app.send("POST", "/twilio/sms", "From=%2B15551112222&Body=" + i,
                                    Map.of("Content-Type", "application/x-www-form-urlencoded")).status() == 403) {
                                forbidden.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            int logBytes = log.size() - logBefore;
            Map<String, Object> audit = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) AS n, "
                    + "COALESCE(SUM(LENGTH(detail) + LENGTH(kind) + 40), 0) AS bytes FROM audit "
                    + "WHERE kind = 'webhook-rejected'").mapToMap().one());
            System.out.printf("forged webhooks: %d sent, %d refused; log %d bytes; audit %s rows, ~%s bytes%n",
                    COUNT, forbidden.get(), logBytes, audit.get("n"), audit.get("bytes"));

            assertThat(forbidden.get()).isEqualTo(COUNT);
            long counted = await().atMost(Duration.ofSeconds(20)).until(() -> jdbi.withHandle(h -> h.createQuery(
                    "SELECT COALESCE(SUM(rejected), 0) FROM webhook_rejections").mapTo(Long.class).one()),
                    n -> n == COUNT);
            assertThat(counted).isEqualTo(COUNT);
            long minutes = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM webhook_rejections")
                    .mapTo(Long.class).one());
            // one address (127.0.0.1) and one reason: one count row, one audit entry and one log line a minute
            assertThat(minutes).isBetween(1L, 3L);
            assertThat(((Number) audit.get("n")).longValue()).isEqualTo(minutes);
            assertThat(log.text().lines().filter(l -> l.contains("Rejected webhook")).count()).isEqualTo(minutes);
            assertThat(logBytes).isLessThan(4000);
            String metrics = app.send("GET", "/observe/metrics", null, Map.of()).body();
            double metric = metrics.lines().filter(l -> l.startsWith("callout_webhooks_rejected_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            assertThat(metric).isEqualTo(COUNT);
        }
    }
}
