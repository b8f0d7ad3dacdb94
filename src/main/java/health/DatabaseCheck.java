package health;

import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: a pooled connection answers {@code isValid} within the time limit. */
public final class DatabaseCheck extends AbstractHealthCheck {

    private final DataSource dataSource;
    private final long timeoutMillis;

    public DatabaseCheck(DataSource dataSource, long timeoutMillis) {
        super("callout", "callout-database");
        this.dataSource = dataSource;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public boolean isLiveness() {
        return false; // a database outage makes the instance unready, not dead: restarting it would not help
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            boolean valid = TimeLimit.run(() -> {
                try (Connection c = dataSource.getConnection()) {
                    return c.isValid((int) Math.max(1, timeoutMillis / 1000));
                }
            }, timeoutMillis);
            if (valid) {
                builder.up().message("reachable");
            } else {
                builder.down().message("connection not valid");
            }
        } catch (Exception e) {
            builder.down().message("unreachable: " + e.getMessage()).error(e);
        }
    }
}
