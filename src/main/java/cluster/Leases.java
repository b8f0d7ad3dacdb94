package cluster;

import alarm.AlarmStore;
import alarm.Notification;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who owns the notifications in flight. Every notification that is not final carries the owner of the Callout run
 * that created (or took over) it; the run holds all of them through one row of {@code instance_leases}, renewed
 * every third of the lease by one UPDATE. Another run takes over an owner's work only once that lease expired (a
 * crash, a hang) or was released (a clean stop), and only one taker can win it: the lease row is deleted by the
 * taker, in the transaction that moves the work, on the condition that it is still expired.
 */
public final class Leases implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    private static final Instant RELEASED = Instant.EPOCH;

    private final Jdbi jdbi;
    /** The writer every update of a notification row commits on (see notify.Notifier#writes). */
    private final db.GroupCommit notificationWrites;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private ScheduledExecutorService renewer;

    public Leases(Jdbi jdbi, db.GroupCommit notificationWrites, Clock clock, String instanceId, Duration lease) {
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("callout.cluster.lease must be at least PT1S, not " + lease);
        }
        this.jdbi = jdbi;
        this.notificationWrites = notificationWrites;
        this.clock = clock;
        this.lease = lease;
        // a run token even for a configured id: a restarted instance must not renew the leases of its previous run,
        // whose work (not in this run's memory) would then never be taken over
        this.owner = (instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId.trim())
                + "/" + token(3);
        if (owner.length() > 100) {
            throw new IllegalArgumentException("callout.instance-id is longer than 90 characters: " + instanceId);
        }
    }

    /** host-pid-random: unique per process without configuration. */
    static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "host";
        }
        return (host.length() > 40 ? host.substring(0, 40) : host) + "-"
                + ManagementFactory.getRuntimeMXBean().getPid();
    }

    private static String token(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The owner this run writes on the notifications it creates. */
    public String owner() {
        return owner;
    }

    /** Takes the lease and renews it every third of its length until {@link #close}. */
    public synchronized void start() {
        Instant now = clock.instant();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO instance_leases (owner, lease_until, started_at) "
                        + "VALUES (:o, :until, :now)")
                .bind("o", owner).bind("until", AlarmStore.ts(now.plus(lease))).bind("now", AlarmStore.ts(now))
                .execute());
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "callout-lease");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Instance {} holds its work in flight with a lease of {}", owner, lease);
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the lease of {} (another instance takes over its work once {} has passed "
                    + "since the last renewal): {}", owner, lease, e.getMessage());
        }
    }

    /** One UPDATE for all this run's work. Returns false when the lease had been taken over (and is taken again). */
    public boolean renew() {
        Instant now = clock.instant();
        int rows = jdbi.withHandle(h -> h.createUpdate("UPDATE instance_leases SET lease_until = :until "
                        + "WHERE owner = :o").bind("until", AlarmStore.ts(now.plus(lease))).bind("o", owner).execute());
        if (rows == 0) {
            // renewals failed for a whole lease: another instance took this run's work over. What this run creates
            // from now on is held by a new lease row under the same owner.
            LOG.error("The lease of {} expired and its work was taken over by another instance; taking a new lease",
                    owner);
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO instance_leases (owner, lease_until, started_at) "
                            + "VALUES (:o, :until, :now)")
                    .bind("o", owner).bind("until", AlarmStore.ts(now.plus(lease))).bind("now", AlarmStore.ts(now))
                    .execute());
            return false;
        }
        return true;
    }

    /**
     * Takes over the work of every lease that expired: its notifications become this run's, and those never handed
     * to Twilio ('pending') are returned to be sent (after asking Twilio whether it has them). Held ones are retried
     * by this run's hold retry; sent ones wait for their status like this run's own.
     */
    public List<Notification> takeOver() {
        Instant now = clock.instant();
        List<String> expired = jdbi.withHandle(h -> h.createQuery("SELECT owner FROM instance_leases "
                        + "WHERE lease_until < :now AND owner <> :me ORDER BY lease_until")
                .bind("now", AlarmStore.ts(now)).bind("me", owner).mapTo(String.class).list());
        List<Notification> pending = new ArrayList<>();
        for (String dead : expired) {
            List<Notification> taken = notificationWrites.inTransaction(h -> {
                // the winner deletes the row; a second taker's DELETE finds nothing (or waits for the first, then
                // finds nothing) and leaves the work alone
                if (h.createUpdate("DELETE FROM instance_leases WHERE owner = :dead AND lease_until < :now")
                        .bind("dead", dead).bind("now", AlarmStore.ts(now)).execute() != 1) {
                    return null;
                }
                List<Notification> rows = h.createQuery("SELECT " + AlarmStore.NOTIFICATION_COLUMNS
                                + " FROM notifications WHERE owner = :dead AND status = 'pending' ORDER BY id")
                        .bind("dead", dead).map((rs, ctx) -> AlarmStore.notificationAt(rs, 0)).list();
                int moved = h.createUpdate("UPDATE notifications SET owner = :me WHERE owner = :dead")
                        .bind("me", owner).bind("dead", dead).execute();
                if (moved > 0) {
                    LOG.info("Took over the work of {} (lease expired or released): {} notification(s) in flight, {} "
                            + "never handed to Twilio", dead, moved, rows.size());
                }
                return rows;
            });
            if (taken != null) {
                pending.addAll(taken);
            }
        }
        return pending;
    }

    /** A clean stop: the lease ends now, so another instance takes this run's work over at its next look. */
    @Override
    public synchronized void close() {
        if (renewer == null) {
            return;
        }
        renewer.shutdownNow();
        renewer = null;
        try {
            jdbi.useHandle(h -> h.createUpdate("UPDATE instance_leases SET lease_until = :released WHERE owner = :o")
                    .bind("released", AlarmStore.ts(RELEASED)).bind("o", owner).execute());
            LOG.info("Instance {} released its lease", owner);
        } catch (RuntimeException e) {
            LOG.warn("Could not release the lease of {}: its work is taken over once the lease expires ({})", owner,
                    e.getMessage());
        }
    }
}
