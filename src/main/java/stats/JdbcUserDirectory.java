package stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** {@link UserDirectory} over the roster's {@code users} table (exact match on sms or phone; lowest id wins). */
public final class JdbcUserDirectory implements UserDirectory {

    private static final String QUERY = "SELECT MIN(id) FROM users WHERE sms = ? OR phone = ?";

    private final DataSource dataSource;

    public JdbcUserDirectory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public long userIdFor(String e164) {
        if (e164 == null || e164.isBlank()) {
            return UNKNOWN_USER_ID;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, e164);
            ps.setString(2, e164);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? UNKNOWN_USER_ID : id;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up user by number", e);
        }
    }
}
