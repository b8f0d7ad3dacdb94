package stats;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import support.ExternalService;

/** The same migrations, MERGE upsert and scenario on the local PostgreSQL, in a fresh schema per test. */
@ExternalService(ExternalService.Service.POSTGRESQL)
class StatsSinkPostgresTest extends StatsSinkScenario {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private HikariDataSource dataSource;
    private String schema;

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
