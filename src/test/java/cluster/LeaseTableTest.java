package cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import support.PostgresSchema;

/** The lease rules on H2 (one instance's database) and PostgreSQL (the shared one). */
class LeaseTableTest {

    static final Duration LEASE = Duration.ofMillis(800);
    HikariDataSource h2;
    LeaseTable table;

    @BeforeEach
    void open() throws Exception {
        Path dir = Files.createTempDirectory("lease-test");
        h2 = Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 2);
        table = new LeaseTable(Jdbi.create((DataSource) h2));
    }

    @AfterEach
    void close() {
        h2.close();
    }

    @Test
    void should_give_a_free_namespace_to_the_first_claimant_and_refuse_the_second_until_it_expires() {
        assertRules(table);
    }

    @Test
    void should_apply_the_same_rules_on_postgresql() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create("the PostgreSQL lease test");
             HikariDataSource pg = Database.open(schema.url(), "postgres", "", 2)) {
            assertRules(new LeaseTable(Jdbi.create((DataSource) pg)));
        }
    }

    @Test
    void should_hand_a_released_lease_to_the_next_claimant_at_once() {
        assertThat(table.claim("ns", "a", Duration.ofMinutes(5)).heldBy("a")).isTrue();
        table.release("ns", "b"); // not b's: no effect
        assertThat(table.claim("ns", "b", Duration.ofMinutes(5)).holder()).contains("a");

        table.release("ns", "a");

        assertThat(table.claim("ns", "b", Duration.ofMinutes(5)).heldBy("b")).isTrue();
    }

    @Test
    void should_keep_namespaces_apart() {
        assertThat(table.claim("one", "a", Duration.ofMinutes(5)).heldBy("a")).isTrue();
        assertThat(table.claim("two", "b", Duration.ofMinutes(5)).heldBy("b")).isTrue();
        assertThat(table.find("one").flatMap(LeaseTable.Lease::holder)).contains("a");
        assertThat(table.find("two").flatMap(LeaseTable.Lease::holder)).contains("b");
        assertThat(table.find("three")).isEmpty();
    }

    private static void assertRules(LeaseTable leases) {
        LeaseTable.Lease first = leases.claim("twilio-watch", "a", LEASE);
        assertThat(first.heldBy("a")).isTrue();
        assertThat(first.expiresAt() - first.now()).isEqualTo(LEASE.toMillis());

        LeaseTable.Lease second = leases.claim("twilio-watch", "b", LEASE);
        assertThat(second.heldBy("b")).isFalse();
        assertThat(second.holder()).contains("a");

        // a renews its own lease; b gets it only after a stops renewing and the lease runs out
        assertThat(leases.claim("twilio-watch", "a", LEASE).heldBy("a")).isTrue();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> leases.claim("twilio-watch", "b", LEASE).heldBy("b"));
        assertThat(leases.claim("twilio-watch", "a", LEASE).holder()).contains("b");
    }
}
