package notify;

import static org.assertj.core.api.Assertions.assertThat;

import alarm.AlarmStore;
import alarm.Notification;
import audit.AuditLog;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.rest.api.v2010.account.Message;
import db.Database;
import db.GroupCommit;
import db.Jdbc;
import escalation.EscalationService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import roster.RosterService;
import stats.JdbcUserDirectory;
import stats.StatsEvents;

/**
 * Where the Notifier commits what Twilio answers as a notification is placed (its SID): on the intakes' writer, or
 * on the status callbacks' one while the intakes' has the longer queue; and that a status callback committed before
 * the SID leaves the same row as the usual order.
 */
class NotifierWritersTest {

    private static final String TO = "+14155550123";

    private Jdbi jdbi;
    private GroupCommit intakes;
    private GroupCommit callbacks;
    private Notifier notifier;
    private final List<String> outcomes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:notifier-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Database.migrate(ds);
        jdbi = Jdbi.create(ds);
        intakes = new GroupCommit(jdbi, 1, 256, Duration.ZERO);
        callbacks = new GroupCommit(jdbi, 1, 256, Duration.ZERO);
        AuditLog audit = new AuditLog(jdbi, intakes);
        Clock clock = Clock.systemUTC();
        EscalationService escalation = new EscalationService(jdbi, intakes, new RosterService(jdbi), audit, clock,
                Duration.ofMinutes(5), 1);
        notifier = new Notifier(new AlarmStore(jdbi, new Jdbc(ds)), intakes, callbacks, escalation, audit,
                new DefaultTexts(), clock, "+15005550006", "http://localhost:8080", 30,
                (channel, outcome) -> outcomes.add(outcome), new StatsEvents(new JdbcUserDirectory(ds)));
    }

    @AfterEach
    void tearDown() {
        intakes.close();
        callbacks.close();
    }

    @Test
    void should_commit_the_sid_on_the_callbacks_writer_while_the_intakes_writer_is_behind() throws Exception {
        Notification n = pendingNotification();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the intakes' writer is busy with one unit and has another waiting
        CompletableFuture<Void> busy = CompletableFuture.runAsync(() -> intakes.useTransaction(h -> {
            running.countDown();
            release.await(30, TimeUnit.SECONDS);
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> intakes.useTransaction(h -> { }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (intakes.queued() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(intakes.queued()).isEqualTo(1);
        try {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> notifier.sent(n, message("SMw1", "queued")));
            // committed while the intakes' writer is still held: it went to the callbacks' writer
            sent.get(10, TimeUnit.SECONDS);
            assertThat(row(n.id())).containsEntry("twilio_sid", "SMw1").containsEntry("status", "queued");
            assertThat(callbacks.counts()[1]).isEqualTo(1);
        } finally {
            release.countDown();
        }
        busy.get(10, TimeUnit.SECONDS);
        waiting.get(10, TimeUnit.SECONDS);
    }

    @Test
    void should_commit_the_sid_with_the_intakes_when_that_writer_keeps_up() {
        Notification n = pendingNotification();
        notifier.sent(n, message("SMw2", "queued"));
        assertThat(row(n.id())).containsEntry("twilio_sid", "SMw2").containsEntry("status", "queued");
        assertThat(callbacks.counts()[1]).isZero();
        assertThat(intakes.counts()[1]).isEqualTo(1);
    }

    @Test
    void should_leave_the_same_row_when_a_status_callback_commits_before_the_sid() {
        Notification inOrder = pendingNotification();
        notifier.sent(inOrder, message("SMw3", "queued"));
        notifier.status("message", inOrder.id(), delivered("SMw3"));

        Notification overtaken = pendingNotification();
        notifier.status("message", overtaken.id(), delivered("SMw4"));
        notifier.sent(overtaken, message("SMw4", "queued"));

        for (Notification n : List.of(inOrder, overtaken)) {
            assertThat(row(n.id())).containsEntry("status", "delivered")
                    .containsEntry("twilio_sid", n == inOrder ? "SMw3" : "SMw4");
            List<String> audited = jdbi.withHandle(h -> h.createQuery(
                            "SELECT kind FROM audit WHERE alarm_id = :a ORDER BY kind")
                    .bind("a", n.alarmId()).mapTo(String.class).list());
            assertThat(audited).containsExactly("notification-delivered", "notification-sent");
        }
    }

    private Notification pendingNotification() {
        return jdbi.inTransaction(h -> {
            long user = h.createQuery("SELECT id FROM users WHERE username = 'ann'").mapTo(Long.class).findOne()
                    .orElseGet(() -> h.createUpdate("INSERT INTO users (username, sms) VALUES ('ann', :to)")
                            .bind("to", TO).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            long alarm = h.createUpdate("INSERT INTO alarms (source, name, priority, state, received_at) VALUES "
                            + "(:s, 'Level', 'High', 'active', CURRENT_TIMESTAMP)").bind("s", "test/" + UUID.randomUUID())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            long id = h.createUpdate("INSERT INTO notifications (alarm_id, user_id, channel, to_number, round_no, step, "
                            + "attempt, ack_code, status, created_at, updated_at) VALUES (:a, :u, 'sms', :to, 1, 0, 1, "
                            + "'123', 'pending', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                    .bind("a", alarm).bind("u", user).bind("to", TO)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new Notification(id, alarm, user, "sms", TO, 1, 0, 1, "123", "pending", null, null, null, null);
        });
    }

    private Map<String, Object> row(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status, twilio_sid FROM notifications WHERE id = :id")
                .bind("id", id).mapToMap().one());
    }

    private static Map<String, String> delivered(String sid) {
        return Map.of("MessageSid", sid, "MessageStatus", "delivered", "To", TO, "From", "+15005550006");
    }

    private static Message message(String sid, String status) {
        return Message.fromJson("{\"sid\":\"" + sid + "\",\"status\":\"" + status + "\"}", new ObjectMapper());
    }
}
