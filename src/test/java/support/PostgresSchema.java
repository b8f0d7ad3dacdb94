package support;

import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** A throw-away schema on the local PostgreSQL (127.0.0.1:5432, db test); the test skips when PostgreSQL is down. */
public final class PostgresSchema implements AutoCloseable {

    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public final String name = "callout_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private PostgresSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            c.createStatement().execute("CREATE SCHEMA " + name);
        }
    }

    /** A new schema, or the test is skipped with {@code why} when PostgreSQL is not listening. */
    public static PostgresSchema create(String why) throws SQLException {
        boolean up;
        try (Socket ignored = new Socket("127.0.0.1", 5432)) {
            up = true;
        } catch (Exception e) {
            up = false;
        }
        Assumptions.assumeTrue(up, "PostgreSQL is not listening on 127.0.0.1:5432: skipping " + why);
        return new PostgresSchema();
    }

    public String url() {
        return URL + "?currentSchema=" + name;
    }

    /** The properties pointing a CalloutApp at this schema. */
    public Map<String, String> calloutProperties() {
        return Map.of("callout.db.url", url(), "callout.db.user", "postgres", "callout.db.password", "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            c.createStatement().execute("DROP SCHEMA " + name + " CASCADE");
        }
    }
}
