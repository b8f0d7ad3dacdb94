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
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import roster.RosterService;
import roster.User;

/**
 * Who is notified next. State lives in the escalations table (round, step, next_at, round_started_at, version), so
 * any instance, or this one after a restart, carries on where it was; an optimistic version check lets only one of
 * them move an alarm forward. A roster is run as a {@link Policy}: each step's targets are resolved when the step
 * runs (a schedule target is whoever is on call then) and notified together; a step that reaches nobody is audited
 * ({@code escalation-step-empty}) and skipped; a round never restarts sooner than the sum of its steps' delays.
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
    private final TargetResolver targets;
    /** Owner of the notifications this run creates (see cluster.Leases). */
    private final String owner;

    public EscalationService(Jdbi jdbi, db.GroupCommit writes, RosterService rosters, AuditLog audit, Clock clock,
                             Duration delay, int rounds) {
        this(jdbi, writes, rosters, audit, clock, delay, rounds, OnCallLookup.NONE, "local");
    }

    public EscalationService(Jdbi jdbi, db.GroupCommit writes, RosterService rosters, AuditLog audit, Clock clock,
                             Duration delay, int rounds, OnCallLookup onCall, String owner) {
        this.owner = owner;
        this.jdbi = jdbi;
        this.writes = writes;
        this.rosters = rosters;
        this.audit = audit;
        this.clock = clock;
        this.delay = delay;
        this.rounds = rounds;
        this.targets = new TargetResolver(rosters::findUser, onCall);
    }

    private record State(long alarmId, String roster, int round, int step, String state, int version,
                         Instant roundStartedAt) {
    }

    /** What one step did: the notifications it created, or why escalation ended (for the audit trail). */
    public record Step(List<Notification> notifications, String exhausted) {
    }

    private static final Step NOTHING = new Step(List.of(), null);

    /** Alarms whose next step is due. */
    public List<Long> due() {
        return jdbi.withHandle(h -> h.createQuery("SELECT alarm_id FROM escalations WHERE state = 'running' "
                        + "AND next_at <= :now ORDER BY next_at LIMIT 1000")
                .bind("now", AlarmStore.ts(clock.instant())).mapTo(Long.class).list());
    }

    /**
     * Moves the alarm to its next step (or round) and creates the notifications of the people that step reaches, in
     * state 'pending'. Returns nothing when another caller moved it first, or when nothing is due.
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
                                rs.getInt("step"), rs.getString("state"), rs.getInt("version"),
                                AlarmStore.instant(rs, "round_started_at"))
                            : null)
                    .findOne();
            if (found.isEmpty() || !found.get().state().equals("running")) {
                return NOTHING;
            }
            return advance(h, found.get(), clock.instant());
        });
        audit(alarmId, step);
        return step.notifications();
    }

    /**
     * The first step of a new alarm, in the intake's own transaction: the escalation row is inserted as the first
     * step leaves it (its people notified, the next step due after the step's delay; or exhausted when the
     * roster is missing or empty), and those notifications are created with the alarm, so the alarm is handed to
     * Twilio without another transaction or a trip through the escalation queue.
     */
    public Step start(Handle h, long alarmId, String rosterName, Instant now) {
        Policy policy = policy(rosterName);
        String exhausted = policy == null || policy.steps().isEmpty()
                ? "roster '" + rosterName + "' is missing or empty"
                : policy.rounds() < 1 ? "no acknowledgement after " + policy.rounds() + " round(s)" : null;
        List<User> people = exhausted == null ? targets.resolve(policy.steps().get(0).targets(), now) : List.of();
        // version 1: as if the row had been inserted at step -1 (version 0) and claimed by the first step
        h.createUpdate("INSERT INTO escalations (alarm_id, roster, round_no, step, next_at, state, version, "
                        + "round_started_at) VALUES (:id, :roster, 1, :step, :next, :state, 1, :now)")
                .bind("id", alarmId).bind("roster", rosterName).bind("step", exhausted != null ? -1 : 0)
                .bind("next", AlarmStore.ts(exhausted != null ? null : nextAt(policy, 0, people, now)))
                .bind("state", exhausted != null ? "exhausted" : "running").bind("now", AlarmStore.ts(now)).execute();
        if (exhausted != null) {
            return new Step(List.of(), exhausted);
        }
        return notifyStep(h, alarmId, policy, people, 1, 0, now);
    }

    /**
     * A new alarm inside a maintenance window: stored with an escalation row that notifies nobody (state
     * 'suppressed', before its first step) until {@link #release} starts it.
     */
    public Step suppress(Handle h, long alarmId, String rosterName, Instant now, String why) {
        h.createUpdate("INSERT INTO escalations (alarm_id, roster, round_no, step, next_at, state, version) "
                        + "VALUES (:id, :roster, 1, -1, NULL, 'suppressed', 1)")
                .bind("id", alarmId).bind("roster", rosterName).execute();
        audit.insert(h, "alarm-suppressed", alarmId, null, null, "suppressed", why);
        return NOTHING;
    }

    /** The maintenance window is over: a suppressed alarm's first step is due now. True when it was suppressed. */
    public boolean release(Handle h, long alarmId, Instant now) {
        return h.createUpdate("UPDATE escalations SET state = 'running', next_at = :now, version = version + 1 "
                        + "WHERE alarm_id = :a AND state = 'suppressed'")
                .bind("now", AlarmStore.ts(now)).bind("a", alarmId).execute() == 1;
    }

    /** Audits an escalation that ended without anyone to notify. */
    public void audit(long alarmId, Step step) {
        if (step.exhausted() != null) {
            audit.record("escalation-exhausted", alarmId, null, null, "exhausted", step.exhausted());
        }
    }

    private Policy policy(String rosterName) {
        return rosters.findRoster(rosterName).map(r -> Policy.of(r, delay, rounds)).orElse(null);
    }

    private Step advance(Handle h, State s, Instant now) {
        Policy policy = policy(s.roster());
        int round = s.round();
        int step = s.step() + 1;
        if (policy != null && step >= policy.steps().size()) {
            round++;
            step = 0;
        }
        if (policy == null || policy.steps().isEmpty() || round > policy.rounds()) {
            if (claim(h, s, s.round(), s.step(), null, "exhausted", s.roundStartedAt())) {
                return new Step(List.of(), policy == null || policy.steps().isEmpty()
                        ? "roster '" + s.roster() + "' is missing or empty"
                        : "no acknowledgement after " + policy.rounds() + " round(s)");
            }
            return NOTHING;
        }
        Instant roundStarted = s.roundStartedAt();
        if (step == 0) {
            Instant earliest = roundStarted == null || round == 1 ? now : roundStarted.plus(policy.roundLength());
            if (now.isBefore(earliest)) {
                // failures escalate at once, but a round never restarts sooner than the sum of its steps' delays
                claim(h, s, s.round(), s.step(), earliest, "running", roundStarted);
                return NOTHING;
            }
            roundStarted = now;
        }
        List<User> people = targets.resolve(policy.steps().get(step).targets(), now);
        if (!claim(h, s, round, step, nextAt(policy, step, people, now), "running", roundStarted)) {
            return NOTHING;
        }
        return notifyStep(h, s.alarmId(), policy, people, round, step, now);
    }

    /** After a step: its delay, or at once when it reached nobody (skipped). */
    private static Instant nextAt(Policy policy, int step, List<User> people, Instant now) {
        return people.isEmpty() ? now : now.plus(policy.steps().get(step).delay());
    }

    /**
     * Notifies everyone a step reaches: one 'pending' notification per person and channel due now, and a scheduled
     * one for each contact rule with a delay. A step that reaches nobody is audited.
     */
    private Step notifyStep(Handle h, long alarmId, Policy policy, List<User> people, int round, int step,
                            Instant now) {
        if (people.isEmpty()) {
            audit.insert(h, "escalation-step-empty", alarmId, null, null, "skipped", "round " + round + " step "
                    + (step + 1) + " (" + TargetResolver.describe(policy.steps().get(step).targets())
                    + ") reached nobody; next step now");
            return NOTHING;
        }
        int attempt = (round - 1) * policy.steps().size() + step + 1;
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        List<Notification> created = new ArrayList<>();
        for (User user : people) {
            for (ContactPlan.Contact c : ContactPlan.contacts(user, policy.channels(), at)) {
                if (!c.due().isAfter(at)) {
                    created.add(insertNotification(h, alarmId, user.id(), c.channel(), c.number(), round, step,
                            attempt, at));
                } else {
                    h.createUpdate("INSERT INTO scheduled_notifications (alarm_id, user_id, channel, to_number, "
                                    + "round_no, step, attempt, due_at) VALUES (:a, :u, :c, :to, :r, :s, :attempt, :due)")
                            .bind("a", alarmId).bind("u", user.id()).bind("c", c.channel()).bind("to", c.number())
                            .bind("r", round).bind("s", step).bind("attempt", attempt)
                            .bind("due", AlarmStore.ts(c.due())).execute();
                    audit.insert(h, "notification-scheduled", alarmId, user.id(), c.channel(), "scheduled",
                            "contact rule: " + c.channel() + " at " + c.due() + " unless acknowledged");
                }
            }
        }
        return new Step(created, null);
    }

    private Notification insertNotification(Handle h, long alarmId, long userId, String channel,
                                            String number, int round, int step, int attempt, Instant at) {
        String code = ackCode();
        long id = h.createUpdate("INSERT INTO notifications (alarm_id, user_id, channel, to_number, round_no, "
                        + "step, attempt, ack_code, status, created_at, updated_at, owner) VALUES (:a, :u, :c, :to, "
                        + ":r, :s, :attempt, :code, 'pending', :now, :now, :owner)")
                .bind("a", alarmId).bind("u", userId).bind("c", channel).bind("to", number)
                .bind("r", round).bind("s", step).bind("attempt", attempt).bind("code", code)
                .bind("now", AlarmStore.ts(at)).bind("owner", owner)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return new Notification(id, alarmId, userId, channel, number, round, step, attempt, code,
                "pending", null, null, at, at);
    }

    private record Scheduled(long id, long alarmId, long userId, String channel, String number, int round, int step,
                             int attempt, String alarmState) {
    }

    /**
     * Contact rules whose delay is over: each becomes a 'pending' notification, unless its alarm was acknowledged or
     * cleared first (then it is dropped and audited). Each scheduled row is claimed by deleting it, so one caller
     * sends it.
     */
    public List<Notification> releaseScheduled() {
        Instant now = clock.instant();
        // a plain read first: most polls find nothing, and need not queue a unit on the intake's writer
        if (jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM scheduled_notifications WHERE due_at <= :now")
                .bind("now", AlarmStore.ts(now)).mapTo(Integer.class).one()) == 0) {
            return List.of();
        }
        return writes.inTransaction(h -> {
            List<Scheduled> due = h.createQuery("SELECT s.id, s.alarm_id, s.user_id, s.channel, s.to_number, "
                            + "s.round_no, s.step, s.attempt, a.state FROM scheduled_notifications s "
                            + "JOIN alarms a ON a.id = s.alarm_id WHERE s.due_at <= :now ORDER BY s.due_at, s.id LIMIT 500")
                    .bind("now", AlarmStore.ts(now))
                    .map((rs, ctx) -> new Scheduled(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getString(9)))
                    .list();
            List<Notification> created = new ArrayList<>();
            Instant at = now.truncatedTo(ChronoUnit.MICROS);
            for (Scheduled s : due) {
                if (h.createUpdate("DELETE FROM scheduled_notifications WHERE id = :id").bind("id", s.id())
                        .execute() == 0) {
                    continue;
                }
                if ("active".equals(s.alarmState())) {
                    created.add(insertNotification(h, s.alarmId(), s.userId(), s.channel(), s.number(), s.round(),
                            s.step(), s.attempt(), at));
                } else {
                    audit.insert(h, "notification-skipped", s.alarmId(), s.userId(), s.channel(), "skipped",
                            "contact rule not needed: alarm " + s.alarmState());
                }
            }
            return created;
        });
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

    private static boolean claim(Handle h, State s, int round, int step, Instant next, String state,
                                 Instant roundStarted) {
        return h.createUpdate("UPDATE escalations SET round_no = :r, step = :s, next_at = :next, state = :state, "
                        + "round_started_at = :started, version = version + 1 WHERE alarm_id = :a AND version = :v")
                .bind("r", round).bind("s", step).bind("next", AlarmStore.ts(next)).bind("state", state)
                .bind("started", AlarmStore.ts(roundStarted))
                .bind("a", s.alarmId()).bind("v", s.version()).execute() == 1;
    }

    static String ackCode() {
        char[] c = new char[4];
        for (int i = 0; i < c.length; i++) {
            c[i] = CODE_CHARS.charAt(RANDOM.nextInt(CODE_CHARS.length()));
        }
        return new String(c);
    }
}
