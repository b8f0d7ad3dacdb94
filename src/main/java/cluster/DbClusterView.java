package cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of {@link DbClusterService}: claims its lease row every third of the lease period and tells the
 * {@code master:} consumers when this instance starts or stops leading.
 */
final class DbClusterView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger("callout.cluster");

    private final DbClusterService service;
    private final Member local;
    private volatile boolean leader;
    private volatile String leaderId;
    /** System.nanoTime() until which this instance's last successful claim holds. */
    private volatile long validUntil;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    /** A claim and the release at stop never overlap (a claim finishing after the release would hold the lease on). */
    private final Object claiming = new Object();

    DbClusterView(DbClusterService service, String namespace) {
        super(service, namespace);
        this.service = service;
        this.local = new Member(service.instanceId(), true);
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        if (leader) {
            return Optional.of(local);
        }
        String id = leaderId;
        return id == null ? Optional.empty() : Optional.of(new Member(id, false));
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        List<CamelClusterMember> members = new ArrayList<>();
        members.add(local);
        getLeader().filter(m -> !m.isLocal()).ifPresent(members::add);
        return members;
    }

    @Override
    protected void doStart() {
        long every = service.renewEvery().toMillis();
        tasks.add(service.timer().scheduleWithFixedDelay(this::claim, 0, every, TimeUnit.MILLISECONDS));
        tasks.add(service.timer().scheduleWithFixedDelay(this::guard, every, Math.max(50, every / 4),
                TimeUnit.MILLISECONDS));
    }

    @Override
    protected void doStop() {
        tasks.forEach(t -> t.cancel(false));
        tasks.clear();
        synchronized (claiming) {
            release();
        }
    }

    private void release() {
        if (leader) {
            changed(false, null);
            try {
                service.leases().release(getNamespace(), service.instanceId());
                LOG.info("Released the lease of {} (instance {})", getNamespace(), service.instanceId());
            } catch (RuntimeException e) {
                LOG.warn("Could not release the lease of {}: another instance takes over when it expires: {}",
                        getNamespace(), e.getMessage());
            }
        }
    }

    private void claim() {
        synchronized (claiming) {
            if (isRunAllowed()) {
                claimNow();
            }
        }
    }

    private void claimNow() {
        long started = System.nanoTime();
        try {
            LeaseTable.Lease lease = service.leases().claim(getNamespace(), service.instanceId(), service.lease());
            boolean mine = lease.heldBy(service.instanceId());
            if (mine) {
                // the database granted lease() from a moment after `started`: valid at least until started + lease
                validUntil = started + service.lease().toNanos();
            }
            changed(mine, lease.holder().orElse(null));
        } catch (RuntimeException e) {
            LOG.warn("Lease of {} could not be claimed: {}", getNamespace(), e.getMessage());
            if (leader) {
                changed(false, null); // cannot prove the lease: stop the singleton work before another may start it
            }
        }
    }

    /** Stops leading when the lease has run out by the local clock (a claim hanging on the database). */
    private void guard() {
        if (leader && System.nanoTime() - validUntil >= 0) {
            LOG.warn("Lease of {} ran out before it could be renewed: stepping down", getNamespace());
            changed(false, null);
        }
    }

    private synchronized void changed(boolean mine, String holder) {
        if (!isRunAllowed() && mine) {
            return;
        }
        if (mine == leader && Objects.equals(holder, leaderId)) {
            return;
        }
        boolean was = leader;
        leader = mine;
        leaderId = holder;
        if (mine != was) {
            LOG.info("Instance {} {} {}", service.instanceId(), mine ? "leads" : "no longer leads", getNamespace());
        }
        fireLeadershipChangedEvent(getLeader().orElse(null));
    }

    private final class Member implements CamelClusterMember {
        private final String id;
        private final boolean isLocal;

        Member(String id, boolean isLocal) {
            this.id = id;
            this.isLocal = isLocal;
        }

        @Override
        public boolean isLeader() {
            return isLocal ? leader : Objects.equals(id, leaderId);
        }

        @Override
        public boolean isLocal() {
            return isLocal;
        }

        @Override
        public String getId() {
            return id;
        }
    }
}
