package notify;

import alarm.Alarm;
import audit.AuditLog;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import roster.User;
import script.CallScripts;
import twiml.AlarmView;
import twiml.LocalTwiml;
import twiml.UserView;

/**
 * The words of every text Callout sends or speaks (alarm SMS, bundles, outcome notices, the spoken alarm, SMS
 * replies): the default in the user's language (the prompt packs), then {@code scripts/texts.groovy}, which may
 * reword it without a rebuild. The script sees {@code kind} ({@code alarm-sms}, {@code bundle-sms},
 * {@code ack-notice}, {@code clear-notice}, {@code voice}, {@code reply-*}: see {@link #words}), {@code lang}, {@code alarm},
 * {@code user}, {@code text} (the default) and the kind's extras ({@code code}, {@code by}, {@code time}); a script
 * that fails or runs too long is audited and the default is sent.
 */
public final class Wording implements Texts {

    private final CallScripts scripts;
    private final AuditLog audit;
    private final Consumer<String> scriptErrors;
    private final LongFunction<Optional<User>> users;
    private final java.time.ZoneId zone;

    public Wording(CallScripts scripts, AuditLog audit, Consumer<String> scriptErrors,
                   LongFunction<Optional<User>> users, java.time.ZoneId zone) {
        this.zone = zone;
        this.scripts = scripts;
        this.audit = audit;
        this.scriptErrors = scriptErrors;
        this.users = users;
    }

    @Override
    public String smsNotification(Alarm a, String ackCode, long userId) {
        User user = users.apply(userId).orElse(null);
        AlarmView view = view(a, ackCode);
        // the event's time in the reader's zone (their own, else callout.time-zone)
        String text = LocalTwiml.of(language(user)).smsNotification(view, ackCode, view.eventTime(), zoneOf(user));
        return text("alarm-sms", a, view, user, text, Map.of("code", ackCode));
    }

    @Override
    public String smsBundle(java.util.List<Alarm> alarms, long userId) {
        User user = users.apply(userId).orElse(null);
        java.util.List<AlarmView> views = alarms.stream().map(a -> view(a, null)).toList();
        String text = LocalTwiml.of(language(user)).smsBundle(views, zoneOf(user));
        return text("bundle-sms", alarms.get(0), views.get(0), user, text, Map.of("alarms", views));
    }

    /**
     * The words Callout speaks and replies with for this user (null: an unknown caller or sender): their language's
     * prompt pack, each spoken alarm ({@code voice}) and SMS reply ({@code reply-ack}, {@code reply-list},
     * {@code reply-help}, {@code reply-unknown}, {@code reply-escalate}, {@code reply-close}) passed through
     * {@code texts.groovy}. Call scripts (voice.groovy, sms.groovy) still see, and may replace, the whole TwiML.
     */
    public LocalTwiml words(User user) {
        if (!reworded()) {
            // no texts.groovy, or one that keeps every default: asked once here, not for each text of the request
            return LocalTwiml.of(language(user));
        }
        return LocalTwiml.of(language(user)).rewordedBy((kind, view, text) -> text(kind, null, view, user, text,
                Map.of()));
    }

    /** Whether texts.groovy may change a text now: false while there is none, or it only returns {@code text}. */
    public boolean reworded() {
        return !scripts.keepsDefaults("texts");
    }

    /** A text of {@code kind} for that alarm and user, starting from {@code defaultText}. */
    public String text(String kind, Alarm alarm, AlarmView view, User user, String defaultText,
                       Map<String, Object> extra) {
        Map<String, Object> b = new HashMap<>(extra);
        b.put("kind", kind);
        b.put("callAction", kind);
        b.put("lang", LocalTwiml.of(language(user)).prompts().language());
        b.put("alarm", view);
        b.put("user", user == null ? null : new UserView(user.id(), user.username(), user.sms(), user.phone(),
                user.language()));
        CallScripts.ScriptOutcome out = scripts.text("texts", b, defaultText);
        if (out.error() != null) {
            Long alarmId = alarm != null ? Long.valueOf(alarm.id()) : view != null ? Long.valueOf(view.id()) : null;
            audit.record("script-error", alarmId, user == null ? null : user.id(),
                    kind.startsWith("voice") ? "voice" : "sms", "default-text",
                    "texts.groovy (" + kind + "): " + out.error());
            scriptErrors.accept("texts");
        }
        return out.xml();
    }

    /** The zone a user reads times in: their own, else callout.time-zone. */
    private java.time.ZoneId zoneOf(User user) {
        return user == null ? zone : user.zoneOr(zone);
    }

    static AlarmView view(Alarm a, String ackCode) {
        return new AlarmView(a.id(), a.source(), a.name(), a.displayPath(), a.priority(), a.state(), a.message(),
                ackCode, a.eventTime() != null ? a.eventTime() : a.receivedAt());
    }

    static String language(User user) {
        return user == null ? null : user.language();
    }
}
