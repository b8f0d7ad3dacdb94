package stats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/** The same migrations, MERGE upsert and scenario on the local PostgreSQL, in a fresh schema per test. */
class StatsSinkPostgresTest extends StatsSinkScenario {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private HikariDataSource dataSource;
    private String schema;

    @BeforeAll
    static void requirePostgres() {
        boolean reachable;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            reachable = true;
        } catch (Exception e) {
            reachable = false;
        }
        assumeTrue(reachable, "PostgreSQL not reachable on 127.0.0.1:5432: skipping the PostgreSQL statistics tests");
    }

    @Override
    protected DataSource createDatabase() throws Exception {
        schema = "stats_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(URL + "?currentSchema=" + schema);
        config.setUsername("postgres");
        config.setMaximumPoolSize(8);
        dataSource = new HikariDataSource(config);
        return dataSource;
    }

    @Override
    protected void dropDatabase() throws Exception {
        if (dataSource != null) {
            dataSource.close();
        }
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
