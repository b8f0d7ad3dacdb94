package ack;

import alarm.AlarmService;
import audit.AuditLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
        AckOutcome refused = pinRefusal(alarmId, userId, pin, channel);
        return refused != null ? refused : alarms.acknowledge(alarmId, userId, channel);
    }

    /** What a PIN command did: refused (and why), or allowed and whether it changed the alarm. */
    public record Command(AckOutcome refused, boolean changed) {
    }

    /** What {@code ALL <PIN>} did: the outcome, and the alarms it acknowledged. */
    public record AckAll(AckOutcome outcome, List<Long> acknowledged) {
    }

    /** {@code ALL <PIN>}: the PIN is checked once (one failure at most), then each alarm is acknowledged. */
    public AckAll acknowledgeAll(List<Long> alarmIds, long userId, String pin, String channel) {
        AckOutcome refused = pinRefusal(null, userId, pin, channel);
        if (refused != null) {
            return new AckAll(refused, List.of());
        }
        List<Long> done = alarms.acknowledgeAll(alarmIds, userId, channel);
        return new AckAll(done.isEmpty() ? AckOutcome.ALREADY_ACKNOWLEDGED : AckOutcome.ACKNOWLEDGED, done);
    }

    /** {@code ESC <code> <PIN>}: the alarm's next step is due now. */
    public Command escalate(long alarmId, long userId, String pin, String channel) {
        AckOutcome refused = pinRefusal(alarmId, userId, pin, channel);
        return new Command(refused, refused == null && alarms.escalateNow(alarmId, userId, channel));
    }

    /** {@code 5} on an alarm call: the person who answered passes it on (no PIN: it only pages more people). */
    public boolean passOn(long alarmId, long userId, String channel) {
        return alarms.escalateNow(alarmId, userId, channel);
    }

    /** {@code CLOSE <code> <PIN>}: the alarm is cleared and its escalation stops. */
    public Command close(long alarmId, long userId, String pin, String channel) {
        AckOutcome refused = pinRefusal(alarmId, userId, pin, channel);
        return new Command(refused, refused == null && alarms.clear(alarmId, userId, channel));
    }

    /**
     * Checks the PIN of a command that changes something: null when it is right, else why it was refused. A wrong
     * PIN counts towards the lockout, whatever the command.
     */
    public AckOutcome pinRefusal(Long alarmId, long userId, String pin, String channel) {
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
                return null;
            }
        }
    }

    public boolean locked(long userId) {
        return guard.locked(userId);
    }
}
