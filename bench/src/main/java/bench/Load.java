package bench;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open- and closed-loop HTTP load on one Vert.x event loop. Fixed-rate latency is measured from each request's
 * intended start (start + i / rate), so a stalled server cannot hide its stall (no coordinated omission).
 */
final class Load implements AutoCloseable {

    /** One request of a run, by its index. */
    interface Req {
        String uri(long i);

        Buffer body(long i);
    }

    /** Sees each answer (on the event loop thread): index, status, body. */
    interface Sink {
        void accept(long i, long intendedNanos, int status, Buffer body);
    }

    /** A run's outcome; latencies in microseconds. */
    record Result(long sent, long ok, long errors, double seconds, Histogram latency) {
        double perSecond() {
            return ok / seconds;
        }

        double p50Ms() {
            return latency.getValueAtPercentile(50) / 1000.0;
        }

        double p99Ms() {
            return latency.getValueAtPercentile(99) / 1000.0;
        }

        double maxMs() {
            return latency.getMaxValue() / 1000.0;
        }
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    private final HttpClient[] clients;
    private final HttpMethod method;
    private final MultiMap headers;

    Load(int port, HttpMethod method, MultiMap headers, int connections) {
        this(new int[] {port}, method, headers, connections);
    }

    /** Requests spread over several servers (several Callout instances): request i goes to ports[i % n]. */
    Load(int[] ports, HttpMethod method, MultiMap headers, int connections) {
        this.clients = new HttpClient[ports.length];
        for (int k = 0; k < ports.length; k++) {
            clients[k] = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(ports[k]).setKeepAlive(true).setPipelining(false),
                    new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        }
        this.method = method;
        this.headers = headers;
    }

    /** {@code count} requests at {@code rate} per second; waits for every answer (bounded by timeoutSeconds). */
    Result fixedRate(double rate, long count, Req req, Sink sink, long timeoutSeconds) throws InterruptedException {
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) count);
        long period = (long) (1e9 / rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (long i = 0; i < count; i++) {
            long intended = start + i * period;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            send(i, req, sink, intended, h, ok, errors, done::countDown);
        }
        boolean all = done.await(timeoutSeconds, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(count, ok.get(), errors.get() + (all ? 0 : done.getCount()), seconds, h);
    }

    /** Keeps {@code concurrency} requests in flight: warm-up, then counts answers for {@code seconds}. */
    Result saturate(int concurrency, double warmupSeconds, double seconds, Req req) throws InterruptedException {
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong index = new AtomicLong();
        long t0 = System.nanoTime();
        long measureFrom = t0 + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        CountDownLatch chains = new CountDownLatch(concurrency);
        Histogram warm = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
        AtomicLong warmOk = new AtomicLong();
        AtomicLong warmErr = new AtomicLong();
        for (int c = 0; c < concurrency; c++) {
            chain(req, index, measureFrom, end, h, ok, errors, warm, warmOk, warmErr, chains);
        }
        chains.await((long) (seconds + warmupSeconds) + 60, TimeUnit.SECONDS);
        return new Result(index.get(), ok.get(), errors.get(), seconds, h);
    }

    /** Exactly {@code count} requests, {@code concurrency} in flight, as fast as they are answered. */
    Result burst(long count, int concurrency, Req req, Sink sink, long timeoutSeconds) throws InterruptedException {
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong index = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) count);
        long t0 = System.nanoTime();
        for (int c = 0; c < Math.min(concurrency, count); c++) {
            next(count, req, sink, index, h, ok, errors, done);
        }
        boolean all = done.await(timeoutSeconds, TimeUnit.SECONDS);
        return new Result(index.get(), ok.get(), errors.get() + (all ? 0 : done.getCount()),
                (System.nanoTime() - t0) / 1e9, h);
    }

    private void next(long count, Req req, Sink sink, AtomicLong index, Histogram h, AtomicLong ok,
                      AtomicLong errors, CountDownLatch done) {
        long i = index.getAndIncrement();
        if (i >= count) {
            index.decrementAndGet();
            return;
        }
        send(i, req, sink, System.nanoTime(), h, ok, errors, () -> {
            done.countDown();
            next(count, req, sink, index, h, ok, errors, done);
        });
    }

    private void chain(Req req, AtomicLong index, long measureFrom, long end, Histogram h, AtomicLong ok,
                       AtomicLong errors, Histogram warm, AtomicLong warmOk, AtomicLong warmErr,
                       CountDownLatch chains) {
        long now = System.nanoTime();
        if (now >= end) {
            chains.countDown();
            return;
        }
        boolean measured = now >= measureFrom;
        send(index.getAndIncrement(), req, null, now, measured ? h : warm, measured ? ok : warmOk,
                measured ? errors : warmErr,
                () -> chain(req, index, measureFrom, end, h, ok, errors, warm, warmOk, warmErr, chains));
    }

    private void send(long i, Req req, Sink sink, long intended, Histogram h, AtomicLong ok, AtomicLong errors,
                      Runnable then) {
        RequestOptions opts = new RequestOptions().setMethod(method).setURI(req.uri(i)).setHeaders(headers)
                .setIdleTimeout(60_000);
        clients[(int) (i % clients.length)].request(opts)
                .compose(r -> r.send(req.body(i)).compose(resp -> resp.body().map(b -> {
                    if (sink != null) {
                        sink.accept(i, intended, resp.statusCode(), b);
                    }
                    return resp.statusCode();
                })))
                .onComplete(ar -> {
                    long micros = (System.nanoTime() - intended) / 1000;
                    synchronized (h) {
                        h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
                    }
                    if (ar.succeeded() && ar.result() < 300) {
                        ok.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                    }
                    then.run();
                });
    }

    @Override
    public void close() {
        for (HttpClient c : clients) {
            c.close();
        }
        vertx.close();
    }
}
