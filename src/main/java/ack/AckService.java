package ack;

import alarm.AlarmService;
import audit.AuditLog;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import roster.Pins;
import roster.RosterService;
import roster.User;
import twiml.AckOutcome;

/**
 * PIN acknowledgement with lockout ({@link PinGuard}): {@value PinGuard#MAX_FAILURES} wrong PINs within 15 minutes
 * lock that user's acknowledgements for 15 minutes from the locking failure. Every failure and every lockout is
 * audited.
 */
public final class AckService {

    private final RosterService rosters;
    private final AlarmService alarms;
    private final AuditLog audit;
    private final PinGuard guard;

    public AckService(Jdbi jdbi, RosterService rosters, AlarmService alarms, AuditLog audit, Clock clock) {
        this.rosters = rosters;
        this.alarms = alarms;
        this.audit = audit;
        this.guard = new PinGuard(jdbi, clock);
    }

    public AckOutcome acknowledge(long alarmId, long userId, String pin, String channel) {
        if (pin == null || pin.isBlank()) {
            return AckOutcome.NO_INPUT;
        }
        User user = rosters.findUser(userId).orElse(null);
        if (user == null) {
            return AckOutcome.NOT_FOUND;
        }
        // a locked user's PIN is not even hashed; the guard checks the lock again, atomically, when it counts
        PinGuard.Verdict verdict = guard.locked(userId) ? PinGuard.Verdict.LOCKED
                : guard.attempt(userId, Pins.matches(pin.trim(), user.pinHash()));
        switch (verdict) {
            case LOCKED -> {
                audit.record("pin-locked", alarmId, userId, channel, "locked",
                        "acknowledgement refused: user locked out");
                return AckOutcome.LOCKED;
            }
            case WRONG, WRONG_NOW_LOCKED -> {
                audit.record("pin-failed", alarmId, userId, channel, "wrong-pin",
                        user.pinHash() == null ? "user has no PIN" : null);
                if (verdict == PinGuard.Verdict.WRONG_NOW_LOCKED) {
                    audit.record("pin-lockout", alarmId, userId, channel, "locked", PinGuard.MAX_FAILURES
                            + " wrong PINs within " + PinGuard.WINDOW.toMinutes() + " minutes: locked for "
                            + PinGuard.LOCK.toMinutes() + " minutes");
                }
                return AckOutcome.WRONG_PIN;
            }
            default -> {
                return alarms.acknowledge(alarmId, userId, channel);
            }
        }
    }

    public boolean locked(long userId) {
        return guard.locked(userId);
    }
}
