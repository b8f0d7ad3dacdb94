package heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import audit.AuditLog;
import db.GroupCommit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import support.TestClock;

/** What a heartbeat check raises and a beat clears, on a clock the test moves (the intake itself is a route's). */
class HeartbeatServiceTest {

    static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    final TestClock clock = new TestClock(T0);
    GroupCommit writes;
    HeartbeatService heartbeats;

    @BeforeEach
    void setUp() {
        String url = "jdbc:h2:mem:hb-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        Jdbi jdbi = Jdbi.create(url, "sa", "");
        writes = new GroupCommit(jdbi, 1, 16, Duration.ZERO);
        heartbeats = new HeartbeatService(jdbi, new AuditLog(jdbi, writes, clock), clock, roster -> true);
    }

    @AfterEach
    void tearDown() throws Exception {
        writes.close();
    }

    long create() {
        return heartbeats.create(new HeartbeatInput("scada-1", "PT1M", "operators", null)).id();
    }

    @Test
    void should_raise_one_alarm_per_missed_deadline_named_by_that_deadline() {
        long id = create();
        clock.advance(Duration.ofSeconds(59));
        assertThat(heartbeats.due()).isEmpty();
        clock.advance(Duration.ofSeconds(1));

        List<HeartbeatService.Lost> due = heartbeats.due();
        assertThat(due).hasSize(1);
        assertThat(due.get(0).payload()).isEqualTo("{\"source\":\"heartbeat/scada-1\",\"name\":\"Heartbeat lost: "
                + "scada-1\",\"priority\":\"Critical\",\"message\":\"No beat from scada-1 within PT1M (due by "
                + "2026-12-07T08:01:00Z)\",\"roster\":\"operators\",\"eventId\":\"heartbeat-" + id + "-lost-"
                + T0.plusSeconds(60).toEpochMilli() + "\"}");
        assertThat(heartbeats.markLost(due.get(0))).isNull();
        assertThat(heartbeats.heartbeat(id).state()).isEqualTo("lost");
        clock.advance(Duration.ofMinutes(10));
        assertThat(heartbeats.due()).isEmpty();

        HeartbeatService.Beat beat = heartbeats.beat(id);
        assertThat(beat.clear()).contains("\"state\":\"cleared\"").contains("\"source\":\"heartbeat/scada-1\"");
        assertThat(beat.heartbeat().state()).isEqualTo("ok");
        assertThat(beat.heartbeat().dueBy()).isEqualTo(clock.instant().plusSeconds(60));
        assertThat(heartbeats.beat(id).clear()).isNull();
    }

    @Test
    void should_clear_the_alarm_just_raised_when_a_beat_came_in_before_it_was_marked_lost() {
        long id = create();
        clock.advance(Duration.ofSeconds(61));
        HeartbeatService.Lost lost = heartbeats.due().get(0);

        assertThat(heartbeats.beat(id).clear()).isNull();

        assertThat(heartbeats.markLost(lost)).contains("\"state\":\"cleared\"");
        assertThat(heartbeats.heartbeat(id).state()).isEqualTo("ok");
    }
}
