package maintenance;

import alarm.AlarmStore;
import alarm.Suppressions;
import audit.AuditLog;
import escalation.EscalationService;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import web.ApiException;

/**
 * Maintenance windows on source globs. A new alarm inside one is stored suppressed and notifies nobody; when no
 * window covers it any more (the window ended or was deleted) and it is still active, its escalation starts then.
 * Intake asks on every alarm, so the windows are kept in memory: reloaded after every change made here and at
 * every transition check (which bounds how late another instance's change is seen).
 */
public final class MaintenanceService implements Suppressions {

    private final Jdbi jdbi;
    private final db.GroupCommit writes;
    private final EscalationService escalation;
    private final AuditLog audit;
    private final Clock clock;
    private volatile List<MaintenanceWindow> windows = List.of();

    public MaintenanceService(Jdbi jdbi, db.GroupCommit writes, EscalationService escalation, AuditLog audit,
                              Clock clock) {
        this.jdbi = jdbi;
        this.writes = writes;
        this.escalation = escalation;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String suppressedBy(String source, Instant at) {
        List<MaintenanceWindow> current = windows;
        for (MaintenanceWindow w : current) {
            if (w.covers(source, at)) {
                return "maintenance window " + w.id() + " (" + w.sources() + ") until " + w.end()
                        + (w.reason() == null ? "" : ": " + w.reason());
            }
        }
        return null;
    }

    public MaintenanceWindow.View create(MaintenanceInput in) {
        if (in == null) {
            throw ApiException.badRequest(null, "a JSON object is required");
        }
        if (in.sources() == null || in.sources().isBlank() || in.sources().length() > 300) {
            throw ApiException.badRequest("sources", "sources is required: a glob on alarm sources like site1/**");
        }
        Instant now = clock.instant();
        Instant start = in.start() == null || in.start().isBlank() ? now : instant("start", in.start());
        Instant end = instant("end", in.end());
        if (!end.isAfter(start)) {
            throw ApiException.badRequest("end", "end must be after start");
        }
        if (in.reason() != null && in.reason().length() > 500) {
            throw ApiException.badRequest("reason", "reason is longer than 500 characters");
        }
        long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO maintenance_windows (sources, start_at, end_at, "
                        + "reason, created_at) VALUES (:s, :start, :end, :reason, :now)")
                .bind("s", in.sources().trim()).bind("start", AlarmStore.ts(start)).bind("end", AlarmStore.ts(end))
                .bind("reason", in.reason()).bind("now", AlarmStore.ts(now))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        reload();
        audit.record("maintenance-created", null, null, null, "created", "window " + id + " " + in.sources().trim()
                + " " + start + " to " + end + (in.reason() == null ? "" : ": " + in.reason()));
        return window(id);
    }

    public List<MaintenanceWindow.View> list() {
        Instant now = clock.instant();
        return load().stream().map(w -> w.view(now)).toList();
    }

    public MaintenanceWindow.View window(long id) {
        Instant now = clock.instant();
        return load().stream().filter(w -> w.id() == id).findFirst().map(w -> w.view(now))
                .orElseThrow(() -> ApiException.notFound("no maintenance window " + id));
    }

    /** Deletes the window; alarms it held are notified at the next transition check. */
    public void delete(long id) {
        int n = jdbi.withHandle(h -> h.createUpdate("DELETE FROM maintenance_windows WHERE id = :id").bind("id", id)
                .execute());
        if (n == 0) {
            throw ApiException.notFound("no maintenance window " + id);
        }
        reload();
        audit.record("maintenance-deleted", null, null, null, "deleted", "window " + id);
    }

    private record Held(long alarmId, String source, String state) {
    }

    /**
     * Suppressed alarms no window covers any more: still active ones start escalating now (their ids are returned,
     * to be escalated at once); acknowledged or cleared ones are settled without a notification.
     */
    public List<Long> releaseEnded() {
        reload();
        Instant now = clock.instant();
        List<Held> held = jdbi.withHandle(h -> h.createQuery("SELECT e.alarm_id, a.source, a.state FROM escalations e "
                        + "JOIN alarms a ON a.id = e.alarm_id WHERE e.state = 'suppressed' ORDER BY e.alarm_id")
                .map((rs, ctx) -> new Held(rs.getLong(1), rs.getString(2), rs.getString(3))).list());
        List<Long> released = new ArrayList<>();
        for (Held a : held) {
            if (!"active".equals(a.state())) {
                writes.useTransaction(h -> h.createUpdate("UPDATE escalations SET state = 'stopped', "
                        + "version = version + 1 WHERE alarm_id = :a AND state = 'suppressed'")
                        .bind("a", a.alarmId()).execute());
            } else if (suppressedBy(a.source(), now) == null) {
                boolean mine = writes.inTransaction(h -> {
                    if (!escalation.release(h, a.alarmId(), now)) {
                        return false;
                    }
                    h.createUpdate("UPDATE alarms SET suppressed = FALSE WHERE id = :a").bind("a", a.alarmId())
                            .execute();
                    audit.insert(h, "alarm-released", a.alarmId(), null, null, "released",
                            "no maintenance window covers " + a.source() + " any more: notifying now");
                    return true;
                });
                if (mine) {
                    released.add(a.alarmId());
                }
            }
        }
        return released;
    }

    /** Intake only needs windows not yet over (they keep their own start and end checks). */
    private void reload() {
        Instant now = clock.instant();
        windows = load().stream().filter(w -> w.end().isAfter(now)).toList();
    }

    private List<MaintenanceWindow> load() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, sources, start_at, end_at, reason "
                        + "FROM maintenance_windows ORDER BY id")
                .map((rs, ctx) -> new MaintenanceWindow(rs.getLong(1), rs.getString(2),
                        AlarmStore.instant(rs, "start_at"), AlarmStore.instant(rs, "end_at"), rs.getString(5),
                        Glob.compile(rs.getString(2))))
                .list());
    }

    /** Loads the windows at start (intake asks before the first transition check). */
    public void start() {
        reload();
    }

    private static Instant instant(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest(field, field + " is required (an ISO-8601 instant like 2026-12-07T08:00:00Z)");
        }
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(raw.trim()).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(field, field + " must be an ISO-8601 instant like "
                        + "2026-12-07T08:00:00Z, got '" + raw + "'");
            }
        }
    }
}
