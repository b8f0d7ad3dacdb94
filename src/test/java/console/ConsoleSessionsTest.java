package console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import web.ApiException;

/** Sign-in rules on a migrated in-memory database and a clock the test moves. */
class ConsoleSessionsTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-03T03:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    MovableClock clock = new MovableClock();
    ConsoleSessions sessions;
    Accounts accounts;

    @BeforeEach
    void setUp() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:console-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        db.Database.migrate(ds);
        Jdbi jdbi = Jdbi.create(ds);
        accounts = new Accounts(jdbi);
        jdbi.useHandle(h -> h.execute("INSERT INTO users (username, sms) VALUES ('ann', '+14155550100')"));
        accounts.update(1, Map.of("password", "ann-pass-1", "role", "responder"));
        sessions = new ConsoleSessions(accounts, clock, Duration.ofHours(12));
    }

    @Test
    void five_wrong_passwords_lock_the_user_out_for_fifteen_minutes_even_with_the_right_one() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> sessions.signIn("ann", "wrong-pass")).extracting(e -> ((ApiException) e).status()).isEqualTo(401);
        }
        assertThatThrownBy(() -> sessions.signIn("ann", "ann-pass-1")).extracting(e -> ((ApiException) e).status()).isEqualTo(429);
        clock.now = clock.now.plus(Duration.ofMinutes(15)).plusSeconds(1);
        assertThat(sessions.signIn("ann", "ann-pass-1").username()).isEqualTo("ann");
    }

    @Test
    void each_sign_in_gets_a_new_session_id_and_csrf_token() {
        Session a = sessions.signIn("ann", "ann-pass-1");
        Session b = sessions.signIn("ann", "ann-pass-1");
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.csrf()).isNotEqualTo(b.csrf());
        assertThat(sessions.find("x=1; callout_session=" + b.id())).contains(b.touched(b.expires()));
    }

    @Test
    void a_session_idle_longer_than_the_limit_is_gone() {
        Session s = sessions.signIn("ann", "ann-pass-1");
        clock.now = clock.now.plus(Duration.ofHours(12)).plusSeconds(1);
        assertThat(sessions.find("callout_session=" + s.id())).isEmpty();
    }

    @Test
    void a_state_change_needs_the_csrf_token_and_the_role() {
        Session s = sessions.signIn("ann", "ann-pass-1");
        String cookie = "callout_session=" + s.id();
        assertThatThrownBy(() -> sessions.authorize("POST", "/console/alarms/1/ack", cookie, null))
                .extracting(e -> ((ApiException) e).status()).isEqualTo(403);
        assertThat(sessions.authorize("POST", "/console/alarms/1/ack", cookie, s.csrf()).userId()).isEqualTo(1);
        assertThatThrownBy(() -> sessions.authorize("DELETE", "/console/api/users/1", cookie, s.csrf()))
                .extracting(e -> ((ApiException) e).status()).isEqualTo(403);
        assertThatThrownBy(() -> sessions.authorize("GET", "/console/api/users", "callout_session=forged", null))
                .extracting(e -> ((ApiException) e).status()).isEqualTo(401);
    }

    @Test
    void roles_viewer_reads_responder_acts_on_alarms_admin_changes_everything() {
        assertThat(Role.VIEWER.may("GET", "/console/api/users")).isTrue();
        assertThat(Role.VIEWER.may("POST", "/console/alarms/1/ack")).isFalse();
        assertThat(Role.VIEWER.may("POST", "/console/sandbox/phones/%2B1/sms")).isFalse();
        assertThat(Role.RESPONDER.may("POST", "/console/alarms/1/clear")).isTrue();
        assertThat(Role.RESPONDER.may("POST", "/console/api/schedules/3/overrides")).isTrue();
        assertThat(Role.RESPONDER.may("PUT", "/console/api/users/1")).isFalse();
        assertThat(Role.RESPONDER.may("GET", "/console/api/twilio/messages")).isFalse();
        assertThat(Role.ADMIN.may("DELETE", "/console/api/rosters/operators")).isTrue();
    }

    @Test
    void the_cookie_is_http_only_strict_and_secure_behind_https() {
        Session s = sessions.signIn("ann", "ann-pass-1");
        assertThat(ConsoleSessions.setCookie(s, true))
                .isEqualTo("callout_session=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Secure");
        assertThat(ConsoleSessions.setCookie(null, false)).isEqualTo("callout_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    }

    @Test
    void the_first_admin_gets_a_generated_password_once_or_the_configured_one() {
        String generated = accounts.ensureAdmin("");
        assertThat(generated).hasSizeGreaterThanOrEqualTo(16);
        assertThat(sessions.signIn("admin", generated).role()).isEqualTo(Role.ADMIN);
        assertThat(accounts.ensureAdmin("")).isNull();
        assertThat(accounts.ensureAdmin("configured-1")).isNull();
        assertThat(sessions.signIn("admin", "configured-1").role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void passwords_are_salted_pbkdf2_hashes() {
        String h1 = Passwords.hash("correct horse");
        assertThat(h1).startsWith("pbkdf2$120000$").isNotEqualTo(Passwords.hash("correct horse"));
        assertThat(Passwords.matches("correct horse", h1)).isTrue();
        assertThat(Passwords.matches("correct hors", h1)).isFalse();
        assertThatThrownBy(() -> Passwords.hash("short")).extracting(e -> ((ApiException) e).field()).isEqualTo("password");
    }
}
