package health;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a probe with a time limit, so a readiness request answers within seconds even when the pool would wait 30 s
 * for a connection or a broker does not answer; a probe still hanging is left to finish on its own daemon thread.
 */
final class TimeLimit {

    private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "callout-health-probe");
        t.setDaemon(true);
        return t;
    });

    private TimeLimit() {
    }

    /** The probe's answer; throws with a readable message when it fails or takes longer than {@code millis}. */
    static <T> T run(Callable<T> probe, long millis) throws Exception {
        Future<T> f = PROBES.submit(probe);
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new TimeoutException("no answer within " + millis + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
