package db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Plain JDBC for the few reads on every webhook and notification (a notification, an alarm by id): Jdbi's handle,
 * statement context and parameter parsing cost more than H2's lookup itself.
 */
public final class Jdbc {

    /** Maps the current row. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The first row of {@code sql} with one long parameter, if any. */
    public <T> Optional<T> byId(String sql, long id, Row<T> row) {
        try (Connection c = dataSource.getConnection()) {
            return byId(c, sql, id, row);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** The same on a connection the caller holds (several reads on one connection). */
    public static <T> Optional<T> byId(Connection c, String sql, long id, Row<T> row) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.ofNullable(row.map(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Whether {@code e} (or a cause) is a unique-key violation, SQLSTATE 23505 on both H2 and PostgreSQL: the one
     * failure a concurrent twin explains. A value too long (22001) or any other error is not a race.
     */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code work} on one pooled connection. */
    public <T> T withConnection(ConnectionWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed", e);
        }
    }

    /** Work on one connection. */
    @FunctionalInterface
    public interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }
}
