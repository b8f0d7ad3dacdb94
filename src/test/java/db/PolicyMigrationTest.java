package db;

import static org.assertj.core.api.Assertions.assertThat;

import escalation.Policy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import roster.Roster;
import roster.RosterService;

/** Rosters stored before V11 (the members form) read back unchanged after it, and run as one step per member. */
class PolicyMigrationTest {

    @Test
    void should_keep_a_members_roster_written_before_v11_readable_and_run_it_as_one_step_per_member() {
        String url = "jdbc:h2:mem:v11-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("5").load().migrate();
        Jdbi jdbi = Jdbi.create(url, "sa", "");
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO users (id, username, sms) VALUES (7, 'ann', '+14155550107')");
            h.execute("INSERT INTO users (id, username, sms) VALUES (8, 'bob', '+14155550108')");
            h.execute("INSERT INTO rosters (name, channels) VALUES ('night', 'sms,voice')");
            h.execute("INSERT INTO roster_members (roster_name, position, user_id) VALUES ('night', 0, 8)");
            h.execute("INSERT INTO roster_members (roster_name, position, user_id) VALUES ('night', 1, 7)");
        });

        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();

        Roster night = new RosterService(jdbi).roster("night");
        assertThat(night).isEqualTo(new Roster("night", List.of(8L, 7L), List.of("sms", "voice")));
        Policy policy = Policy.of(night, Duration.ofMinutes(5), 3);
        assertThat(policy.steps()).extracting(s -> s.targets().get(0).user()).containsExactly(8L, 7L);
        assertThat(policy.rounds()).isEqualTo(3);
    }
}
