package cluster;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The {@code singleton_lease} table (V15): who leads each namespace, and until when. Every time is the database's
 * clock ({@code CURRENT_TIMESTAMP}) in epoch milliseconds, so the instances' own clocks may drift without harm. Each
 * statement runs on its own (autocommit): a claim is one conditional UPDATE, atomic on H2 and PostgreSQL alike.
 */
public final class LeaseTable {

    /** A namespace's lease as the database saw it at {@code now}. */
    public record Lease(String owner, long expiresAt, long now) {
        /** {@code owner}, if the lease has not run out at {@code now}. */
        public Optional<String> holder() {
            return expiresAt > now ? Optional.of(owner) : Optional.empty();
        }

        public boolean heldBy(String instance) {
            return holder().filter(instance::equals).isPresent();
        }
    }

    private final Jdbi jdbi;

    public LeaseTable(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Takes or renews {@code namespace} for {@code instance} for {@code lease}, if the row is the instance's own, has
     * expired, or does not exist yet; returns the lease as it stands afterwards (the other holder's, if the claim
     * lost).
     */
    public Lease claim(String namespace, String instance, Duration lease) {
        return jdbi.withHandle(h -> {
            long now = now(h);
            int updated = h.createUpdate("UPDATE singleton_lease SET owner = :owner, expires_at = :until, "
                            + "renewed_at = :now WHERE namespace = :ns AND (owner = :owner OR expires_at <= :now)")
                    .bind("owner", instance).bind("until", now + lease.toMillis()).bind("now", now)
                    .bind("ns", namespace).execute();
            if (updated == 0) {
                try {
                    h.createUpdate("INSERT INTO singleton_lease (namespace, owner, expires_at, renewed_at) "
                                    + "VALUES (:ns, :owner, :until, :now)")
                            .bind("owner", instance).bind("until", now + lease.toMillis()).bind("now", now)
                            .bind("ns", namespace).execute();
                } catch (UnableToExecuteStatementException held) {
                    // the row exists (held by another instance) or another instance inserted it first: not ours
                }
            }
            return read(h, namespace, now);
        });
    }

    /** Ends {@code instance}'s lease of {@code namespace} now, so another instance takes over at its next claim. */
    public void release(String namespace, String instance) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE singleton_lease SET expires_at = 0 WHERE namespace = :ns AND owner = :owner")
                .bind("ns", namespace).bind("owner", instance).execute());
    }

    /** The lease of {@code namespace}, if the row exists. */
    public Optional<Lease> find(String namespace) {
        return jdbi.withHandle(h -> {
            Lease l = read(h, namespace, now(h));
            return l.owner().isEmpty() ? Optional.empty() : Optional.of(l);
        });
    }

    private static Lease read(Handle h, String namespace, long now) {
        return h.createQuery("SELECT owner, expires_at FROM singleton_lease WHERE namespace = :ns")
                .bind("ns", namespace)
                .map((rs, ctx) -> new Lease(rs.getString(1), rs.getLong(2), now))
                .findOne().orElse(new Lease("", 0, now));
    }

    private static long now(Handle h) {
        return h.createQuery("SELECT CURRENT_TIMESTAMP").map((rs, ctx) -> rs.getObject(1, OffsetDateTime.class))
                .one().toInstant().toEpochMilli();
    }
}
