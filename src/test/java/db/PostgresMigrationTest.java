package db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The same migrations run unchanged on PostgreSQL (the multi-instance database), in a throw-away schema. */
class PostgresMigrationTest {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Test
    void should_apply_every_migration_on_postgresql() throws Exception {
        support.ExternalService.Service.POSTGRESQL.assumeUp("the PostgreSQL migration test");
        String schema = "callout_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(URL, "postgres", "")) {
            admin.createStatement().execute("CREATE SCHEMA " + schema);
            try {
                Flyway flyway = Flyway.configure()
                        .dataSource(URL + "?currentSchema=" + schema, "postgres", "")
                        .schemas(schema).locations("classpath:db/migration").load();
                int applied = flyway.migrate().migrationsExecuted;
                assertThat(applied).isEqualTo(flyway.info().all().length);
                assertThat(flyway.validateWithResult().validationSuccessful).isTrue();

                List<String> tables = new ArrayList<>();
                try (ResultSet rs = admin.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
                    while (rs.next()) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
                assertThat(tables).contains("users", "rosters", "roster_members", "alarms", "alarm_events",
                        "notifications", "escalations", "pin_failures", "audit", "stats_events", "user_stats",
                        "roster_steps", "roster_step_targets", "scheduled_notifications", "maintenance_windows",
                        "heartbeats");

                // the dedup key behaves the same: one active alarm per source, many once cleared (NULL)
                try (Connection c = DriverManager.getConnection(URL + "?currentSchema=" + schema, "postgres", "");
                     Statement st = c.createStatement()) {
                    String insert = "INSERT INTO alarms (source, name, priority, state, received_at, active_source) "
                            + "VALUES ('s', 'n', 'High', 'cleared', now(), NULL)";
                    st.execute(insert);
                    st.execute(insert);
                    st.execute(insert.replace("NULL)", "'s')"));
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.execute(insert.replace("NULL)", "'s')")))
                            .hasMessageContaining("alarms_active_source_uq");
                }
            } finally {
                admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
