package cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * Callout's default {@link org.apache.camel.cluster.CamelClusterService}: leadership of each namespace is a lease row
 * in the application database ({@link LeaseTable}), so {@code master:} endpoints run on one instance at a time with
 * nothing to operate beyond the PostgreSQL the instances already share (on H2, a single instance simply leads).
 *
 * <p>Why a lease row and not a PostgreSQL advisory lock: an advisory lock belongs to one database session, so the
 * leader would have to pin a pooled connection for its whole life, and when that connection breaks (a network blip,
 * a PostgreSQL restart, a pooler in transaction mode) the lock is gone while the instance still believes it leads; it
 * does not exist on H2 at all. A lease row works the same on H2 and PostgreSQL, through the ordinary pool, shows in a
 * plain {@code SELECT} who leads and until when, and bounds the damage of a partition: the leader stops its singleton
 * consumers as soon as it cannot renew (and at the latest when its own lease runs out by its monotonic clock), while
 * the others take over only a lease that has expired by the database's clock. The cost is a take-over delay of up to
 * one lease period after a leader dies without stopping; a graceful stop releases its leases at once.
 *
 * <p>Each view renews (or tries to take) its lease every third of the lease period.
 */
public final class DbClusterService extends AbstractCamelClusterService<DbClusterView> {

    private final LeaseTable leases;
    private final String instanceId;
    private final Duration lease;
    private volatile ScheduledExecutorService timer;

    public DbClusterService(LeaseTable leases, String instanceId, Duration lease) {
        super("callout-db");
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("callout.cluster.lease must be at least PT0.3S, got " + lease);
        }
        this.leases = leases;
        this.instanceId = instanceId;
        this.lease = lease;
    }

    public String instanceId() {
        return instanceId;
    }

    public Duration lease() {
        return lease;
    }

    /** How often a view claims its lease. */
    Duration renewEvery() {
        return lease.dividedBy(3);
    }

    LeaseTable leases() {
        return leases;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    protected DbClusterView createView(String namespace) {
        return new DbClusterView(this, namespace);
    }

    @Override
    protected void doStart() throws Exception {
        AtomicInteger n = new AtomicInteger();
        // two threads: the expiry guard must run even while a claim hangs on the database
        timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "callout-cluster-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        try {
            super.doStop(); // views release their leases
        } finally {
            timer.shutdownNow();
        }
    }
}
