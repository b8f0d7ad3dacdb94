import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * H2 file soak (issue #15): posts alarms at a fixed rate (with at most 256 requests in flight: beyond, an alarm or
 * clear is skipped and counted) to a running Callout (sandbox mode) on its embedded H2 file,
 * each cleared 20 s after it was raised, to a two-person roster (SMS and voice each), and prints the file's size every
 * 30 s. Every {@code liveEvery} seconds and at the end it copies the running file, opens the copy (H2 recovers it as
 * after a crash) and copies its live pages to a new file, uncompressed (MVStoreTool.compact): that size is the data.
 *
 * <pre>java -cp target/lib/h2-2.3.232.jar bench/soak/Soak.java BASE TOKEN DB_FILE RATE SECONDS [LIVE_EVERY]
 * java -cp target/lib/h2-2.3.232.jar bench/soak/Soak.java live DB_FILE</pre>
 */
public class Soak {
    public static void main(String[] a) throws Exception {
        if (a[0].equals("live")) {  // Soak live DB_FILE: the data of a (running or stopped) file, in bytes
            System.out.println(live(Path.of(a[1])));
            return;
        }
        String base = a[0], token = a[1];
        Path db = Path.of(a[2]);
        double rate = Double.parseDouble(a[3]);
        long seconds = Long.parseLong(a[4]);
        long liveEvery = a.length > 5 ? Long.parseLong(a[5]) : 300;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        post(http, base, token, "/api/users", "{\"username\":\"soak1\",\"sms\":\"+14155550181\",\"phone\":\"+14155550181\",\"pin\":\"4321\"}");
        post(http, base, token, "/api/users", "{\"username\":\"soak2\",\"sms\":\"+14155550182\",\"phone\":\"+14155550182\",\"pin\":\"4321\"}");
        String users = get(http, base, token, "/api/users");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":(\\d+),\"username\":\"soak").matcher(users);
        StringBuilder ids = new StringBuilder();
        while (m.find()) {
            ids.append(ids.length() == 0 ? "" : ",").append(m.group(1));
        }
        System.out.println("roster members " + ids + ": " + post(http, base, token, "/api/rosters",
                "{\"name\":\"operators\",\"members\":[" + ids + "],\"channels\":[\"sms\",\"voice\"]}"));
        AtomicLong sent = new AtomicLong(), ok = new AtomicLong(), failed = new AtomicLong();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        long start = System.nanoTime();
        long periodNanos = (long) (1e9 / rate);
        timer.scheduleAtFixedRate(() -> {
            long i = sent.incrementAndGet();
            String source = "soak/site" + (i % 50) + "/tag" + i;
            send(http, base, token, "{\"source\":\"" + source + "\",\"name\":\"Soak " + i
                    + "\",\"priority\":\"High\",\"message\":\"level at " + (i % 100) + "%\"}", ok, failed);
            timer.schedule(() -> send(http, base, token, "{\"source\":\"" + source + "\",\"name\":\"Soak " + i
                    + "\",\"priority\":\"High\",\"state\":\"cleared\"}", ok, failed), 20, TimeUnit.SECONDS);
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        System.out.printf("%7s %9s %8s %7s %8s %10s %10s%n", "t (s)", "alarms", "ok", "failed", "skipped", "file MB",
                "live MB");
        long lastLive = 0;
        for (long t = 30; t <= seconds; t += 30) {
            long wake = start + TimeUnit.SECONDS.toNanos(t);
            while (System.nanoTime() < wake) {
                Thread.sleep(Math.max(1, (wake - System.nanoTime()) / 1_000_000));
            }
            if (t == seconds) {
                timer.shutdown();
            }
            String live = "";
            if (t - lastLive >= liveEvery || t == seconds) {
                lastLive = t;
                live = String.format("%.1f", live(db) / 1048576.0);
            }
            System.out.printf("%7d %9d %8d %7d %8d %10.1f %10s%n", t, sent.get(), ok.get(), failed.get(),
                    SKIPPED.get(), Files.size(db) / 1048576.0, live);
        }
        timer.awaitTermination(30, TimeUnit.SECONDS);
        System.out.printf("after the clears: file %.1f MB, ok %d, failed %d%n", Files.size(db) / 1048576.0,
                ok.get(), failed.get());
    }

    /** Bytes of the running file's data: a copy, opened as after a crash, compacted. */
    static long live(Path db) throws Exception {
        Path dir = Files.createTempDirectory("soak-live");
        Path copy = dir.resolve("copy.mv.db");
        Files.copy(db, copy, StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("copy"), "sa", "")) {
            c.isValid(1);  // opened: recovered as after a crash
        }
        // live pages copied to a new file, uncompressed as the running store keeps them (SHUTDOWN COMPACT compresses)
        org.h2.mvstore.MVStoreTool.compact(copy.toString(), false);
        long size = Files.size(copy);
        Files.delete(copy);
        Files.deleteIfExists(dir.resolve("copy.trace.db"));
        Files.delete(dir);
        return size;
    }

    /** Requests in flight at most: beyond, an alarm is skipped (counted), so a slow host is not buried in a backlog. */
    static final java.util.concurrent.Semaphore IN_FLIGHT = new java.util.concurrent.Semaphore(256);
    static final AtomicLong SKIPPED = new AtomicLong();

    static void send(HttpClient http, String base, String token, String body, AtomicLong ok, AtomicLong failed) {
        if (!IN_FLIGHT.tryAcquire()) {
            SKIPPED.incrementAndGet();
            return;
        }
        http.sendAsync(request(base, token, "/api/alarms").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    IN_FLIGHT.release();
                    if (e == null && r.statusCode() / 100 == 2) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
    }

    static String post(HttpClient http, String base, String token, String path, String body) throws Exception {
        return http.send(request(base, token, path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static String get(HttpClient http, String base, String token, String path) throws Exception {
        return http.send(request(base, token, path).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static HttpRequest.Builder request(String base, String token, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    }
}
