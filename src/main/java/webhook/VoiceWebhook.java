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

    private final java.util.function.Function<User, twiml.LocalTwiml> wording;

    /**
     * The alarm call's TwiML (notify, again) by everything it is made of. A call asks for the same words up to three
     * times (notify, again after no input, {@code *}): while no texts.groovy rewords them, the same inputs give the
     * same TwiML. The key holds the alarm's state and text, so a changed alarm is a new key, never a stale answer.
     */
    private record Words(String action, AlarmView alarm, long notificationId, twiml.Prompts prompts, String voice,
                         String language, java.time.ZoneId zone) {
    }

    private final java.util.concurrent.ConcurrentHashMap<Words, String> made =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code wording}: the words for a user (null: unknown caller), e.g. {@code notify.Wording#words}. */
    public VoiceWebhook(AlarmStore alarms, RosterService rosters, AckService acks, Scripted scripted, CalloutApi api,
                        String voice, String language, java.time.ZoneId zone,
                        java.util.function.Function<User, twiml.LocalTwiml> wording) {
        this.wording = wording;
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
        Speaker sp;  // the user's words, voice and language: found once a request, in the branch that finds the user
        switch (callAction) {
            case "notify", "ack", "again" -> {
                AlarmStore.NotificationAndAlarm found = id > 0 ? alarms.notificationAndAlarm(id).orElse(null) : null;
                if (found != null) {
                    notification = found.notification();
                    alarm = found.alarm();
                    user = rosters.findUser(notification.userId()).orElse(null);
                }
                sp = speaker(user);
                String lang = sp.language();
                String voice = sp.voice();
                twiml.LocalTwiml words = sp.words();
                java.time.ZoneId hears = sp.zone();
                String digits = params.get("Digits") == null ? "" : params.get("Digits").strip();
                if (alarm == null) {
                    defaultXml = words.fallback(voice, lang);
                } else if (callAction.equals("notify") || callAction.equals("again") || digits.equals("*")) {
                    String kind = callAction.equals("notify") ? "notify" : "again";
                    AlarmView view = view(alarm, notification);
                    long nid = notification.id();
                    java.util.function.Supplier<String> make = kind.equals("notify")
                            ? () -> words.notify(view, nid, voice, lang, hears)
                            : () -> words.again(view, nid, voice, lang, hears);
                    if (words.isReworded()) {
                        defaultXml = make.get();
                    } else {
                        if (made.size() > 4096) {
                            made.clear();  // bounded: calls in progress are few, and a miss only costs the making
                        }
                        defaultXml = made.computeIfAbsent(
                                new Words(kind, view, nid, words.prompts(), voice, lang, hears), k -> make.get());
                    }
                } else if (digits.equals("5") && user != null) {
                    defaultXml = words.passedOn(acks.passOn(alarm.id(), user.id(), "voice"), voice, lang);
                } else {
                    AckOutcome outcome = user == null ? AckOutcome.NOT_FOUND
                            : acks.acknowledge(alarm.id(), user.id(), params.get("Digits"), "voice");
                    defaultXml = words.ackResult(outcome, view(alarm, notification), notification.id(), voice, lang);
                }
            }
            case "inbound" -> {
                user = caller(params);
                List<AlarmView> active = user == null ? List.of() : api.activeAlarms(user.id());
                sp = speaker(user);
                defaultXml = sp.words().inbound(Views.user(user), active, sp.voice(), sp.language());
            }
            case "inbound-ack" -> {
                user = caller(params);
                alarm = id > 0 ? alarms.alarm(id).orElse(null) : null;
                String keyed = params.get("Digits") == null ? "" : params.get("Digits").strip();
                if (user != null && alarm != null && (keyed.equals("*") || keyed.equals("5"))) {
                    // the same menu as an alarm call: * hears this alarm again, 5 passes it to the next step
                    sp = speaker(user);
                    defaultXml = keyed.equals("*")
                            ? sp.words().inboundAgain(Views.alarm(alarm, null), sp.voice(), sp.language(), sp.zone())
                            : sp.words().passedOn(acks.passOn(alarm.id(), user.id(), "voice"), sp.voice(),
                                    sp.language());
                    break;
                }
                AckOutcome outcome = user == null || alarm == null ? AckOutcome.NOT_FOUND
                        : acks.acknowledge(alarm.id(), user.id(), params.get("Digits"), "voice");
                AlarmView next = null;
                if (user != null && outcome != AckOutcome.WRONG_PIN && outcome != AckOutcome.NO_INPUT
                        && outcome != AckOutcome.LOCKED) {
                    long done = id;
                    next = api.activeAlarms(user.id()).stream().filter(a -> a.id() != done).findFirst().orElse(null);
                }
                sp = speaker(user);
                defaultXml = sp.words().inboundAckResult(outcome, Views.alarm(alarm, null), next, sp.voice(),
                        sp.language());
            }
            default -> {
                user = caller(params);
                sp = speaker(user);
                defaultXml = sp.words().fallback(sp.voice(), sp.language());
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
        bindings.put("voice", Map.of("voice", sp.voice(), "language", sp.language()));
        return scripted.run("voice", callAction, bindings, defaultXml, new VoiceTwiml(sp.voice(), sp.language()),
                alarm == null ? null : alarm.id(), user == null ? null : user.id(), "voice");
    }

    private User caller(Map<String, String> params) {
        return rosters.userByNumber(params.get("From")).orElse(null);
    }

    private static AlarmView view(Alarm alarm, Notification n) {
        return Views.alarm(alarm, n == null ? null : n.ackCode());
    }

    /**
     * The words, voice and speech language for this user (their language's prompt pack, spoken by its voice), and the
     * zone they hear times in (their own, as in their SMS; else Callout's).
     */
    private record Speaker(twiml.LocalTwiml words, String voice, String language, java.time.ZoneId zone) {
    }

    private java.time.ZoneId zone(User user) {
        return user == null ? zone : user.zoneOr(zone);
    }

    private Speaker speaker(User user) {
        String tag = user == null || user.language() == null || user.language().isBlank() ? null : user.language();
        twiml.LocalTwiml words = wording.apply(user);
        if (words.prompts() == twiml.Prompts.EN) {
            // English (or a language without a pack): the configured voice, in the user's own tag if any
            return new Speaker(words, voice, tag != null ? tag : language, zone(user));
        }
        // e.g. "de" -> Polly.Vicki in de-DE; "de-AT" keeps its region
        return new Speaker(words, words.prompts().voice(), tag.contains("-") ? tag : words.prompts().speechLanguage(),
                zone(user));
    }
}
