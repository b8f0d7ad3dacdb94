package ack;

import alarm.AlarmService;
import alarm.AlarmStore;
import audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import roster.Pins;
import roster.RosterService;
import roster.User;
import twiml.AckOutcome;

/**
 * PIN acknowledgement with lockout: {@value #MAX_FAILURES} wrong PINs within 15 minutes lock that user's
 * acknowledgements for 15 minutes. Every failure and every lockout is audited.
 */
public final class AckService {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Jdbi jdbi;
    private final RosterService rosters;
    private final AlarmService alarms;
    private final AuditLog audit;
    private final Clock clock;

    public AckService(Jdbi jdbi, RosterService rosters, AlarmService alarms, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.rosters = rosters;
        this.alarms = alarms;
        this.audit = audit;
        this.clock = clock;
    }

    public AckOutcome acknowledge(long alarmId, long userId, String pin, String channel) {
        if (pin == null || pin.isBlank()) {
            return AckOutcome.NO_INPUT;
        }
        User user = rosters.findUser(userId).orElse(null);
        if (user == null) {
            return AckOutcome.NOT_FOUND;
        }
        if (locked(userId)) {
            audit.record("pin-locked", alarmId, userId, channel, "locked", "acknowledgement refused: user locked out");
            return AckOutcome.LOCKED;
        }
        if (!Pins.matches(pin.trim(), user.pinHash())) {
            Instant now = clock.instant();
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO pin_failures (user_id, at) VALUES (:u, :at)")
                    .bind("u", userId).bind("at", AlarmStore.ts(now)).execute());
            audit.record("pin-failed", alarmId, userId, channel, "wrong-pin",
                    user.pinHash() == null ? "user has no PIN" : null);
            if (locked(userId)) {
                audit.record("pin-lockout", alarmId, userId, channel, "locked",
                        MAX_FAILURES + " wrong PINs within " + WINDOW.toMinutes() + " minutes");
            }
            return AckOutcome.WRONG_PIN;
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM pin_failures WHERE user_id = :u").bind("u", userId).execute());
        return alarms.acknowledge(alarmId, userId, channel);
    }

    public boolean locked(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pin_failures WHERE user_id = :u AND at > :since")
                .bind("u", userId).bind("since", AlarmStore.ts(clock.instant().minus(WINDOW)))
                .mapTo(Integer.class).one()) >= MAX_FAILURES;
    }
}
