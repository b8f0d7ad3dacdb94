package webhook;

import ack.AckService;
import alarm.Alarm;
import alarm.AlarmStore;
import alarm.Notification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import roster.RosterService;
import roster.User;
import script.CalloutApi;
import twiml.AckOutcome;
import twiml.AlarmView;
import twiml.DefaultTwiml;
import twiml.VoiceTwiml;

/**
 * Every voice request: Callout does its part for the actions it knows (notify, ack, inbound, inbound-ack),
 * prepares the default TwiML, and lets scripts/voice.groovy keep or change it.
 */
public final class VoiceWebhook {

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("\\d{1,18}");

    private final AlarmStore alarms;
    private final RosterService rosters;
    private final AckService acks;
    private final Scripted scripted;
    private final CalloutApi api;
    private final String voice;
    private final String language;
    private final java.time.ZoneId zone;

    public VoiceWebhook(AlarmStore alarms, RosterService rosters, AckService acks, Scripted scripted, CalloutApi api,
                        String voice, String language, java.time.ZoneId zone) {
        this.zone = zone;
        this.alarms = alarms;
        this.rosters = rosters;
        this.acks = acks;
        this.scripted = scripted;
        this.api = api;
        this.voice = voice;
        this.language = language;
    }

    public String handle(String callAction, String idText, Map<String, String> params) {
        long id = idText != null && ID.matcher(idText).matches() ? Long.parseLong(idText) : 0;
        Notification notification = null;
        Alarm alarm = null;
        User user = null;
        String defaultXml;
        switch (callAction) {
            case "notify", "ack", "again" -> {
                AlarmStore.NotificationAndAlarm found = id > 0 ? alarms.notificationAndAlarm(id).orElse(null) : null;
                if (found != null) {
                    notification = found.notification();
                    alarm = found.alarm();
                    user = rosters.findUser(notification.userId()).orElse(null);
                }
                String lang = language(user);
                String digits = params.get("Digits") == null ? "" : params.get("Digits").strip();
                if (alarm == null) {
                    defaultXml = DefaultTwiml.fallback(voice, lang);
                } else if (callAction.equals("notify")) {
                    defaultXml = DefaultTwiml.notify(view(alarm, notification), notification.id(), voice, lang, zone);
                } else if (callAction.equals("again") || digits.equals("*")) {
                    defaultXml = DefaultTwiml.again(view(alarm, notification), notification.id(), voice, lang, zone);
                } else if (digits.equals("5") && user != null) {
                    defaultXml = DefaultTwiml.passedOn(acks.passOn(alarm.id(), user.id(), "voice"), voice, lang);
                } else {
                    AckOutcome outcome = user == null ? AckOutcome.NOT_FOUND
                            : acks.acknowledge(alarm.id(), user.id(), params.get("Digits"), "voice");
                    defaultXml = DefaultTwiml.ackResult(outcome, view(alarm, notification), notification.id(),
                            voice, lang);
                }
            }
            case "inbound" -> {
                user = caller(params);
                List<AlarmView> active = user == null ? List.of() : api.activeAlarms(user.id());
                defaultXml = DefaultTwiml.inbound(Views.user(user), active, voice, language(user));
            }
            case "inbound-ack" -> {
                user = caller(params);
                alarm = id > 0 ? alarms.alarm(id).orElse(null) : null;
                AckOutcome outcome = user == null || alarm == null ? AckOutcome.NOT_FOUND
                        : acks.acknowledge(alarm.id(), user.id(), params.get("Digits"), "voice");
                AlarmView next = null;
                if (user != null && outcome != AckOutcome.WRONG_PIN && outcome != AckOutcome.NO_INPUT
                        && outcome != AckOutcome.LOCKED) {
                    long done = id;
                    next = api.activeAlarms(user.id()).stream().filter(a -> a.id() != done).findFirst().orElse(null);
                }
                defaultXml = DefaultTwiml.inboundAckResult(outcome, Views.alarm(alarm, null), next, voice,
                        language(user));
            }
            default -> {
                user = caller(params);
                defaultXml = DefaultTwiml.fallback(voice, language(user));
            }
        }
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("callAction", callAction);
        bindings.put("id", id);
        bindings.put("params", params);
        bindings.put("notification", Views.notification(notification));
        bindings.put("alarm", alarm == null ? null : view(alarm, notification));
        bindings.put("user", Views.user(user));
        bindings.put("callout", api);
        bindings.put("voice", Map.of("voice", voice, "language", language(user)));
        return scripted.run("voice", callAction, bindings, defaultXml, new VoiceTwiml(voice, language(user)),
                alarm == null ? null : alarm.id(), user == null ? null : user.id(), "voice");
    }

    private User caller(Map<String, String> params) {
        return rosters.userByNumber(params.get("From")).orElse(null);
    }

    private static AlarmView view(Alarm alarm, Notification n) {
        return Views.alarm(alarm, n == null ? null : n.ackCode());
    }

    private String language(User user) {
        return user != null && user.language() != null ? user.language() : language;
    }
}
