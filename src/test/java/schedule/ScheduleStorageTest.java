package schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import db.Database;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import roster.RosterService;
import roster.UserInput;
import schedule.ScheduleJson.Body;
import schedule.ScheduleJson.OverrideBody;
import schedule.ScheduleJson.Replace;
import schedule.ScheduleJson.RestrictionBody;
import schedule.ScheduleJson.RotationBody;
import web.ApiException;

/** ScheduleService on the V10 tables, the same on H2 and PostgreSQL: round trips, cascades, the in-memory cache. */
class ScheduleStorageTest {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void should_store_schedules_overrides_and_feeds_and_follow_user_deletes(String database) throws Exception {
        String schema = "sched_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HikariConfig cfg = new HikariConfig();
        if (database.equals("h2")) {
            cfg.setJdbcUrl("jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1");
        } else {
            Assumptions.assumeTrue(postgresUp(), "PostgreSQL is not listening on 127.0.0.1:5432: skipping the "
                    + "PostgreSQL schedule storage test");
            try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            cfg.setJdbcUrl(PG + "?currentSchema=" + schema);
            cfg.setUsername("postgres");
        }
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            Database.migrate(ds);
            Jdbi jdbi = Jdbi.create(ds);
            RosterService rosters = new RosterService(jdbi);
            long ann = rosters.createUser(new UserInput("ann", "+14155550101", null, "1234", null)).id();
            long bob = rosters.createUser(new UserInput("bob", "+14155550102", null, "1234", null)).id();
            long cid = rosters.createUser(new UserInput("cid", "+14155550103", null, "1234", null)).id();
            ScheduleService service = new ScheduleService(jdbi, rosters,
                    Clock.fixed(Instant.parse("2027-04-05T12:00:00Z"), ZoneOffset.UTC), "http://callout.test");

            Body created = service.create(new Body(null, "plant", "Europe/Amsterdam", List.of(
                    new RotationBody("weekly", "weekly", 1, "2027-01-01T08:00", List.of(ann, bob, cid), null),
                    new RotationBody(null, "daily", 2, "2027-01-04T22:00", List.of(cid, ann),
                            List.of(new RestrictionBody(List.of("FRI", "sat"), "22:00", "06:00"))))));
            String id = String.valueOf(created.id());
            assertThat(service.schedule("plant")).isEqualTo(created);
            assertThat(created.rotations().get(1).restrict())
                    .containsExactly(new RestrictionBody(List.of("FRI", "SAT"), "22:00", "06:00"));

            OverrideBody o = service.addOverride(id, new OverrideBody(null, "2027-04-05T00:00:00+02:00",
                    "2027-04-06T00:00:00Z", null, null, new Replace(bob, ann)));
            service.addOverride("plant", new OverrideBody(null, "2027-04-05T10:00:00Z", "2027-04-05T14:00:00Z",
                    cid, null, null));
            assertThat(service.overrides(id).get(0)).isEqualTo(new OverrideBody(o.id(), "2027-04-04T22:00:00Z",
                    "2027-04-06T00:00:00Z", null, null, new Replace(bob, ann)));
            // Mon Apr 5 12:00Z: bob's week, replaced by ann, cid added
            assertThat(service.onCallUserIds("plant", Instant.parse("2027-04-05T12:00:00Z"))).containsExactly(ann, cid);
            assertThat(service.onCall(id, null).at()).isEqualTo(Instant.parse("2027-04-05T12:00:00Z"));

            ScheduleJson.Feed feed = service.createFeed(id, "{\"userId\": " + ann + "}");
            assertThat(service.feeds(id)).extracting(ScheduleJson.Feed::userId).containsExactly(ann);
            String file = feed.url().substring(feed.url().lastIndexOf('/') + 1);
            assertThat(service.calendar(file)).contains("SUMMARY:On call: plant (ann)").doesNotContain("(bob)");

            // a deleted user leaves the rotation and takes their overrides along; the turns count from the start
            rosters.deleteUser(bob);
            service.replace(id, new Body(null, null, "Europe/Amsterdam", List.of(
                    new RotationBody("weekly", "weekly", 1, "2027-01-01T08:00", List.of(ann, cid), null))));
            assertThat(service.overrides(id)).extracting(OverrideBody::add).containsExactly(cid);
            // week 13 of [ann, cid] is cid's
            assertThat(service.onCallUserIds(id, Instant.parse("2027-04-05T09:00:00Z"))).containsExactly(cid);

            service.delete("plant");
            assertThat(service.exists(id)).isFalse();
            assertThatThrownBy(() -> service.calendar(file)).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).status()).isEqualTo(404);
            int left = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM schedule_overrides")
                    .mapTo(Integer.class).one() + h.createQuery("SELECT COUNT(*) FROM schedule_rotation_members")
                    .mapTo(Integer.class).one() + h.createQuery("SELECT COUNT(*) FROM schedule_feeds")
                    .mapTo(Integer.class).one());
            assertThat(left).isZero();
        } finally {
            if (database.equals("postgresql")) {
                try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }
    }

    private static boolean postgresUp() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
