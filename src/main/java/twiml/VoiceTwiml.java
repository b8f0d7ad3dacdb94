package twiml;

import com.twilio.twiml.TwiML;
import com.twilio.twiml.TwiMLException;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Client;
import com.twilio.twiml.voice.Conference;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Pause;
import com.twilio.twiml.voice.Play;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Reject;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.voice.Sms;
import groovy.lang.Closure;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Voice TwiML builder for call scripts, on the Twilio SDK's TwiML classes (text is always
 * escaped). Groovy named arguments arrive as the leading {@code Map}; every verb returns
 * {@code this} for chaining. Unknown option names throw {@link IllegalArgumentException}.
 */
public final class VoiceTwiml implements Twiml {

    private static final Set<String> SAY_OPTS = Set.of("voice", "language", "loop");
    private static final Set<String> PLAY_OPTS = Set.of("loop", "digits");
    private static final Set<String> PAUSE_OPTS = Set.of("length");
    private static final Set<String> GATHER_OPTS = Set.of("numDigits", "finishOnKey", "timeout", "action",
            "method", "input", "speechTimeout", "hints", "actionOnEmptyResult");
    private static final Set<String> RECORD_OPTS = Set.of("action", "method", "maxLength", "timeout",
            "transcribe", "transcribeCallback", "playBeep", "finishOnKey", "recordingStatusCallback");
    private static final Set<String> SMS_OPTS = Set.of("to", "from", "action", "method", "statusCallback");
    private static final Set<String> DIAL_OPTS = Set.of("callerId", "timeout", "record", "action", "method",
            "timeLimit", "hangupOnStar", "answerOnBridge");
    private static final Set<String> NUMBER_OPTS = Set.of("sendDigits", "url", "method");
    private static final Set<String> CONFERENCE_OPTS = Set.of("muted", "beep", "startConferenceOnEnter",
            "endConferenceOnExit", "waitUrl", "waitMethod", "maxParticipants");
    private static final Set<String> REDIRECT_OPTS = Set.of("method");
    private static final Set<String> REJECT_OPTS = Set.of("reason");

    private final String voice;
    private final String language;
    private final VoiceResponse.Builder response = new VoiceResponse.Builder();
    private int verbs;
    private String trusted;

    /**
     * @param voice    default text-to-speech voice for say() (e.g. {@code Polly.Joanna}); null or blank: Twilio's default
     * @param language default language for say() (e.g. {@code en-US}); null or blank: Twilio's default
     */
    public VoiceTwiml(String voice, String language) {
        this.voice = blankToNull(voice);
        this.language = blankToNull(language);
    }

    // --- Say, Play, Pause -----------------------------------------------------------------

    public VoiceTwiml say(String text) {
        return say(Map.of(), text);
    }

    /** Options: voice, language, loop. */
    public VoiceTwiml say(Map<String, ?> opts, String text) {
        response.say(buildSay(opts, text, voice, language));
        return added();
    }

    public VoiceTwiml play(String url) {
        return play(Map.of(), url);
    }

    /** Play with only {@code digits} (DTMF tones), no URL. */
    public VoiceTwiml play(Map<String, ?> opts) {
        return play(opts, null);
    }

    /** Options: loop, digits. */
    public VoiceTwiml play(Map<String, ?> opts, String url) {
        response.play(buildPlay(opts, url));
        return added();
    }

    public VoiceTwiml pause() {
        return pause(Map.of());
    }

    public VoiceTwiml pause(int length) {
        return pause(Map.of("length", length));
    }

    /** Options: length (seconds). */
    public VoiceTwiml pause(Map<String, ?> opts) {
        response.pause(buildPause(opts));
        return added();
    }

    // --- Gather -----------------------------------------------------------------------------

    public VoiceTwiml gather(Map<String, ?> opts) {
        return gather(opts, (Consumer<GatherScope>) scope -> { });
    }

    public VoiceTwiml gather(Closure<?> nested) {
        return gather(Map.of(), nested);
    }

    /**
     * Options: numDigits, finishOnKey, timeout, action, method, input ("dtmf", "speech",
     * "dtmf speech"), speechTimeout, hints, actionOnEmptyResult. The closure's delegate is a
     * {@link GatherScope}: say, play, pause.
     */
    public VoiceTwiml gather(Map<String, ?> opts, Closure<?> nested) {
        return gather(opts, scope -> callWithDelegate(nested, scope));
    }

    /** Java form of {@link #gather(Map, Closure)}. */
    public VoiceTwiml gather(Map<String, ?> opts, Consumer<GatherScope> nested) {
        Opts o = Opts.of("gather", opts, GATHER_OPTS);
        Gather.Builder gather = new Gather.Builder();
        if (o.has("numDigits")) {
            gather.numDigits(o.integer("numDigits"));
        }
        if (o.has("finishOnKey")) {
            gather.finishOnKey(o.str("finishOnKey"));
        }
        if (o.has("timeout")) {
            gather.timeout(o.integer("timeout"));
        }
        if (o.has("action")) {
            gather.action(o.str("action"));
        }
        if (o.has("method")) {
            gather.option("method", o.method("method"));
        }
        if (o.has("input")) {
            gather.option("input", input(o.str("input")));
        }
        if (o.has("speechTimeout")) {
            gather.speechTimeout(o.str("speechTimeout"));
        }
        if (o.has("hints")) {
            gather.hints(o.str("hints"));
        }
        if (o.has("actionOnEmptyResult")) {
            gather.actionOnEmptyResult(o.bool("actionOnEmptyResult"));
        }
        if (nested != null) {
            nested.accept(new GatherScope(gather, voice, language));
        }
        response.gather(gather.build());
        return added();
    }

    // --- Record, Sms ------------------------------------------------------------------------

    public VoiceTwiml record() {
        return record(Map.of());
    }

    /**
     * Options: action, method, maxLength, timeout, transcribe, transcribeCallback, playBeep,
     * finishOnKey, recordingStatusCallback.
     */
    public VoiceTwiml record(Map<String, ?> opts) {
        Opts o = Opts.of("record", opts, RECORD_OPTS);
        com.twilio.twiml.voice.Record.Builder record = new com.twilio.twiml.voice.Record.Builder();
        if (o.has("action")) {
            record.action(o.str("action"));
        }
        if (o.has("method")) {
            record.option("method", o.method("method"));
        }
        if (o.has("maxLength")) {
            record.maxLength(o.integer("maxLength"));
        }
        if (o.has("timeout")) {
            record.timeout(o.integer("timeout"));
        }
        if (o.has("transcribe")) {
            record.transcribe(o.bool("transcribe"));
        }
        if (o.has("transcribeCallback")) {
            record.transcribeCallback(o.str("transcribeCallback"));
        }
        if (o.has("playBeep")) {
            record.playBeep(o.bool("playBeep"));
        }
        if (o.has("finishOnKey")) {
            record.finishOnKey(o.str("finishOnKey"));
        }
        if (o.has("recordingStatusCallback")) {
            record.recordingStatusCallback(o.str("recordingStatusCallback"));
        }
        response.record(record.build());
        return added();
    }

    public VoiceTwiml sms(String text) {
        return sms(Map.of(), text);
    }

    /** Voice {@code <Sms>}. Options: to, from, action, method, statusCallback. */
    public VoiceTwiml sms(Map<String, ?> opts, String text) {
        Opts o = Opts.of("sms", opts, SMS_OPTS);
        Sms.Builder sms = new Sms.Builder(requireText("sms", text));
        if (o.has("to")) {
            sms.to(o.str("to"));
        }
        if (o.has("from")) {
            sms.from(o.str("from"));
        }
        if (o.has("action")) {
            sms.action(o.str("action"));
        }
        if (o.has("method")) {
            sms.option("method", o.method("method"));
        }
        if (o.has("statusCallback")) {
            sms.statusCallback(o.str("statusCallback"));
        }
        response.sms(sms.build());
        return added();
    }

    /** Same as {@link #sms(String)}: a voice response sends a text message with {@code <Sms>}. */
    public VoiceTwiml message(String text) {
        return sms(text);
    }

    /** Same as {@link #sms(Map, String)}. */
    public VoiceTwiml message(Map<String, ?> opts, String text) {
        return sms(opts, text);
    }

    // --- Dial -------------------------------------------------------------------------------

    public VoiceTwiml dial(String number) {
        return dial(Map.of(), number);
    }

    /** Options: callerId, timeout, record (true/false or a Twilio value), action, method, timeLimit, hangupOnStar, answerOnBridge. */
    public VoiceTwiml dial(Map<String, ?> opts, String number) {
        Dial.Builder dial = dialBuilder(Opts.of("dial", opts, DIAL_OPTS), requireText("dial", number));
        response.dial(dial.build());
        return added();
    }

    public VoiceTwiml dial(Closure<?> nested) {
        return dial(Map.of(), nested);
    }

    /** Dial with nested nouns; the closure's delegate is a {@link DialScope}: number, conference, client. */
    public VoiceTwiml dial(Map<String, ?> opts, Closure<?> nested) {
        return dial(opts, scope -> callWithDelegate(nested, scope));
    }

    /** Java form of {@link #dial(Map, Closure)}. */
    public VoiceTwiml dial(Map<String, ?> opts, Consumer<DialScope> nested) {
        Dial.Builder dial = dialBuilder(Opts.of("dial", opts, DIAL_OPTS), null);
        nested.accept(new DialScope(dial));
        response.dial(dial.build());
        return added();
    }

    public VoiceTwiml dialConference(String name) {
        return dialConference(Map.of(), name);
    }

    /**
     * {@code <Dial><Conference>name</Conference></Dial>}. Options are the Dial's and the
     * Conference's (muted, beep, startConferenceOnEnter, endConferenceOnExit, waitUrl,
     * waitMethod, maxParticipants).
     */
    public VoiceTwiml dialConference(Map<String, ?> opts, String name) {
        Map<String, Object> dialOpts = new java.util.HashMap<>();
        Map<String, Object> confOpts = new java.util.HashMap<>();
        if (opts != null) {
            opts.forEach((k, v) -> (DIAL_OPTS.contains(k) ? dialOpts : confOpts).put(k, v));
        }
        Dial.Builder dial = dialBuilder(Opts.of("dialConference", dialOpts, DIAL_OPTS), null);
        dial.conference(buildConference(confOpts, name));
        response.dial(dial.build());
        return added();
    }

    // --- Hangup, Redirect, Reject, raw ------------------------------------------------------

    public VoiceTwiml hangup() {
        response.hangup(new Hangup.Builder().build());
        return added();
    }

    public VoiceTwiml redirect(String url) {
        return redirect(Map.of(), url);
    }

    /** Options: method (GET or POST). */
    public VoiceTwiml redirect(Map<String, ?> opts, String url) {
        Opts o = Opts.of("redirect", opts, REDIRECT_OPTS);
        Redirect.Builder redirect = new Redirect.Builder(requireText("redirect", url));
        if (o.has("method")) {
            redirect.option("method", o.method("method"));
        }
        response.redirect(redirect.build());
        return added();
    }

    public VoiceTwiml reject() {
        response.reject(new Reject.Builder().build());
        return added();
    }

    /** @param reason "busy" or "rejected" */
    public VoiceTwiml reject(String reason) {
        String r = reason == null ? "" : reason.trim().toLowerCase(Locale.ROOT);
        if (!r.equals("busy") && !r.equals("rejected")) {
            throw new IllegalArgumentException("reject reason must be 'busy' or 'rejected', got '" + reason + "'");
        }
        response.reject(new Reject.Builder().reason(r.equals("busy") ? Reject.Reason.BUSY : Reject.Reason.REJECTED)
                .build());
        return added();
    }

    /** Options: reason. */
    public VoiceTwiml reject(Map<String, ?> opts) {
        Opts o = Opts.of("reject", opts, REJECT_OPTS);
        return o.has("reason") ? reject(o.str("reason")) : reject();
    }

    /**
     * Inserts a TwiML fragment for anything the verbs above do not cover. It must be
     * well-formed XML (one or more elements, or a whole {@code <Response>} whose children are
     * taken); it is re-serialised through the SDK.
     *
     * @throws IllegalArgumentException when it does not parse
     */
    public VoiceTwiml raw(String xml) {
        verbs += TrustedXml.addRaw(response, xml, trusted);
        return this;
    }

    /** {@code xml} (this very String) is Callout's own TwiML: {@link #raw} splices it without re-parsing. */
    @Override
    public void trust(String xml) {
        this.trusted = xml;
    }

    // --- output -----------------------------------------------------------------------------

    @Override
    public String toXml() {
        return render(response.build());
    }

    @Override
    public boolean isEmpty() {
        return verbs == 0;
    }

    @Override
    public String toString() {
        return toXml();
    }

    static String render(TwiML twiml) {
        try {
            return XmlWriter.toXml(twiml);
        } catch (TwiMLException e) {
            throw new IllegalStateException("cannot serialise TwiML: " + e.getMessage(), e);
        }
    }

    // --- nested scopes ----------------------------------------------------------------------

    /** What may be nested in {@code <Gather>}: say, play, pause. */
    public static final class GatherScope {
        private final Gather.Builder gather;
        private final String voice;
        private final String language;

        GatherScope(Gather.Builder gather, String voice, String language) {
            this.gather = gather;
            this.voice = voice;
            this.language = language;
        }

        public GatherScope say(String text) {
            return say(Map.of(), text);
        }

        public GatherScope say(Map<String, ?> opts, String text) {
            gather.say(buildSay(opts, text, voice, language));
            return this;
        }

        public GatherScope play(String url) {
            return play(Map.of(), url);
        }

        public GatherScope play(Map<String, ?> opts, String url) {
            gather.play(buildPlay(opts, url));
            return this;
        }

        public GatherScope pause() {
            return pause(Map.of());
        }

        public GatherScope pause(int length) {
            return pause(Map.of("length", length));
        }

        public GatherScope pause(Map<String, ?> opts) {
            gather.pause(buildPause(opts));
            return this;
        }
    }

    /** What may be nested in {@code <Dial>}: number, conference, client. */
    public static final class DialScope {
        private final Dial.Builder dial;

        DialScope(Dial.Builder dial) {
            this.dial = dial;
        }

        public DialScope number(String number) {
            return number(Map.of(), number);
        }

        /** Options: sendDigits, url, method. */
        public DialScope number(Map<String, ?> opts, String number) {
            Opts o = Opts.of("number", opts, NUMBER_OPTS);
            Number.Builder n = new Number.Builder(requireText("number", number));
            if (o.has("sendDigits")) {
                n.sendDigits(o.str("sendDigits"));
            }
            if (o.has("url")) {
                n.url(o.str("url"));
            }
            if (o.has("method")) {
                n.option("method", o.method("method"));
            }
            dial.number(n.build());
            return this;
        }

        public DialScope conference(String name) {
            return conference(Map.of(), name);
        }

        public DialScope conference(Map<String, ?> opts, String name) {
            dial.conference(buildConference(opts, name));
            return this;
        }

        public DialScope client(String identity) {
            dial.client(new Client.Builder(requireText("client", identity)).build());
            return this;
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    private VoiceTwiml added() {
        verbs++;
        return this;
    }

    private static void callWithDelegate(Closure<?> nested, Object delegate) {
        if (nested == null) {
            return;
        }
        Closure<?> copy = (Closure<?>) nested.clone();
        copy.setResolveStrategy(Closure.DELEGATE_FIRST);
        copy.setDelegate(delegate);
        copy.call(delegate);
    }

    static Say buildSay(Map<String, ?> opts, String text, String defaultVoice, String defaultLanguage) {
        Opts o = Opts.of("say", opts, SAY_OPTS);
        Say.Builder say = new Say.Builder(requireText("say", text));
        String v = o.has("voice") ? o.str("voice") : defaultVoice;
        String l = o.has("language") ? o.str("language") : defaultLanguage;
        if (v != null && !v.isBlank()) {
            say.option("voice", v);
        }
        if (l != null && !l.isBlank()) {
            say.option("language", l);
        }
        if (o.has("loop")) {
            say.loop(o.integer("loop"));
        }
        return say.build();
    }

    private static Play buildPlay(Map<String, ?> opts, String url) {
        Opts o = Opts.of("play", opts, PLAY_OPTS);
        if (url == null && !o.has("digits")) {
            throw new IllegalArgumentException("play needs a URL or digits");
        }
        Play.Builder play = url == null ? new Play.Builder() : new Play.Builder(url);
        if (o.has("loop")) {
            play.loop(o.integer("loop"));
        }
        if (o.has("digits")) {
            play.digits(o.str("digits"));
        }
        return play.build();
    }

    private static Pause buildPause(Map<String, ?> opts) {
        Opts o = Opts.of("pause", opts, PAUSE_OPTS);
        Pause.Builder pause = new Pause.Builder();
        if (o.has("length")) {
            pause.length(o.integer("length"));
        }
        return pause.build();
    }

    private static Conference buildConference(Map<String, ?> opts, String name) {
        Opts o = Opts.of("conference", opts, CONFERENCE_OPTS);
        Conference.Builder conference = new Conference.Builder(requireText("conference", name));
        if (o.has("muted")) {
            conference.muted(o.bool("muted"));
        }
        if (o.has("beep")) {
            conference.option("beep", o.str("beep"));
        }
        if (o.has("startConferenceOnEnter")) {
            conference.startConferenceOnEnter(o.bool("startConferenceOnEnter"));
        }
        if (o.has("endConferenceOnExit")) {
            conference.endConferenceOnExit(o.bool("endConferenceOnExit"));
        }
        if (o.has("waitUrl")) {
            conference.waitUrl(o.str("waitUrl"));
        }
        if (o.has("waitMethod")) {
            conference.option("waitMethod", o.method("waitMethod"));
        }
        if (o.has("maxParticipants")) {
            conference.maxParticipants(o.integer("maxParticipants"));
        }
        return conference.build();
    }

    private static Dial.Builder dialBuilder(Opts o, String number) {
        Dial.Builder dial = number == null ? new Dial.Builder() : new Dial.Builder(number);
        if (o.has("callerId")) {
            dial.callerId(o.str("callerId"));
        }
        if (o.has("timeout")) {
            dial.timeout(o.integer("timeout"));
        }
        if (o.has("record")) {
            dial.option("record", dialRecord(o.str("record")));
        }
        if (o.has("action")) {
            dial.action(o.str("action"));
        }
        if (o.has("method")) {
            dial.option("method", o.method("method"));
        }
        if (o.has("timeLimit")) {
            dial.timeLimit(o.integer("timeLimit"));
        }
        if (o.has("hangupOnStar")) {
            dial.hangupOnStar(o.bool("hangupOnStar"));
        }
        if (o.has("answerOnBridge")) {
            dial.answerOnBridge(o.bool("answerOnBridge"));
        }
        return dial;
    }

    private static String dialRecord(String value) {
        return switch (value.trim()) {
            case "true" -> "record-from-answer";
            case "false" -> "do-not-record";
            case "do-not-record", "record-from-answer", "record-from-ringing",
                 "record-from-answer-dual", "record-from-ringing-dual" -> value.trim();
            default -> throw new IllegalArgumentException("dial record must be true, false or a Twilio record value, got '"
                    + value + "'");
        };
    }

    private static String input(String value) {
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        for (String token : normalized.split("\\s+")) {
            if (!token.equals("dtmf") && !token.equals("speech")) {
                throw new IllegalArgumentException("gather input must be 'dtmf', 'speech' or 'dtmf speech', got '"
                        + value + "'");
            }
        }
        return normalized;
    }

    static String requireText(String verb, String text) {
        if (text == null) {
            throw new IllegalArgumentException(verb + " needs a value");
        }
        return text;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
