package account;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import db.Database;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.junit.jupiter.api.Test;

/** The watchers' seen-SID table from V4__watchers.sql, used by camel-sql's repository, on H2 and PostgreSQL. */
class WatchRepositoryTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

    private static void remembersEachSidOncePerWatcher(DataSource ds) throws Exception {
        Database.migrate(ds);
        JdbcMessageIdRepository messages = repo(ds, "twilio-watch-messages");
        assertThat(messages.add("SM1")).isTrue();
        assertThat(messages.add("SM1")).isFalse();
        assertThat(messages.contains("SM1")).isTrue();
        messages.stop();
        JdbcMessageIdRepository again = repo(ds, "twilio-watch-messages");
        assertThat(again.contains("SM1")).isTrue();
        assertThat(repo(ds, "twilio-watch-calls").contains("SM1")).isFalse();
    }

    private static JdbcMessageIdRepository repo(DataSource ds, String name) {
        JdbcMessageIdRepository r = new JdbcMessageIdRepository(ds, name);
        r.setCreateTableIfNotExists(false);
        r.start();
        return r;
    }

    @Test
    void should_remember_sids_on_h2() throws Exception {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("watch-repo").resolve("db");
        try (HikariDataSource ds = pool(url, "sa")) {
            remembersEachSidOncePerWatcher(ds);
        }
    }

    @Test
    void should_remember_sids_on_postgresql() throws Exception {
        support.ExternalService.Service.POSTGRESQL.assumeUp("the PostgreSQL watcher table test");
        String schema = "watch_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try (HikariDataSource ds = pool(PG + "?currentSchema=" + schema, "postgres")) {
            remembersEachSidOncePerWatcher(ds);
        } finally {
            try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static HikariDataSource pool(String url, String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }
}
