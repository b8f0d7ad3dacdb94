package escalation;

import alarm.AlarmStore;
import alarm.Notification;
import audit.AuditLog;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import roster.Roster;
import roster.RosterService;
import roster.User;

/**
 * Who is notified next. State lives in the escalations table (round, step, next_at, version), so any instance,
 * or this one after a restart, carries on where it was; an optimistic version check lets only one of them move
 * an alarm forward.
 */
public final class EscalationService {

    private static final String CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final db.GroupCommit writes;
    private final RosterService rosters;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration delay;
    private final int rounds;
    /** Owner of the notifications this run creates (see cluster.Leases). */
    private final String owner;

    public EscalationService(Jdbi jdbi, db.GroupCommit writes, RosterService rosters, AuditLog audit, Clock clock,
                             Duration delay, int rounds, String owner) {
        this.owner = owner;
        this.jdbi = jdbi;
        this.writes = writes;
        this.rosters = rosters;
        this.audit = audit;
        this.clock = clock;
        this.delay = delay;
        this.rounds = rounds;
    }

    private record State(long alarmId, String roster, int round, int step, String state, int version) {
    }

    /** What one step did: the notifications it created, or why escalation ended (for the audit trail). */
    public record Step(List<Notification> notifications, String exhausted) {
    }

    /** Alarms whose next step is due. */
    public List<Long> due() {
        return jdbi.withHandle(h -> h.createQuery("SELECT alarm_id FROM escalations WHERE state = 'running' "
                        + "AND next_at <= :now ORDER BY next_at LIMIT 1000")
                .bind("now", AlarmStore.ts(clock.instant())).mapTo(Long.class).list());
    }

    /**
     * Moves the alarm to its next roster member (or round) and creates that member's notifications, one per
     * channel, in state 'pending'. Returns nothing when another caller moved it first, or when nothing is due.
     */
    public List<Notification> advance(long alarmId) {
        Step step = writes.inTransaction(h -> {
            // only when due: the poller re-queues alarms still waiting in a busy seda:escalate queue, and the
            // second copy must not move an alarm that the first one just moved (it notified twice in a storm)
            Optional<State> found = h.createQuery("SELECT e.*, a.state AS alarm_state FROM escalations e "
                            + "JOIN alarms a ON a.id = e.alarm_id WHERE e.alarm_id = :id AND e.next_at <= :now")
                    .bind("id", alarmId).bind("now", AlarmStore.ts(clock.instant()))
                    .map((rs, ctx) -> "active".equals(rs.getString("alarm_state"))
                            ? new State(rs.getLong("alarm_id"), rs.getString("roster"), rs.getInt("round_no"),
                                rs.getInt("step"), rs.getString("state"), rs.getInt("version"))
                            : null)
                    .findOne();
            if (found.isEmpty() || !found.get().state().equals("running")) {
                return new Step(List.of(), null);
            }
            return advance(h, found.get(), clock.instant());
        });
        audit(alarmId, step);
        return step.notifications();
    }

    /**
     * The first step of a new alarm, in the intake's own transaction: the escalation row is inserted as the first
     * step leaves it (its first roster member notified, the next step due after the delay; or exhausted when the
     * roster is missing or empty), and that member's notifications are created with the alarm, so the alarm is
     * handed to Twilio without another transaction or a trip through the escalation queue.
     */
    public Step start(Handle h, long alarmId, String rosterName, Instant now) {
        Optional<Roster> roster = rosters.findRoster(rosterName);
        List<Long> members = roster.map(Roster::members).orElse(List.of());
        boolean exhausted = members.isEmpty() || rounds < 1;
        // version 1: as if the row had been inserted at step -1 (version 0) and claimed by the first step
        h.createUpdate("INSERT INTO escalations (alarm_id, roster, round_no, step, next_at, state, version) "
                        + "VALUES (:id, :roster, 1, :step, :next, :state, 1)")
                .bind("id", alarmId).bind("roster", rosterName).bind("step", exhausted ? -1 : 0)
                .bind("next", AlarmStore.ts(exhausted ? null : now.plus(delay)))
                .bind("state", exhausted ? "exhausted" : "running").execute();
        if (exhausted) {
            return new Step(List.of(), members.isEmpty() ? "roster '" + rosterName + "' is missing or empty"
                    : "no acknowledgement after " + rounds + " round(s)");
        }
        return notifyMember(h, alarmId, roster.get(), members, 1, 0, now);
    }

    /** Audits an escalation that ended without anyone to notify. */
    public void audit(long alarmId, Step step) {
        if (step.exhausted() != null) {
            audit.record("escalation-exhausted", alarmId, null, null, "exhausted", step.exhausted());
        }
    }

    private Step advance(Handle h, State s, Instant now) {
        long alarmId = s.alarmId();
        Optional<Roster> roster = rosters.findRoster(s.roster());
        List<Long> members = roster.map(Roster::members).orElse(List.of());
        int round = s.round();
        int step = s.step() + 1;
        if (step >= members.size()) {
            round++;
            step = 0;
        }
        if (members.isEmpty() || round > rounds) {
            if (claim(h, s, s.round(), s.step(), null, "exhausted")) {
                return new Step(List.of(), members.isEmpty() ? "roster '" + s.roster() + "' is missing or empty"
                        : "no acknowledgement after " + rounds + " round(s)");
            }
            return new Step(List.of(), null);
        }
        if (round > s.round()) {
            Optional<Instant> notBefore = RoundSpacing.notBefore(h, alarmId, s.round(), delay, now);
            if (notBefore.isPresent()) {
                // too early for the next round: due again when it may begin (the version check keeps one mover)
                claim(h, s, s.round(), s.step(), notBefore.get(), "running");
                return new Step(List.of(), null);
            }
        }
        if (!claim(h, s, round, step, now.plus(delay), "running")) {
            return new Step(List.of(), null);
        }
        return notifyMember(h, alarmId, roster.get(), members, round, step, now);
    }

    /** Creates the notifications of member {@code step} of {@code round}, one per roster channel, as 'pending'. */
    private Step notifyMember(Handle h, long alarmId, Roster roster, List<Long> members, int round, int step,
                              Instant now) {
        List<Notification> created = new ArrayList<>();
        User user = rosters.findUser(members.get(step)).orElse(null);
        if (user == null) {
            return new Step(List.of(), null);
        }
        int attempt = (round - 1) * members.size() + step + 1;
        Instant at = now.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        for (String channel : roster.channels()) {
            String number = "sms".equals(channel) ? first(user.sms(), user.phone()) : first(user.phone(), user.sms());
            if (number == null) {
                continue;
            }
            String code = ackCode();
            long id = h.createUpdate("INSERT INTO notifications (alarm_id, user_id, channel, to_number, round_no, "
                            + "step, attempt, ack_code, status, created_at, updated_at, owner) VALUES (:a, :u, :c, "
                            + ":to, :r, :s, :attempt, :code, 'pending', :now, :now, :owner)")
                    .bind("a", alarmId).bind("u", user.id()).bind("c", channel).bind("to", number)
                    .bind("r", round).bind("s", step).bind("attempt", attempt).bind("code", code)
                    .bind("now", AlarmStore.ts(at)).bind("owner", owner)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            created.add(new Notification(id, alarmId, user.id(), channel, number, round, step, attempt, code,
                    "pending", null, null, at, at));
        }
        return new Step(created, null);
    }

    /**
     * A notification of the current step failed (failed, undelivered, busy, no-answer): make the next step due
     * now. Returns true when that changed anything (the caller then runs {@link #advance}).
     */
    public boolean escalateNow(Notification failed) {
        return writes.inTransaction(h -> h.createUpdate("UPDATE escalations SET next_at = :now WHERE alarm_id = :a "
                        + "AND round_no = :r AND step = :s AND state = 'running'")
                .bind("now", AlarmStore.ts(clock.instant())).bind("a", failed.alarmId())
                .bind("r", failed.round()).bind("s", failed.step()).execute()) > 0;
    }

    private static boolean claim(Handle h, State s, int round, int step, Instant next, String state) {
        return h.createUpdate("UPDATE escalations SET round_no = :r, step = :s, next_at = :next, state = :state, "
                        + "version = version + 1 WHERE alarm_id = :a AND version = :v")
                .bind("r", round).bind("s", step).bind("next", AlarmStore.ts(next)).bind("state", state)
                .bind("a", s.alarmId()).bind("v", s.version()).execute() == 1;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    static String ackCode() {
        char[] c = new char[4];
        for (int i = 0; i < c.length; i++) {
            c[i] = CODE_CHARS.charAt(RANDOM.nextInt(CODE_CHARS.length()));
        }
        return new String(c);
    }
}
