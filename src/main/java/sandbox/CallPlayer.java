package sandbox;

import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** Moves simulated calls through their statuses and plays their TwiML; also the phones' inbound SMS and calls. */
final class CallPlayer {

    private static final int MAX_DOCUMENTS = 25;
    private static final String APP_ERROR = "We are sorry, an application error has occurred. Goodbye.";

    private final TwilioSandbox sb;

    CallPlayer(TwilioSandbox sandbox) {
        this.sb = sandbox;
    }

    /** Where the next TwiML document comes from: a URL to request, or inline TwiML. */
    private record Source(String url, String method, Map<String, String> extra, String inline) {
        static Source fetch(String url, String method, Map<String, String> extra) {
            return new Source(url, method == null || method.isBlank() ? "POST" : method, extra, null);
        }
    }

    /** The keys a phone presses, consumed by successive Gathers. */
    private static final class Keypad {
        private String remaining;

        Keypad(String digits) {
            this.remaining = digits == null ? "" : digits;
        }
    }

    // ---------------------------------------------------------------- outbound calls

    void start(SimCall call, VirtualPhone phone, String digits, int ep) {
        long delay = sb.config.stepDelay().toNanos();
        sb.scheduler.schedule(() -> {
            if (stale(call, ep)) {
                return;
            }
            callback(call, "initiated", "initiated");
            call.status("ringing", Instant.now());
            callback(call, "ringing", "ringing");
            sb.scheduler.schedule(() -> {
                if (stale(call, ep)) {
                    return;
                }
                switch (phone.answer()) {
                    case "busy" -> finish(call, "busy", phone);
                    case "no-answer" -> finish(call, "no-answer", phone);
                    case "fail", "failed" -> finish(call, "failed", phone);
                    default -> answerAndPlay(call, phone, new Keypad(digits), ep);
                }
            }, delay, TimeUnit.NANOSECONDS);
        }, delay, TimeUnit.NANOSECONDS);
    }

    private boolean stale(SimCall call, int ep) {
        return sb.epoch.get() != ep || call.isFinal();
    }

    private void answerAndPlay(SimCall call, VirtualPhone phone, Keypad keys, int ep) {
        // an inbound call is answered only when its first TwiML does not <Reject> it
        if (!call.direction.equals("inbound") && !answered(call)) {
            return;
        }
        try {
            play(call, phone, keys, ep);
        } catch (RuntimeException e) {
            sb.notice(call.sid, "11200", "error", "Sandbox playback error: " + e, call.url, call.method);
        }
        if (sb.epoch.get() == ep) {
            finish(call, "completed", phone);
        }
    }

    /** The call goes in-progress (answered callback); false if it already ended. */
    private boolean answered(SimCall call) {
        synchronized (call) {
            if (call.finalized) {
                return false;
            }
            if (call.startTime != null) {
                return true;
            }
            call.status = "in-progress";
            call.startTime = Instant.now();
            call.dateUpdated = call.startTime;
        }
        callback(call, "answered", "in-progress");
        if (call.asyncAmdCallback != null && !call.asyncAmdCallback.isBlank()) {
            // AsyncAmd: the call's TwiML runs at once, the detection's result goes to its own callback
            Map<String, String> p = new LinkedHashMap<>();
            p.put("AccountSid", sb.account(call.account).sid());
            p.put("AnsweredBy", "human");
            p.put("CallSid", call.sid);
            p.put("MachineDetectionDuration", "1200");
            post(call, call.asyncAmdCallback, "POST", p);
        }
        return true;
    }

    /** Ends the call once: final status, duration, optional recording, then the final status callback. */
    private void finish(SimCall call, String status, VirtualPhone phone) {
        Instant now = Instant.now();
        synchronized (call) {
            if (call.finalized) {
                return;
            }
            call.finalized = true;
            call.notifyAll(); // a Pause still waiting on the call stops
            call.status = status;
            call.dateUpdated = now;
            if (call.startTime != null) {
                call.endTime = now;
            }
            call.duration = "completed".equals(status) && call.startTime != null
                    ? (phone.duration() != null ? phone.duration() : simulatedDuration(call.transcript)) : 0;
        }
        if (call.record && "completed".equals(status)) {
            newRecording(call, call.duration, "OutboundAPI");
        }
        callback(call, "completed", status);
        call.finished.complete(null);
    }

    /** Seconds a listener needs: 2.5 words a second plus pauses, at least one. */
    static int simulatedDuration(List<String> transcript) {
        double seconds = 0;
        for (String line : transcript) {
            if (line.startsWith("[pause ")) {
                seconds += Double.parseDouble(line.substring(7, line.length() - 1));
            } else if (!line.startsWith("[")) {
                seconds += words(line) / 2.5;
            }
        }
        return Math.max(1, (int) Math.ceil(seconds));
    }

    private static int words(String s) {
        String t = s == null ? "" : s.trim();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** Status=completed|canceled ends the call; a new Url or Twiml replaces what it plays. */
    SimCall update(SimCall call, SandboxRequest req) {
        String status = req.param("Status");
        String url = req.param("Url");
        String twiml = req.param("Twiml");
        if (status != null) {
            String s = status.toLowerCase(Locale.ROOT);
            if (!s.equals("completed") && !s.equals("canceled")) {
                throw new TwilioSandbox.BadRequest(400, 21220, "Invalid call state for update: " + status);
            }
            boolean answered;
            synchronized (call) {
                if (call.finalized) {
                    throw new TwilioSandbox.BadRequest(400, 21220, "Call is not in-progress. Cannot update: "
                            + call.status);
                }
                answered = "in-progress".equals(call.status);
            }
            // Twilio's documentation: canceled hangs up queued or ringing calls and does not affect calls already
            // in progress; completed hangs up in any state (a call not yet answered ends canceled)
            if (!(s.equals("canceled") && answered)) {
                String finalStatus = answered ? "completed" : "canceled";
                VirtualPhone phone = sb.phone(call.direction.equals("inbound") ? call.from : call.to);
                sb.scheduler.execute(() -> finish(call, finalStatus, phone));
                synchronized (call) {
                    // the response already shows the end; finish() fills in the rest
                    if (!call.finalized) {
                        call.status = finalStatus;
                    }
                    call.notifyAll(); // a Pause waiting on the call ends now
                }
            }
        } else if (url != null || twiml != null) {
            synchronized (call) {
                if (call.finalized) {
                    throw new TwilioSandbox.BadRequest(400, 21220, "Call is not in-progress. Cannot redirect.");
                }
                call.url = url;
                call.twiml = twiml;
                call.method = req.param("Method") == null ? "POST" : req.param("Method");
                call.redirected = true;
                call.dateUpdated = Instant.now();
                call.notifyAll(); // a Pause waiting on the call gives way to the new TwiML
            }
        }
        return call;
    }

    // ---------------------------------------------------------------- TwiML playback

    private void play(SimCall call, VirtualPhone phone, Keypad keys, int ep) {
        Source src;
        synchronized (call) {
            src = call.twiml != null ? new Source(null, null, Map.of(), call.twiml)
                    : Source.fetch(call.url, call.method, Map.of());
            call.redirected = false;
        }
        for (int n = 0; src != null; n++) {
            if (sb.epoch.get() != ep || call.isFinal()) {
                return;
            }
            if (n >= MAX_DOCUMENTS) {
                sb.notice(call.sid, "11200", "warning", "Too many TwiML documents for one call (" + MAX_DOCUMENTS
                        + "); the sandbox hung up", src.url(), src.method());
                return;
            }
            Element root = load(call, src);
            if (n == 0 && !(root != null && firstVerbIs(root, "Reject")) && !answered(call)) {
                return;
            }
            if (root == null) {
                call.say(APP_ERROR);
                return;
            }
            src = execute(call, phone, keys, root, src.url());
        }
    }

    private Element load(SimCall call, Source src) {
        String xml = src.inline();
        if (xml == null) {
            Map<String, String> params = voiceParams(call);
            params.putAll(src.extra());
            Webhooks.Result res = sb.webhooks.send(src.method(), src.url(), params, sb.account(call.account));
            if (!res.ok()) {
                sb.notice(call.sid, "11200", "error", "HTTP retrieval failure: " + res.describe(), src.url(),
                        src.method());
                return null;
            }
            xml = res.body();
        }
        Element root = parse(xml);
        if (root == null) {
            sb.notice(call.sid, "12100", "error", "Document parse failure", src.url(), src.method());
        }
        return root;
    }

    /** Runs one document's verbs; answers where the next document comes from, or null when the call ends. */
    private Source execute(SimCall call, VirtualPhone phone, Keypad keys, Element root, String docUrl) {
        for (Element verb : children(root)) {
            synchronized (call) {
                if (call.finalized) {
                    return null;
                }
                if (call.redirected) {
                    call.redirected = false;
                    return call.twiml != null ? new Source(null, null, Map.of(), call.twiml)
                            : Source.fetch(call.url, call.method, Map.of());
                }
            }
            switch (verb.getTagName()) {
                case "Say", "Play" -> speak(call, verb);
                case "Pause" -> {
                    speak(call, verb);
                    hold(call, intAttr(verb, "length", 1));
                }
                case "Gather" -> {
                    for (Element inner : children(verb)) {
                        speak(call, inner);
                    }
                    Source next = gather(call, keys, verb, docUrl);
                    if (next != null) {
                        return next;
                    }
                }
                case "Redirect" -> {
                    String target = resolve(docUrl, verb.getTextContent().trim());
                    return target == null ? null : Source.fetch(target, verb.getAttribute("method"), Map.of());
                }
                case "Hangup" -> {
                    return null;
                }
                case "Reject" -> {
                    // Twilio: reason="busy" ends the call busy, the default "rejected" ends it no-answer
                    finish(call, "busy".equals(verb.getAttribute("reason")) ? "busy" : "no-answer", phone);
                    return null;
                }
                case "Record" -> {
                    Source next = record(call, phone, verb, docUrl);
                    if (next != null) {
                        return next;
                    }
                }
                case "Sms", "Message" -> textDuringCall(call, verb, docUrl);
                case "Dial" -> {
                    Source next = dial(call, verb, docUrl);
                    if (next != null) {
                        return next;
                    }
                }
                default -> {
                    // verbs the sandbox does not simulate (Enqueue, Connect, Start…) are skipped
                }
            }
        }
        synchronized (call) {
            // redirected during the document's last verb: the new TwiML plays instead of the end of the call
            if (call.redirected && !call.finalized) {
                call.redirected = false;
                return call.twiml != null ? new Source(null, null, Map.of(), call.twiml)
                        : Source.fetch(call.url, call.method, Map.of());
            }
        }
        return null;
    }

    /**
     * A Pause takes its length in sandbox time (one second per step delay), so a call can be caught live and
     * redirected or hung up through the REST API; an update or the call's end cuts it short.
     */
    private void hold(SimCall call, int seconds) {
        long until = System.nanoTime() + seconds * sb.config.stepDelay().toNanos();
        synchronized (call) {
            long left;
            while (!call.finalized && !call.redirected && (left = until - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(call, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void speak(SimCall call, Element verb) {
        switch (verb.getTagName()) {
            case "Say" -> call.say(verb.getTextContent().trim());
            case "Play" -> call.say("[play " + verb.getTextContent().trim() + "]");
            case "Pause" -> call.say("[pause " + intAttr(verb, "length", 1) + "]");
            default -> {
            }
        }
    }

    private Source gather(SimCall call, Keypad keys, Element verb, String docUrl) {
        String input = verb.getAttribute("input");
        if (!input.isEmpty() && !input.contains("dtmf")) {
            return null;
        }
        int numDigits = intAttr(verb, "numDigits", 0);
        String finishOnKey = verb.hasAttribute("finishOnKey") ? verb.getAttribute("finishOnKey") : "#";
        StringBuilder digits = new StringBuilder();
        String finishedOn = "";
        int used = 0;
        String pad = keys.remaining;
        while (used < pad.length()) {
            char c = pad.charAt(used++);
            if (!finishOnKey.isEmpty() && finishOnKey.indexOf(c) >= 0) {
                finishedOn = String.valueOf(c);
                break;
            }
            digits.append(c);
            if (numDigits > 0 && digits.length() >= numDigits) {
                break;
            }
        }
        keys.remaining = pad.substring(used);
        synchronized (call) {
            call.digits.append(pad, 0, used);
        }
        if (used == 0 && !"true".equals(verb.getAttribute("actionOnEmptyResult"))) {
            return null; // timed out without input: Twilio goes on with the next verb
        }
        String action = verb.hasAttribute("action") ? resolve(docUrl, verb.getAttribute("action")) : docUrl;
        if (action == null) {
            return null;
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("Digits", digits.toString());
        extra.put("FinishedOnKey", finishedOn);
        return Source.fetch(action, verb.getAttribute("method"), extra);
    }

    private Source record(SimCall call, VirtualPhone phone, Element verb, String docUrl) {
        call.say("[record]");
        int max = intAttr(verb, "maxLength", 3600);
        int duration = Math.max(1, Math.min(max, (int) Math.ceil(words(phone.speech()) / 2.5)));
        SimRecording rec = newRecording(call, duration, "RecordVerb");
        String recordingUrl = TwilioJson.API_HOST + sb.json.accountUri() + "/Recordings/" + rec.sid();
        String transcribeCallback = verb.getAttribute("transcribeCallback");
        if ("true".equals(verb.getAttribute("transcribe")) || !transcribeCallback.isEmpty()) {
            SimTranscription t = new SimTranscription(Sids.next("TR"), sb.nextSeq(), rec.sid(), phone.speech(),
                    duration, Instant.now());
            sb.transcriptions.put(t.sid(), t.seq(), t);
            String target = resolve(docUrl, transcribeCallback);
            if (target != null && !transcribeCallback.isEmpty()) {
                Map<String, String> p = baseParams(call);
                p.put("RecordingSid", rec.sid());
                p.put("RecordingUrl", recordingUrl);
                p.put("TranscriptionSid", t.sid());
                p.put("TranscriptionStatus", "completed");
                p.put("TranscriptionText", t.text());
                p.put("TranscriptionUrl", TwilioJson.API_HOST + sb.json.accountUri() + "/Transcriptions/" + t.sid());
                p.put("TranscriptionType", "fast");
                post(call, target, "POST", p);
            }
        }
        String statusTarget = resolve(docUrl, verb.getAttribute("recordingStatusCallback"));
        if (statusTarget != null && !verb.getAttribute("recordingStatusCallback").isEmpty()) {
            Map<String, String> p = baseParams(call);
            p.put("RecordingSid", rec.sid());
            p.put("RecordingUrl", recordingUrl);
            p.put("RecordingStatus", "completed");
            p.put("RecordingDuration", String.valueOf(duration));
            p.put("RecordingChannels", "1");
            p.put("RecordingSource", "RecordVerb");
            post(call, statusTarget, verb.getAttribute("recordingStatusCallbackMethod"), p);
        }
        String action = verb.hasAttribute("action") ? resolve(docUrl, verb.getAttribute("action")) : docUrl;
        if (action == null) {
            return null;
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("RecordingUrl", recordingUrl);
        extra.put("RecordingSid", rec.sid());
        extra.put("RecordingDuration", String.valueOf(duration));
        return Source.fetch(action, verb.getAttribute("method"), extra);
    }

    private SimRecording newRecording(SimCall call, int duration, String source) {
        SimRecording rec = new SimRecording(Sids.next("RE"), sb.nextSeq(), call.sid, null, Math.max(1, duration),
                source, Instant.now());
        sb.recordings.put(rec.sid(), rec.seq(), rec);
        return rec;
    }

    private void textDuringCall(SimCall call, Element verb, String docUrl) {
        boolean inbound = call.direction.equals("inbound");
        String to = verb.hasAttribute("to") ? verb.getAttribute("to") : inbound ? call.from : call.to;
        String from = verb.hasAttribute("from") ? verb.getAttribute("from") : inbound ? call.to : call.from;
        String body = messageBody(verb);
        String callback = verb.getAttribute("statusCallback");
        SimMessage msg = sb.newMessage(from, to, body, "outbound-call", "queued",
                callback.isEmpty() ? null : resolve(docUrl, callback));
        sb.deliver(msg, sb.epoch.get());
    }

    private Source dial(SimCall call, Element verb, String docUrl) {
        List<Element> nouns = children(verb);
        if (nouns.isEmpty()) {
            call.say("[dial " + verb.getTextContent().trim() + "]");
        }
        for (Element noun : nouns) {
            String what = noun.getTextContent().trim();
            call.say(noun.getTagName().equals("Conference") ? "[conference " + what + "]" : "[dial " + what + "]");
        }
        if (!verb.hasAttribute("action")) {
            return null;
        }
        String action = resolve(docUrl, verb.getAttribute("action"));
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("DialCallStatus", "completed");
        extra.put("DialCallDuration", "0");
        return action == null ? null : Source.fetch(action, verb.getAttribute("method"), extra);
    }

    // ---------------------------------------------------------------- phones calling and texting Callout

    Map<String, Object> inboundSms(String number, String body) {
        return inboundSms(number, body, null);
    }

    /**
     * The phone texts {@code to} (null: Callout's number): the text goes to that number's SmsUrl, signed for the
     * account that owns it. A number pointing nowhere answers nothing (status 0).
     */
    Map<String, Object> inboundSms(String number, String body, String to) {
        String base = calloutBase();
        String dest = to == null || to.isBlank() ? sb.config.fromNumber() : to;
        SimNumber target = sb.numbers.get(dest);
        SandboxAccount account = sb.account(target == null ? null : target.account);
        String url = target == null ? base + "/twilio/sms" : target.smsTarget(base);
        SimMessage in = sb.newMessage(number, dest, body, "inbound", "received", null);
        in.account = account.sid();
        in.status("received", null, null, Instant.now());
        if (url == null) {
            Map<String, Object> none = new LinkedHashMap<>();
            none.put("status", 0);
            none.put("reply", "");
            none.put("messages", List.of());
            return none;
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", account.sid());
        p.put("ApiVersion", TwilioJson.API_VERSION);
        p.put("Body", body);
        p.put("From", number);
        p.put("FromCity", "");
        p.put("FromCountry", TwilioJson.country(number));
        p.put("FromState", "");
        p.put("FromZip", "");
        p.put("MessageSid", in.sid);
        p.put("NumMedia", "0");
        p.put("NumSegments", String.valueOf(TwilioJson.segments(body)));
        p.put("SmsMessageSid", in.sid);
        p.put("SmsSid", in.sid);
        p.put("SmsStatus", "received");
        p.put("To", dest);
        p.put("ToCity", "");
        p.put("ToCountry", TwilioJson.country(dest));
        p.put("ToState", "");
        p.put("ToZip", "");
        Webhooks.Result res = sb.webhooks.send("POST", url, p, account);
        List<String> replies = new ArrayList<>();
        if (!res.ok()) {
            sb.notice(null, in.sid, "11200", "error", "HTTP retrieval failure: " + res.describe(), url, "POST");
        } else if (res.body() != null && !res.body().isBlank()) {
            Element root = parse(res.body());
            if (root == null) {
                sb.notice(null, in.sid, "12100", "error", "Document parse failure", url, "POST");
            } else {
                for (Element e : children(root)) {
                    if (e.getTagName().equals("Message") || e.getTagName().equals("Sms")) {
                        String text = messageBody(e);
                        String replyTo = e.hasAttribute("to") ? e.getAttribute("to") : number;
                        String from = e.hasAttribute("from") ? e.getAttribute("from") : dest;
                        SimMessage out = sb.newMessage(from, replyTo, text, "outbound-reply", "queued", null);
                        out.account = account.sid();
                        out.status("delivered", null, null, Instant.now());
                        replies.add(text);
                    }
                }
            }
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("status", res.status());
        j.put("reply", res.body() == null ? "" : res.body());
        j.put("messages", replies);
        return j;
    }

    Map<String, Object> inboundCall(String number, String digits) {
        return inboundCall(number, digits, null);
    }

    /** The phone calls {@code to} (null: Callout's number), whose VoiceUrl gives the TwiML. */
    Map<String, Object> inboundCall(String number, String digits, String to) {
        String base = calloutBase();
        String dest = to == null || to.isBlank() ? sb.config.fromNumber() : to;
        SimNumber target = sb.numbers.get(dest);
        String voiceUrl = target == null ? base + "/twilio/voice/inbound/0" : target.voiceTarget(base);
        SimCall call = new SimCall(Sids.next("CA"), sb.nextSeq(), number, dest, "inbound", null,
                voiceUrl, "POST", voiceUrl == null ? "<Response><Reject/></Response>" : null,
                target == null ? base + "/twilio/status/call/0" : target.statusTarget(base), "POST", List.of(),
                false, false, null, Instant.now());
        call.account = target == null ? null : target.account;
        sb.calls.put(call.sid, call.seq, call);
        int ep = sb.epoch.get();
        VirtualPhone phone = sb.phone(number);
        sb.scheduler.execute(() -> {
            if (stale(call, ep)) {
                return;
            }
            call.status("ringing", Instant.now());
            answerAndPlay(call, phone, new Keypad(digits), ep);
        });
        try {
            call.finished.get(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // answer with the call as it stands
        }
        return sb.callView(call);
    }

    private String calloutBase() {
        String base = sb.config.calloutBaseUrl().get();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    // ---------------------------------------------------------------- webhooks

    private void callback(SimCall call, String event, String status) {
        if (call.statusCallback == null || call.statusCallback.isBlank()
                || (!event.equals("completed") && !call.statusCallbackEvents.contains(event))) {
            return;
        }
        Map<String, String> p = baseParams(call);
        p.put("CallStatus", status);
        p.put("CallbackSource", "call-progress-events");
        p.put("Timestamp", TwilioJson.rfc2822(Instant.now()));
        synchronized (call) {
            p.put("SequenceNumber", String.valueOf(call.sequenceNumber++));
            if (event.equals("completed")) {
                p.put("CallDuration", String.valueOf(call.duration == null ? 0 : call.duration));
                p.put("Duration", String.valueOf((call.duration == null ? 0 : call.duration + 59) / 60));
            }
        }
        if (call.machineDetection) {
            p.put("AnsweredBy", "human");
        }
        post(call, call.statusCallback, call.statusCallbackMethod, p);
    }

    private void post(SimCall call, String url, String method, Map<String, String> params) {
        String m = method == null || method.isBlank() ? "POST" : method;
        Webhooks.Result res = sb.webhooks.send(m, url, params, sb.account(call.account));
        if (!res.ok()) {
            sb.notice(call.sid, "11200", "warning", "HTTP retrieval failure: " + res.describe(), url, m);
        }
    }

    private Map<String, String> baseParams(SimCall call) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", sb.account(call.account).sid());
        p.put("ApiVersion", TwilioJson.API_VERSION);
        p.put("CallSid", call.sid);
        synchronized (call) {
            p.put("CallStatus", call.status);
        }
        p.put("Called", call.to);
        p.put("Caller", call.from);
        p.put("Direction", call.direction);
        p.put("From", call.from);
        p.put("To", call.to);
        return p;
    }

    /** The parameters of every voice request. */
    private Map<String, String> voiceParams(SimCall call) {
        Map<String, String> p = baseParams(call);
        for (String side : List.of("From", "Caller", "To", "Called")) {
            String number = side.equals("From") || side.equals("Caller") ? call.from : call.to;
            p.put(side + "City", "");
            p.put(side + "State", "");
            p.put(side + "Zip", "");
            p.put(side + "Country", TwilioJson.country(number));
        }
        if (call.machineDetection) {
            p.put("AnsweredBy", "human");
        }
        return p;
    }

    // ---------------------------------------------------------------- XML

    private static Element parse(String xml) {
        if (xml == null || xml.isBlank()) {
            return null;
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Element root = b.parse(new InputSource(new StringReader(xml.trim()))).getDocumentElement();
            return root.getTagName().equals("Response") ? root : null;
        } catch (ParserConfigurationException | SAXException | java.io.IOException e) {
            return null;
        }
    }

    private static boolean firstVerbIs(Element root, String name) {
        List<Element> verbs = children(root);
        return !verbs.isEmpty() && verbs.get(0).getTagName().equals(name);
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }

    private static String messageBody(Element e) {
        for (Element c : children(e)) {
            if (c.getTagName().equals("Body")) {
                return c.getTextContent().trim();
            }
        }
        return e.getTextContent().trim();
    }

    private static int intAttr(Element e, String name, int dflt) {
        try {
            return e.hasAttribute(name) ? Integer.parseInt(e.getAttribute(name).trim()) : dflt;
        } catch (NumberFormatException ex) {
            return dflt;
        }
    }

    /** An action or Redirect URL, resolved against the current document's URL; null if it cannot be. */
    private static String resolve(String docUrl, String target) {
        if (target == null || target.isBlank()) {
            return docUrl;
        }
        try {
            URI t = URI.create(target.trim());
            if (t.isAbsolute()) {
                return t.toString();
            }
            return docUrl == null ? null : URI.create(docUrl).resolve(t).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
