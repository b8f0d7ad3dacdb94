package alarm;

import audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import twiml.AckOutcome;
import web.ApiException;

/**
 * Alarm intake (dedup, clear, store before any reply) and acknowledgement. An accepted alarm and its escalation
 * row are written in one transaction, so a crash after the reply can never lose it.
 */
public final class AlarmService {

    private final AlarmStore store;
    private final db.GroupCommit writes;
    private final escalation.EscalationService escalation;
    private final AlarmPayloads payloads;
    private final RosterRouting routing;
    private final AuditLog audit;
    private final Clock clock;
    private final java.util.function.BiConsumer<String, java.time.Duration> acked;
    private final Suppressions suppressions;

    public AlarmService(AlarmStore store, db.GroupCommit writes, escalation.EscalationService escalation,
                        AlarmPayloads payloads, RosterRouting routing, AuditLog audit, Clock clock,
                        java.util.function.BiConsumer<String, java.time.Duration> acked) {
        this(store, writes, escalation, payloads, routing, audit, clock, acked, Suppressions.NONE);
    }

    /** {@code suppressions}: maintenance windows (a new alarm they cover is stored suppressed, notifying nobody). */
    public AlarmService(AlarmStore store, db.GroupCommit writes, escalation.EscalationService escalation,
                        AlarmPayloads payloads, RosterRouting routing, AuditLog audit, Clock clock,
                        java.util.function.BiConsumer<String, java.time.Duration> acked, Suppressions suppressions) {
        this.suppressions = suppressions;
        this.acked = acked;
        this.store = store;
        this.writes = writes;
        this.escalation = escalation;
        this.payloads = payloads;
        this.routing = routing;
        this.audit = audit;
        this.clock = clock;
    }

    /** The outcome for one event; {@code first} is a new alarm's first escalation step. */
    public record IntakeResult(Long alarmId, boolean duplicate, String state, List<String> warnings,
                               escalation.EscalationService.Step first) {

        IntakeResult(Long alarmId, boolean duplicate, String state, List<String> warnings) {
            this(alarmId, duplicate, state, warnings, null);
        }
    }

    /**
     * The outcome for a payload: the new alarms, and their first notifications (stored with them, in state
     * pending), which go to Twilio now.
     */
    public record IntakeBatch(List<IntakeResult> results, List<Long> newAlarms, List<Notification> notifications,
                              boolean single) {

        /** The HTTP reply: the single result, or all of them. */
        public Object reply() {
            if (single) {
                return view(results.get(0));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("accepted", results.size());
            m.put("alarms", results.stream().map(IntakeBatch::view).toList());
            return m;
        }

        private static Map<String, Object> view(IntakeResult r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alarmId", r.alarmId());
            m.put("duplicate", r.duplicate());
            m.put("state", r.state());
            if (!r.warnings().isEmpty()) {
                m.put("warnings", r.warnings());
            }
            return m;
        }
    }

    public IntakeBatch accept(String payload, String input) {
        AlarmPayloads.Parsed parsed = payloads.parse(payload);
        List<IntakeResult> results = new ArrayList<>(parsed.events().size());
        List<Long> fresh = new ArrayList<>();
        List<Notification> notify = new ArrayList<>();
        for (AlarmInput e : parsed.events()) {
            IntakeResult r = e.active() ? acceptActive(e, input) : acceptCleared(e);
            if (results.isEmpty() && !parsed.warnings().isEmpty()) {
                List<String> w = new ArrayList<>(r.warnings());
                w.addAll(parsed.warnings());
                r = new IntakeResult(r.alarmId(), r.duplicate(), r.state(), w, r.first());
            }
            results.add(r);
            if (!r.duplicate() && "active".equals(r.state())) {
                fresh.add(r.alarmId());
                if (r.first() != null) {
                    notify.addAll(r.first().notifications());
                    escalation.audit(r.alarmId(), r.first());
                }
            }
        }
        return new IntakeBatch(results, fresh, notify, parsed.events().size() == 1);
    }

    private IntakeResult acceptActive(AlarmInput e, String input) {
        RosterRouting.Choice choice = routing.rosterFor(e);
        for (int attempt = 0; ; attempt++) {
            try {
                return writes.inTransaction(h -> {
                    Optional<Long> dup = duplicateOf(h, e);
                    if (dup.isPresent()) {
                        return new IntakeResult(dup.get(), true, stateOf(h, dup.get()), List.of());
                    }
                    Instant now = clock.instant();
                    String suppressedBy = suppressions.suppressedBy(e.source(), now);
                    long id = h.createUpdate("INSERT INTO alarms (source, name, display_path, priority, state, message, "
                                    + "roster, event_id, event_time, input, received_at, active_source, suppressed) VALUES "
                                    + "(:source, :name, :displayPath, :priority, 'active', :message, :roster, :eventId, "
                                    + ":eventTime, :input, :now, :source, :suppressed)")
                            .bind("suppressed", suppressedBy != null)
                            .bind("source", e.source()).bind("name", e.name()).bind("displayPath", e.displayPath())
                            .bind("priority", e.priority().name()).bind("message", e.message())
                            .bind("roster", choice.roster()).bind("eventId", e.eventId())
                            .bind("eventTime", AlarmStore.ts(e.eventTime())).bind("input", input)
                            .bind("now", AlarmStore.ts(now))
                            .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                    rememberEvent(h, e.eventId(), id, now);
                    escalation.EscalationService.Step first = suppressedBy != null
                            ? escalation.suppress(h, id, choice.roster(), now, suppressedBy)
                            : escalation.start(h, id, choice.roster(), now);
                    return new IntakeResult(id, false, "active",
                            choice.warning() == null ? List.of() : List.of(choice.warning()), first);
                });
            } catch (UnableToExecuteStatementException race) {
                // a concurrent twin won the unique key (eventId or active source): the next pass finds it; any
                // other failure is no race and is not retried
                if (!db.Jdbc.isUniqueViolation(race) || attempt >= 3) {
                    throw race;
                }
            }
        }
    }

    private IntakeResult acceptCleared(AlarmInput e) {
        List<Long> cleared = new ArrayList<>();
        IntakeResult result = writes.inTransaction(h -> {
            if (e.eventId() != null) {
                Optional<Long> seen = h.createQuery("SELECT alarm_id FROM alarm_events WHERE event_id = :e")
                        .bind("e", e.eventId()).mapTo(Long.class).findOne();
                if (eventSeen(h, e.eventId())) {  // alarm_id may be NULL: seen is then empty
                    return new IntakeResult(seen.orElse(null), true, "cleared", List.of());
                }
            }
            List<Long> ids = h.createQuery("SELECT id FROM alarms WHERE source = :s AND state IN ('active', 'acknowledged') "
                    + "ORDER BY id").bind("s", e.source()).mapTo(Long.class).list();
            Instant now = clock.instant();
            for (long id : ids) {
                h.createUpdate("UPDATE alarms SET state = 'cleared', cleared_at = :now, active_source = NULL WHERE id = :id")
                        .bind("id", id).bind("now", AlarmStore.ts(now)).execute();
                h.createUpdate("UPDATE escalations SET state = 'stopped', version = version + 1 WHERE alarm_id = :id "
                        + "AND state = 'running'").bind("id", id).execute();
            }
            Long first = ids.isEmpty() ? null : ids.get(0);
            rememberEvent(h, e.eventId(), first, now);
            cleared.clear();
            cleared.addAll(ids);
            return new IntakeResult(first, false, "cleared",
                    ids.isEmpty() ? List.of("no active alarm for source '" + e.source() + "'") : List.of());
        });
        cleared.forEach(id -> audit.record("alarm-cleared", id, null, null, "cleared", e.source()));
        return result;
    }

    private static boolean eventSeen(Handle h, String eventId) {
        return h.createQuery("SELECT COUNT(*) FROM alarm_events WHERE event_id = :e").bind("e", eventId)
                .mapTo(Integer.class).one() > 0;
    }

    private Optional<Long> duplicateOf(Handle h, AlarmInput e) {
        if (e.eventId() != null) {
            Optional<Long> seen = h.createQuery("SELECT alarm_id FROM alarm_events WHERE event_id = :e")
                    .bind("e", e.eventId()).mapTo(Long.class).findOne();
            if (seen.isPresent()) {
                return seen;
            }
        }
        Optional<Long> active = h.createQuery("SELECT id FROM alarms WHERE active_source = :s")
                .bind("s", e.source()).mapTo(Long.class).findOne();
        if (active.isPresent() && e.eventId() != null) {
            rememberEvent(h, e.eventId(), active.get(), clock.instant());
        }
        return active;
    }

    private static void rememberEvent(Handle h, String eventId, Long alarmId, Instant now) {
        if (eventId != null) {
            h.createUpdate("INSERT INTO alarm_events (event_id, alarm_id, received_at) VALUES (:e, :a, :now)")
                    .bind("e", eventId).bind("a", alarmId).bind("now", AlarmStore.ts(now)).execute();
        }
    }

    private static String stateOf(Handle h, long id) {
        return h.createQuery("SELECT state FROM alarms WHERE id = :id").bind("id", id).mapTo(String.class).one();
    }

    // ---- reads

    public Alarm alarm(long id) {
        return store.find(id).orElseThrow(() -> ApiException.notFound("no alarm " + id));
    }

    /** {@code limit} is the raw query parameter: Camel's conversion to Integer failed with a 500 on "abc". */
    public List<Alarm> alarms(String state, String limit) {
        if (state != null && !List.of("active", "cleared", "acknowledged").contains(state)) {
            throw ApiException.badRequest("state", "state must be active, cleared or acknowledged");
        }
        int n = 100;
        if (limit != null && !limit.isBlank()) {
            if (!limit.matches("\\d{1,4}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > 1000) {
                throw ApiException.badRequest("limit", "limit must be a whole number from 1 to 1000, got '" + limit
                        + "'");
            }
            n = Integer.parseInt(limit);
        }
        return store.list(state, n);
    }

    // ---- commands from people (SMS, console)

    /** Clears an active or acknowledged alarm by hand and stops its escalation; false when it was not open. */
    public boolean clear(long alarmId, Long userId, String channel) {
        Instant now = clock.instant();
        boolean cleared = writes.inTransaction(h -> {
            int n = h.createUpdate("UPDATE alarms SET state = 'cleared', cleared_at = :now, active_source = NULL "
                    + "WHERE id = :id AND state IN ('active', 'acknowledged')")
                    .bind("id", alarmId).bind("now", AlarmStore.ts(now)).execute();
            if (n > 0) {
                h.createUpdate("UPDATE escalations SET state = 'stopped', version = version + 1 WHERE alarm_id = :id "
                        + "AND state = 'running'").bind("id", alarmId).execute();
            }
            return n > 0;
        });
        if (cleared) {
            audit.record("alarm-cleared", alarmId, userId, channel, "cleared", "closed by user");
        }
        return cleared;
    }

    /** Passes an active alarm to its next escalation step now; false when it is not escalating. */
    public boolean escalateNow(long alarmId, Long userId, String channel) {
        boolean moved = writes.inTransaction(h -> h.createUpdate("UPDATE escalations SET next_at = :now "
                        + "WHERE alarm_id = :id AND state = 'running' AND EXISTS (SELECT 1 FROM alarms a "
                        + "WHERE a.id = :id AND a.state = 'active')")
                .bind("id", alarmId).bind("now", AlarmStore.ts(clock.instant())).execute() > 0);
        audit.record("alarm-escalate-request", alarmId, userId, channel, moved ? "escalating" : "not-escalating",
                null);
        return moved;
    }

    // ---- acknowledgement

    /** How many alarms one transaction of {@link #acknowledgeAll} settles. */
    static final int ACK_ALL_CHUNK = 100;

    /**
     * {@code ALL <PIN>}: each of these alarms acknowledged by this user, as {@link #acknowledge} would (state, the
     * escalation stopped, an {@code alarm-ack} audit entry each, the ack latency metric), but {@value #ACK_ALL_CHUNK}
     * alarms to a transaction rather than one: a storm's 10,000 alarms took 144 s one by one, past the 15 s Twilio
     * waits for the reply. Returns the ids this call acknowledged.
     */
    public List<Long> acknowledgeAll(List<Long> alarmIds, long userId, String channel) {
        Instant now = clock.instant();
        List<Long> done = new java.util.ArrayList<>();
        for (int from = 0; from < alarmIds.size(); from += ACK_ALL_CHUNK) {
            List<Long> chunk = alarmIds.subList(from, Math.min(alarmIds.size(), from + ACK_ALL_CHUNK));
            List<Alarm> acknowledged = writes.inTransaction(h -> {
                List<Alarm> out = new java.util.ArrayList<>();
                for (long alarmId : chunk) {
                    boolean marked = markAcknowledged(h, alarmId, userId, channel, now);
                    Optional<Alarm> alarm = AlarmStore.find(h, alarmId);
                    AckOutcome outcome = marked ? AckOutcome.ACKNOWLEDGED
                            : alarm.isPresent() ? AckOutcome.ALREADY_ACKNOWLEDGED : AckOutcome.NOT_FOUND;
                    if (marked) {
                        alarm.ifPresent(out::add);
                    }
                    audit.insert(h, "alarm-ack", alarmId, userId, channel, outcome.name().toLowerCase(), null);
                }
                return out;
            });
            for (Alarm a : acknowledged) {
                done.add(a.id());
                acked.accept(channel, java.time.Duration.between(a.receivedAt(), now));
            }
        }
        return done;
    }

    /** Marks the alarm acknowledged by that user and stops its escalation. */
    public AckOutcome acknowledge(long alarmId, long userId, String channel) {
        Instant now = clock.instant();
        AckOutcome outcome = writes.inTransaction(h -> markAcknowledged(h, alarmId, userId, channel, now)
                ? AckOutcome.ACKNOWLEDGED
                : AlarmStore.find(h, alarmId).isPresent() ? AckOutcome.ALREADY_ACKNOWLEDGED : AckOutcome.NOT_FOUND);
        audit.record("alarm-ack", alarmId, userId, channel, outcome.name().toLowerCase(), null);
        if (outcome == AckOutcome.ACKNOWLEDGED) {
            store.alarm(alarmId).ifPresent(a -> acked.accept(channel, java.time.Duration.between(a.receivedAt(), now)));
        }
        return outcome;
    }

    /** An active alarm acknowledged and its escalation stopped, in {@code h}'s transaction; false if it was not active. */
    private static boolean markAcknowledged(Handle h, long alarmId, long userId, String channel, Instant now) {
        int n = h.createUpdate("UPDATE alarms SET state = 'acknowledged', ack_user_id = :u, ack_channel = :c, "
                        + "ack_at = :now, active_source = NULL WHERE id = :id AND state = 'active'")
                .bind("u", userId).bind("c", channel).bind("now", AlarmStore.ts(now)).bind("id", alarmId).execute();
        if (n == 0) {
            return false;
        }
        h.createUpdate("UPDATE escalations SET state = 'stopped', version = version + 1 WHERE alarm_id = :id "
                + "AND state = 'running'").bind("id", alarmId).execute();
        return true;
    }
}
