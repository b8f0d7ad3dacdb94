package sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An in-process simulation of the Twilio REST API (2010-04-01 Messages, Calls, Recordings, Transcriptions,
 * Notifications; Monitor v1 Alerts) and of the phones it reaches. Framework-agnostic: an HTTP adapter turns each
 * request below {@code /sandbox} into a {@link SandboxRequest} and writes back the {@link SandboxResponse}.
 */
public class TwilioSandbox implements AutoCloseable {

    static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    final SandboxConfig config;
    final TwilioJson json;
    final Webhooks webhooks;
    final ScheduledThreadPoolExecutor scheduler;
    private final AtomicLong seq = new AtomicLong();
    /** Bumped by reset so that work still scheduled for the old state stops. */
    final AtomicInteger epoch = new AtomicInteger();

    final Table<SimMessage> messages = new Table<>();
    final Table<SimCall> calls = new Table<>();
    final Table<SimRecording> recordings = new Table<>();
    final Table<SimTranscription> transcriptions = new Table<>();
    final Table<SimNotice> notices = new Table<>();
    final Map<String, VirtualPhone> phones = new ConcurrentHashMap<>();
    private static final int MAX_REQUEST_LOG = 200_000;
    private final ConcurrentLinkedDeque<Logged> requestLog = new ConcurrentLinkedDeque<>();
    private final AtomicInteger requestLogSize = new AtomicInteger();
    private volatile double faultRate;
    private volatile int faultStatus = 500;
    private final CallPlayer player;
    /** Every account served, by SID: the configured one first, then those {@link #addAccount} adds. */
    private final Map<String, SandboxAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, TwilioJson> jsonByAccount = new ConcurrentHashMap<>();
    final SandboxAccount defaultAccount;
    /** Phone numbers of every account (IncomingPhoneNumbers), by E.164 number. */
    final Map<String, SimNumber> numbers = new ConcurrentHashMap<>();
    private static final int MAX_RECEIVED = 1000;
    private final ConcurrentLinkedDeque<Received> received = new ConcurrentLinkedDeque<>();

    /** Threads making simulated status changes and calls, each waiting for the webhook it sends. */
    static final int SENDERS = 64;

    public TwilioSandbox(SandboxConfig config) {
        this.config = config;
        this.json = new TwilioJson(config.accountSid());
        this.webhooks = new Webhooks(config.authToken());
        // each status change sends its callback and waits for the answer on one of these threads, as Twilio's
        // senders do; with 8, at 1,000 SMS a second the callbacks (2,000/s, each waiting for Callout's group commit)
        // fell a second behind the messages, which measured the sandbox's senders rather than Callout. Twilio's own
        // callback concurrency has no such small bound. A thread is started as work is scheduled, up to this many.
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(SENDERS, r -> {
            Thread t = new Thread(r, "twilio-sandbox");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.scheduler = pool;
        this.player = new CallPlayer(this);
        this.defaultAccount = new SandboxAccount(config.accountSid(), config.authToken(), config.fromNumber(), false);
        addAccount(defaultAccount);
    }

    /**
     * Serves one more account (Basic auth with its SID and token, webhooks signed with its token), its from-number
     * pre-provisioned as one of its IncomingPhoneNumbers pointed at Callout.
     */
    public void addAccount(SandboxAccount account) {
        accounts.put(account.sid(), account);
        jsonByAccount.put(account.sid(), account.sid().equals(config.accountSid()) ? json
                : new TwilioJson(account.sid()));
        numbers.computeIfAbsent(account.fromNumber(), n -> SimNumber.calloutsOwn(account.sid(), n, nextSeq()));
    }

    /** The account of that SID, or the default account (for resources made before accounts were tracked). */
    SandboxAccount account(String sid) {
        return sid == null ? defaultAccount : accounts.getOrDefault(sid, defaultAccount);
    }

    TwilioJson jsonFor(String sid) {
        return sid == null ? json : jsonByAccount.getOrDefault(sid, json);
    }

    /**
     * One REST request as received: method, the API path ({@code /2010-04-01/...}, the provider prefix removed),
     * query and form parameters. Tests check what Callout sends against Twilio's OpenAPI description with it.
     */
    public record Received(String method, String path, Map<String, List<String>> query,
                           Map<String, List<String>> form, String account, boolean signalWire) {
    }

    /** The last REST requests received (up to 1,000), oldest first. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Answers one request; never throws. */
    public SandboxResponse handle(SandboxRequest req) {
        Instant arrived = Instant.now();
        try {
            List<String> seg = segments(req.path());
            if (seg.isEmpty()) {
                return notFound(req.path());
            }
            return switch (seg.get(0)) {
                case "twilio" -> twilio(req, seg.subList(1, seg.size()), arrived, false);
                // SignalWire's compatibility API: the same resources below /api/laml of a space
                case "signalwire" -> seg.size() > 3 && seg.get(1).equals("api") && seg.get(2).equals("laml")
                        ? twilio(req, seg.subList(3, seg.size()), arrived, true) : notFound(req.path());
                case "phones" -> phones(req, seg.subList(1, seg.size()));
                case "faults" -> faults(req);
                case "reset" -> {
                    reset();
                    yield SandboxResponse.json(200, "{\"reset\":true}");
                }
                case "requests" -> requests(req);
                case "pending" -> pending();
                default -> notFound(req.path());
            };
        } catch (BadRequest e) {
            return error(e.status, e.code, e.getMessage());
        } catch (RuntimeException e) {
            return error(500, 20500, "Internal Server Error: " + e);
        }
    }

    /** Forgets every message, call, recording, phone setting and fault. */
    public void reset() {
        epoch.incrementAndGet();
        calls.oldestFirst().forEach(c -> c.finished.complete(null)); // release phones waiting on a call
        messages.clear();
        calls.clear();
        recordings.clear();
        transcriptions.clear();
        notices.clear();
        phones.clear();
        received.clear();
        numbers.values().removeIf(n -> !n.preset);
        numbers.values().forEach(SimNumber::resetToCallout);
        requestLog.clear();
        requestLogSize.set(0);
        faultRate = 0;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        webhooks.close();
    }

    // ---------------------------------------------------------------- REST API

    private SandboxResponse twilio(SandboxRequest req, List<String> seg, Instant arrived, boolean signalWire) {
        SandboxAccount account = authorized(req);
        if (account == null || account.signalWire() != signalWire) {
            return error(401, 20003, "Authenticate");
        }
        received.add(new Received(req.method(), "/" + String.join("/", seg), req.query(), req.form(), account.sid(),
                signalWire));
        if (received.size() > MAX_RECEIVED) {
            received.poll();
        }
        TwilioJson json = jsonFor(account.sid());
        double rate = faultRate;
        if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
            int s = faultStatus;
            return error(s, s == 429 ? 20429 : s >= 500 ? 20500 : 20000 + s, switch (s) {
                case 429 -> "Too Many Requests";
                case 503 -> "Service Unavailable";
                default -> s >= 500 ? "Internal Server Error" : "Simulated fault";
            });
        }
        String m = req.method();
        if (seg.size() >= 2 && seg.get(0).equals("v1") && seg.get(1).equals("Alerts")) {
            if (seg.size() == 2 && m.equals("GET")) {
                return listAlerts(req);
            }
            if (seg.size() == 3 && m.equals("GET")) {
                return notices.find(seg.get(2)).map(n -> ok(200, alertInstance(n)))
                        .orElseGet(() -> notFound(monitorPath(seg)));
            }
            return notFound(monitorPath(seg));
        }
        String fullPath = "/" + String.join("/", seg);
        if (seg.size() < 4 || !seg.get(0).equals(TwilioJson.API_VERSION) || !seg.get(1).equals("Accounts")
                || !seg.get(2).equals(account.sid())) {
            return notFound(fullPath);
        }
        List<String> r = seg.subList(3, seg.size());
        String head = r.get(0);
        switch (head) {
            case "Messages.json":
                if (m.equals("POST")) {
                    return createMessage(req, arrived, account);
                }
                if (m.equals("GET")) {
                    return list(json, req, "messages", "/Messages.json", filterMessages(req).filter(x -> owns(account, x.account)), json::message,
                            "To", "From", "DateSent", "DateSent<", "DateSent>");
                }
                break;
            case "Messages":
                if (r.size() == 2) {
                    SimMessage msg = messages.get(stripExt(r.get(1)));
                    if (msg == null) {
                        return notFound(fullPath);
                    }
                    if (m.equals("GET")) {
                        return ok(200, json.message(msg));
                    }
                    if (m.equals("DELETE")) {
                        messages.remove(msg.sid);
                        return SandboxResponse.noContent();
                    }
                } else if (r.size() == 3 && r.get(2).equals("Media.json") && m.equals("GET")) {
                    SimMessage parent = messages.get(r.get(1));
                    if (parent == null) {
                        return notFound(fullPath);
                    }
                    return list(json, req, "media_list", "/Messages/" + r.get(1) + "/Media.json", parent.media.stream(),
                            x -> json.media(parent, x));
                }
                break;
            case "Calls.json":
                if (m.equals("POST")) {
                    return createCall(req, arrived, account);
                }
                if (m.equals("GET")) {
                    return list(json, req, "calls", "/Calls.json", filterCalls(req).filter(x -> owns(account, x.account)), json::call,
                            "To", "From", "ParentCallSid", "Status");
                }
                break;
            case "Calls":
                if (r.size() == 2) {
                    SimCall call = calls.get(stripExt(r.get(1)));
                    if (call == null) {
                        return notFound(fullPath);
                    }
                    switch (m) {
                        case "GET":
                            return ok(200, json.call(call));
                        case "POST":
                            return ok(200, json.call(player.update(call, req)));
                        case "DELETE":
                            calls.remove(call.sid);
                            return SandboxResponse.noContent();
                        default:
                            break;
                    }
                } else if (r.size() == 3 && r.get(2).equals("Recordings.json") && m.equals("GET")) {
                    String callSid = r.get(1);
                    return list(json, req, "recordings", "/Calls/" + callSid + "/Recordings.json",
                            recordings.newestFirst().filter(x -> callSid.equals(x.callSid())), json::recording);
                } else if (r.size() == 4 && r.get(2).equals("Recordings") && m.equals("GET")) {
                    SimRecording rec = recordings.get(stripExt(r.get(3)));
                    return rec == null || !rec.callSid().equals(r.get(1)) ? notFound(fullPath)
                            : ok(200, json.recording(rec));
                } else if (r.size() == 3 && r.get(2).equals("Notifications.json") && m.equals("GET")) {
                    String callSid = r.get(1);
                    return list(json, req, "notifications", "/Calls/" + callSid + "/Notifications.json",
                            notices.newestFirst().filter(x -> callSid.equals(x.callSid())), json::notification);
                }
                break;
            case "Recordings.json":
                if (m.equals("GET")) {
                    String callSid = req.param("CallSid");
                    String confSid = req.param("ConferenceSid");
                    return list(json, req, "recordings", "/Recordings.json", recordings.newestFirst()
                                    .filter(x -> callSid == null || callSid.equals(x.callSid()))
                                    .filter(x -> confSid == null || confSid.equals(x.conferenceSid())),
                            json::recording, "CallSid", "ConferenceSid");
                }
                break;
            case "Recordings":
                return recordingResource(req, r, fullPath);
            case "IncomingPhoneNumbers.json":
            case "IncomingPhoneNumbers":
                return SimNumber.handle(this, account, req, r, fullPath);
            case "Transcriptions.json":
                if (m.equals("GET")) {
                    return list(json, req, "transcriptions", "/Transcriptions.json", transcriptions.newestFirst(),
                            json::transcription);
                }
                break;
            case "Transcriptions":
                if (r.size() == 2) {
                    SimTranscription t = transcriptions.get(stripExt(r.get(1)));
                    if (t == null) {
                        return notFound(fullPath);
                    }
                    if (m.equals("GET")) {
                        return ok(200, json.transcription(t));
                    }
                    if (m.equals("DELETE")) {
                        transcriptions.remove(t.sid());
                        return SandboxResponse.noContent();
                    }
                }
                break;
            case "Notifications.json":
                if (m.equals("GET")) {
                    String log = req.param("Log");
                    return list(json, req, "notifications", "/Notifications.json", notices.newestFirst()
                            .filter(n -> log == null || log.equals(json.notification(n).get("log"))),
                            json::notification, "Log");
                }
                break;
            case "Notifications":
                if (r.size() == 2 && m.equals("GET")) {
                    SimNotice n = notices.get(stripExt(r.get(1)));
                    return n == null ? notFound(fullPath) : ok(200, notificationInstance(n));
                }
                break;
            default:
                break;
        }
        return notFound(fullPath);
    }

    private SandboxResponse recordingResource(SandboxRequest req, List<String> r, String fullPath) {
        String name = r.size() > 1 ? r.get(1) : "";
        SimRecording rec = recordings.get(stripExt(name));
        if (rec == null) {
            return notFound(fullPath);
        }
        if (r.size() == 3 && r.get(2).equals("Transcriptions.json") && req.method().equals("GET")) {
            return list(json, req, "transcriptions", "/Recordings/" + rec.sid() + "/Transcriptions.json",
                    transcriptions.newestFirst().filter(t -> t.recordingSid().equals(rec.sid())), json::transcription);
        }
        if (r.size() != 2) {
            return notFound(fullPath);
        }
        if (req.method().equals("DELETE")) {
            recordings.remove(rec.sid());
            return SandboxResponse.noContent();
        }
        if (!req.method().equals("GET")) {
            return notFound(fullPath);
        }
        if (name.endsWith(".json")) {
            return ok(200, json.recording(rec));
        }
        if (name.endsWith(".mp3")) {
            return new SandboxResponse(200, "audio/mpeg", RecordingAudio.mp3Bytes(), Map.of());
        }
        return new SandboxResponse(200, "audio/x-wav", RecordingAudio.wavBytes(), Map.of());
    }

    private boolean owns(SandboxAccount account, String resourceAccount) {
        return account.sid().equals(resourceAccount == null ? defaultAccount.sid() : resourceAccount);
    }

    private SandboxResponse createMessage(SandboxRequest req, Instant arrived, SandboxAccount account) {
        String to = req.param("To");
        String from = req.param("From");
        String body = req.param("Body");
        if (to == null || to.isBlank()) {
            throw new BadRequest(400, 21604, "A 'To' phone number is required.");
        }
        checkNumber(to);
        if ((from == null || from.isBlank()) && req.param("MessagingServiceSid") == null) {
            throw new BadRequest(400, 21603, "A 'From' phone number is required.");
        }
        if ((body == null || body.isEmpty()) && req.param("MediaUrl") == null) {
            throw new BadRequest(400, 21602, "Message body is required.");
        }
        if (body != null && body.length() > 1600) {
            throw new BadRequest(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
        }
        SimMessage msg = newMessage(from == null ? account.fromNumber() : from, to, body == null ? "" : body,
                "outbound-api", "queued", req.param("StatusCallback"));
        msg.account = account.sid();
        msg.media = req.params("MediaUrl").stream().map(SimMedia::of).toList();
        logRequest(msg.sid, "message", to, arrived);
        deliver(msg, epoch.get());
        return ok(201, jsonFor(account.sid()).message(msg));
    }

    SimMessage newMessage(String from, String to, String body, String direction, String status, String callback) {
        SimMessage msg = new SimMessage(Sids.next("SM"), seq.incrementAndGet(), from, to, body, direction, status,
                callback, Instant.now());
        messages.put(msg.sid, msg.seq, msg);
        return msg;
    }

    /** queued → sent → delivered (or failed / undelivered, as the phone says), each change sent to StatusCallback. */
    void deliver(SimMessage msg, int ep) {
        String outcome = phone(msg.to).sms();
        List<String> steps = switch (outcome) {
            case "failed" -> List.of("failed");
            case "undelivered" -> List.of("sent", "undelivered");
            default -> List.of("sent", "delivered");
        };
        step(msg, steps, 0, ep);
    }

    private void step(SimMessage msg, List<String> steps, int i, int ep) {
        scheduler.schedule(() -> {
            if (epoch.get() != ep) {
                return;
            }
            String status = steps.get(i);
            Integer code = switch (status) {
                case "failed" -> 30005;
                case "undelivered" -> 30003;
                default -> null;
            };
            String text = code == null ? null
                    : code == 30005 ? "Unknown destination handset" : "Unreachable destination handset";
            msg.status(status, code, text, Instant.now());
            if (msg.statusCallback != null && !msg.statusCallback.isBlank()) {
                Map<String, String> p = new LinkedHashMap<>();
                p.put("AccountSid", account(msg.account).sid());
                p.put("ApiVersion", TwilioJson.API_VERSION);
                p.put("From", msg.from);
                p.put("MessageSid", msg.sid);
                p.put("MessageStatus", status);
                p.put("SmsSid", msg.sid);
                p.put("SmsStatus", status);
                p.put("To", msg.to);
                if (code != null) {
                    p.put("ErrorCode", String.valueOf(code));
                }
                Webhooks.Result res = webhooks.send("POST", msg.statusCallback, p, account(msg.account));
                if (!res.ok()) {
                    notice(null, msg.sid, "11200", "warning", "Status callback failed: " + res.describe(),
                            msg.statusCallback, "POST");
                }
            }
            if (i + 1 < steps.size()) {
                step(msg, steps, i + 1, ep);
            }
        }, config.stepDelay().toNanos(), TimeUnit.NANOSECONDS);
    }

    private SandboxResponse createCall(SandboxRequest req, Instant arrived, SandboxAccount account) {
        String to = req.param("To");
        String from = req.param("From");
        if (to == null || to.isBlank()) {
            throw new BadRequest(400, 21201, "No 'To' number is specified");
        }
        checkNumber(to);
        if (from == null || from.isBlank()) {
            throw new BadRequest(400, 21213, "No 'From' number is specified");
        }
        String url = req.param("Url");
        String twiml = req.param("Twiml");
        boolean noTwiml = (url == null || url.isBlank()) && (twiml == null || twiml.isBlank());
        if (noTwiml && req.param("ApplicationSid") == null) {
            throw new BadRequest(400, 21205, "Url parameter is required.");
        }
        List<String> events = new ArrayList<>();
        for (String e : req.params("StatusCallbackEvent")) {
            events.addAll(Arrays.asList(e.trim().split("[\\s,]+")));
        }
        String md = req.param("MachineDetection");
        boolean detectMachine = md != null && !md.isBlank() && !md.equalsIgnoreCase("none");
        // an application's voice URL is not simulated: such a call plays an empty document
        SimCall call = new SimCall(Sids.next("CA"), seq.incrementAndGet(), from, to, "outbound-api", null, url,
                Objects.requireNonNullElse(req.param("Method"), "POST"), noTwiml ? "<Response/>" : twiml,
                req.param("StatusCallback"), Objects.requireNonNullElse(req.param("StatusCallbackMethod"), "POST"),
                events, detectMachine, "true".equalsIgnoreCase(req.param("Record")), req.param("SendDigits"),
                Instant.now());
        call.account = account.sid();
        if (detectMachine && "true".equalsIgnoreCase(req.param("AsyncAmd"))) {
            call.asyncAmdCallback = req.param("AsyncAmdStatusCallback");
        }
        calls.put(call.sid, call.seq, call);
        logRequest(call.sid, "call", to, arrived);
        player.start(call, phone(to), phone(to).digits(), epoch.get());
        return ok(201, jsonFor(account.sid()).call(call));
    }

    private static void checkNumber(String to) {
        if (!E164.matcher(to).matches()) {
            throw new BadRequest(400, 21211, "The 'To' number " + to + " is not a valid phone number.");
        }
    }

    private Stream<SimMessage> filterMessages(SandboxRequest req) {
        String to = req.param("To");
        String from = req.param("From");
        Predicate<Instant> sent = dateFilter(req, "DateSent");
        return messages.newestFirst()
                .filter(x -> to == null || to.equals(x.to))
                .filter(x -> from == null || from.equals(x.from))
                .filter(x -> {
                    synchronized (x) {
                        return sent.test(x.dateSent != null ? x.dateSent : x.dateCreated);
                    }
                });
    }

    private Stream<SimCall> filterCalls(SandboxRequest req) {
        String to = req.param("To");
        String from = req.param("From");
        String parent = req.param("ParentCallSid");
        String status = req.param("Status");
        return calls.newestFirst()
                .filter(x -> to == null || to.equals(x.to))
                .filter(x -> from == null || from.equals(x.from))
                .filter(x -> parent == null || parent.equals(x.parentCallSid))
                .filter(x -> {
                    synchronized (x) {
                        return status == null || status.equals(x.status);
                    }
                });
    }

    /** Twilio's {@code Name}, {@code Name<} and {@code Name>} filters: a day or an instant, bounds inclusive. */
    private static Predicate<Instant> dateFilter(SandboxRequest req, String name) {
        String on = req.param(name);
        String before = firstNonNull(req.param(name + "<"), req.param(name + "<="));
        String after = firstNonNull(req.param(name + ">"), req.param(name + ">="));
        Predicate<Instant> p = t -> true;
        if (on != null) {
            Instant[] d = range(on);
            p = p.and(t -> !t.isBefore(d[0]) && t.isBefore(d[1]));
        }
        if (before != null) {
            Instant[] d = range(before);
            p = p.and(t -> t.isBefore(d[1]));
        }
        if (after != null) {
            Instant[] d = range(after);
            p = p.and(t -> !t.isBefore(d[0]));
        }
        return p;
    }

    /** [start, end) of a date (whole day) or a date-time (that second). */
    static Instant[] range(String s) {
        try {
            if (s.length() == 10) {
                Instant start = LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
                return new Instant[] {start, start.plus(1, ChronoUnit.DAYS)};
            }
            // the SDK writes date-times without an offset (GMT, as Twilio reads them)
            Instant t = s.endsWith("Z") || s.matches(".*[+-]\\d\\d:?\\d\\d$")
                    ? java.time.OffsetDateTime.parse(s).toInstant()
                    : java.time.LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            return new Instant[] {t, t.plusSeconds(1)};
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequest(400, 20001, "Invalid date: " + s);
        }
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** A 2010-API page: the list under {@code key} and Twilio's paging fields, filters kept in every page URI. */
    <T> SandboxResponse list(TwilioJson json, SandboxRequest req, String key, String path, Stream<T> items,
                                     java.util.function.Function<T, Map<String, Object>> render, String... filters) {
        int pageSize = intParam(req, "PageSize", 50, 1, 1000);
        int page = intParam(req, "Page", 0, 0, Integer.MAX_VALUE);
        long offset = (long) page * pageSize;
        List<T> slice = items.skip(offset).limit(pageSize + 1L).toList();
        boolean more = slice.size() > pageSize;
        List<Map<String, Object>> out = slice.stream().limit(pageSize).map(render).toList();
        String base = json.accountUri() + path + "?" + filterQuery(req, filters);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put(key, out);
        j.put("end", out.isEmpty() ? offset : offset + out.size() - 1);
        j.put("first_page_uri", base + "PageSize=" + pageSize + "&Page=0");
        j.put("next_page_uri", more ? base + "PageSize=" + pageSize + "&Page=" + (page + 1)
                + "&PageToken=PA" + out.get(out.size() - 1).get("sid") : null);
        j.put("page", page);
        j.put("page_size", pageSize);
        j.put("previous_page_uri", page > 0 ? base + "PageSize=" + pageSize + "&Page=" + (page - 1) : null);
        j.put("start", offset);
        j.put("uri", base + "PageSize=" + pageSize + "&Page=" + page);
        return ok(200, j);
    }

    private SandboxResponse listAlerts(SandboxRequest req) {
        String level = req.param("LogLevel");
        String start = req.param("StartDate");
        String end = req.param("EndDate");
        Instant from = start == null ? null : range(start)[0];
        Instant to = end == null ? null : range(end)[1];
        int pageSize = intParam(req, "PageSize", 50, 1, 1000);
        int page = intParam(req, "Page", 0, 0, Integer.MAX_VALUE);
        long offset = (long) page * pageSize;
        List<SimNotice> slice = notices.newestFirst()
                .filter(n -> level == null || level.equals(n.logLevel()))
                .filter(n -> from == null || !n.dateCreated().isBefore(from))
                .filter(n -> to == null || n.dateCreated().isBefore(to))
                .skip(offset).limit(pageSize + 1L).toList();
        boolean more = slice.size() > pageSize;
        List<Map<String, Object>> out = slice.stream().limit(pageSize).map(json::alert).toList();
        String base = TwilioJson.MONITOR_HOST + "/v1/Alerts?" + filterQuery(req, "LogLevel", "StartDate", "EndDate");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("first_page_url", base + "PageSize=" + pageSize + "&Page=0");
        meta.put("key", "alerts");
        meta.put("next_page_url", more ? base + "PageSize=" + pageSize + "&Page=" + (page + 1)
                + "&PageToken=PA" + out.get(out.size() - 1).get("sid") : null);
        meta.put("page", page);
        meta.put("page_size", pageSize);
        meta.put("previous_page_url", page > 0 ? base + "PageSize=" + pageSize + "&Page=" + (page - 1) : null);
        meta.put("url", base + "PageSize=" + pageSize + "&Page=" + page);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("alerts", out);
        j.put("meta", meta);
        return ok(200, j);
    }

    private Map<String, Object> alertInstance(SimNotice n) {
        Map<String, Object> j = json.alert(n);
        j.put("request_headers", null);
        j.put("request_variables", null);
        j.put("response_body", null);
        j.put("response_headers", null);
        return j;
    }

    private Map<String, Object> notificationInstance(SimNotice n) {
        Map<String, Object> j = json.notification(n);
        j.put("request_variables", null);
        j.put("response_body", null);
        j.put("response_headers", null);
        return j;
    }

    private static String filterQuery(SandboxRequest req, String... names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            String v = req.param(n);
            if (v != null) {
                b.append(enc(n)).append('=').append(enc(v)).append('&');
            }
        }
        return b.toString();
    }

    private static int intParam(SandboxRequest req, String name, int dflt, int min, int max) {
        String v = req.param(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(v.trim())));
        } catch (NumberFormatException e) {
            throw new BadRequest(400, 20001, "Invalid " + name + ": " + v);
        }
    }

    /** The account whose SID and token the request's Basic auth gives, or null. */
    private SandboxAccount authorized(SandboxRequest req) {
        String h = req.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            SandboxAccount a = colon < 0 ? null : accounts.get(decoded.substring(0, colon));
            return a != null && decoded.substring(colon + 1).equals(a.token()) ? a : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- virtual phones and control

    private SandboxResponse phones(SandboxRequest req, List<String> seg) {
        if (seg.isEmpty()) {
            return notFound("/phones");
        }
        String number = seg.get(0).trim();
        if (!number.startsWith("+") && number.matches("\\d+")) {
            number = "+" + number; // a '+' decoded to a space and trimmed away
        }
        String m = req.method();
        if ((m.equals("PUT") || m.equals("POST")) && (req.body() == null || req.body().isBlank())
                && !req.form().isEmpty()) {
            // curl -d without a Content-Type sends the JSON as a form: its '+' would be read as spaces
            throw new BadRequest(400, 20001, "phone settings must be a JSON body with Content-Type: application/json");
        }
        if (seg.size() == 1) {
            if (m.equals("PUT") || m.equals("POST")) {
                JsonNode b = body(req);
                phones.put(number, new VirtualPhone(text(b, "answer"), text(b, "digits"), text(b, "sms"),
                        b.hasNonNull("duration") ? b.get("duration").asInt() : null, text(b, "speech")));
                return ok(200, phoneView(number));
            }
            if (m.equals("GET")) {
                return ok(200, phoneView(number));
            }
            if (m.equals("DELETE")) {
                phones.remove(number);
                return SandboxResponse.noContent();
            }
        } else if (seg.size() == 2 && m.equals("POST")) {
            JsonNode b = body(req);
            if (seg.get(1).equals("sms")) {
                return ok(200, player.inboundSms(number, Objects.requireNonNullElse(text(b, "body"), ""),
                        text(b, "to")));
            }
            if (seg.get(1).equals("call")) {
                String digits = b.hasNonNull("digits") ? b.get("digits").asText() : phone(number).digits();
                return ok(200, player.inboundCall(number, digits, text(b, "to")));
            }
        }
        return notFound("/phones/" + String.join("/", seg));
    }

    VirtualPhone phone(String number) {
        return phones.getOrDefault(number, VirtualPhone.DEFAULT);
    }

    private Map<String, Object> phoneView(String number) {
        List<Map<String, Object>> msgs = messages.oldestFirst().filter(x -> number.equals(x.to)).map(x -> {
            synchronized (x) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("sid", x.sid);
                j.put("from", x.from);
                j.put("to", x.to);
                j.put("body", x.body);
                j.put("status", x.status);
                return j;
            }
        }).toList();
        List<Map<String, Object>> cs = calls.oldestFirst()
                .filter(x -> number.equals(x.to) || number.equals(x.from)).map(this::callView).toList();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("messages", msgs);
        j.put("calls", cs);
        return j;
    }

    Map<String, Object> callView(SimCall c) {
        synchronized (c) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("sid", c.sid);
            j.put("status", c.status);
            j.put("duration", c.duration);
            j.put("transcript", List.copyOf(c.transcript));
            j.put("digits", c.digits.toString());
            return j;
        }
    }

    private SandboxResponse faults(SandboxRequest req) {
        if (req.method().equals("GET")) {
            return ok(200, Map.of("rate", faultRate, "status", faultStatus));
        }
        JsonNode b = body(req);
        double rate = b.path("rate").asDouble(0);
        int status = b.path("status").asInt(500);
        if (rate < 0 || rate > 1 || status < 400 || status > 599) {
            throw new BadRequest(400, 20001, "rate must be 0..1 and status 4xx or 5xx");
        }
        faultStatus = status;
        faultRate = rate;
        return ok(200, Map.of("rate", rate, "status", status));
    }

    private SandboxResponse requests(SandboxRequest req) {
        String since = req.param("since");
        long sinceMicros;
        try {
            sinceMicros = since == null ? Long.MIN_VALUE : Long.parseLong(since.trim()) * 1000;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, 20001, "since must be epoch milliseconds");
        }
        if (sinceMicros == Long.MIN_VALUE) {
            return ok(200, requestLog.stream().map(Logged::json).toList());
        }
        // from the newest back: a benchmark polls for the last seconds ten times a second, and scanning all of up
        // to 200,000 entries each time cost 1.4 % of Callout's CPU at 1,000 alarms/s. The log is in the order
        // requests finished and their times are when they arrived, so the walk goes on a minute past the first
        // older entry (no create request takes that long) before it stops.
        List<Map<String, Object>> hits = new ArrayList<>();
        long stopBelow = sinceMicros - LOG_ORDER_SLACK_MICROS;
        for (Iterator<Logged> it = requestLog.descendingIterator(); it.hasNext(); ) {
            Logged e = it.next();
            if (e.receivedAtMicros() >= sinceMicros) {
                hits.add(e.json());
            } else if (e.receivedAtMicros() < stopBelow) {
                break;
            }
        }
        Collections.reverse(hits);
        return ok(200, hits);
    }

    /** How far before {@code since} the log's arrival times can be, out of order (see {@link #requests}). */
    private static final long LOG_ORDER_SLACK_MICROS = 60_000_000L;

    /**
     * One create request of the log: a record, not a map (the log holds up to 200,000 and lives in the old
     * generation; as maps they were ~450 bytes each, a quarter of the heap a full benchmark left behind).
     */
    private record Logged(String sid, String kind, String to, long receivedAtMicros) {
        Map<String, Object> json() {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("sid", sid);
            e.put("kind", kind);
            e.put("to", to);
            e.put("receivedAtMicros", receivedAtMicros);
            return e;
        }
    }

    /**
     * Simulated work not done yet: status changes (and their callbacks) waiting for their time, and those running.
     * A benchmark waits for zero so that one phase's callbacks are not measured as part of the next.
     */
    private SandboxResponse pending() {
        return ok(200, Map.of("scheduled", scheduler.getQueue().size(), "running", scheduler.getActiveCount()));
    }

    private void logRequest(String sid, String kind, String to, Instant arrived) {
        requestLog.add(new Logged(sid, kind, to, ChronoUnit.MICROS.between(Instant.EPOCH, arrived)));
        if (requestLogSize.incrementAndGet() > MAX_REQUEST_LOG) {
            requestLog.poll(); // keep memory bounded on long benchmark runs
            requestLogSize.decrementAndGet();
        }
    }

    /** Records a webhook failure as a Notification and a Monitor Alert. */
    void notice(String callSid, String code, String level, String text, String url, String method) {
        notice(callSid, callSid, code, level, text, url, method);
    }

    void notice(String callSid, String resourceSid, String code, String level, String text, String url,
                String method) {
        SimNotice n = new SimNotice(Sids.next("NO"), seq.incrementAndGet(), callSid, resourceSid, code, level, text,
                url,
                method == null ? "POST" : method.toUpperCase(Locale.ROOT), Instant.now());
        notices.put(n.sid(), n.seq(), n);
    }

    long nextSeq() {
        return seq.incrementAndGet();
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode body(SandboxRequest req) {
        if (req.body() == null || req.body().isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(req.body());
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, 20001, "Invalid JSON body");
        }
    }

    private static String text(JsonNode b, String field) {
        return b.hasNonNull(field) ? b.get(field).asText() : null;
    }

    static List<String> segments(String path) {
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        List<String> out = new ArrayList<>();
        for (String s : p.split("/")) {
            if (!s.isEmpty()) {
                // a literal '+' in a path is a plus sign, not a space
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String stripExt(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String monitorPath(List<String> seg) {
        return "/" + String.join("/", seg);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static SandboxResponse ok(int status, Object body) {
        try {
            return SandboxResponse.json(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SandboxResponse error(int status, int code, String message) {
        return ok(status, TwilioJson.error(status, code, message));
    }

    private static SandboxResponse notFound(String path) {
        return error(404, 20404, "The requested resource " + path + " was not found");
    }

    /** A request Twilio would refuse, with its error code. */
    static final class BadRequest extends RuntimeException {
        final int status;
        final int code;

        BadRequest(int status, int code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    /**
     * Resources by SID, in creation order; the newest {@link #RETAINED} are kept, older ones are gone as if deleted
     * (404). A sandbox left running for days with heartbeat alarms, or a benchmark of 70,000 alarms, must not fill
     * the heap of the service it runs in: every message kept was old-generation garbage-to-be, and the full
     * collections it caused (100-300 ms) were the alarm latency p99.
     */
    static final class Table<T> {
        static final int RETAINED = 20_000;
        private final Map<String, T> bySid = new ConcurrentHashMap<>();
        private final ConcurrentSkipListMap<Long, T> bySeq = new ConcurrentSkipListMap<>();
        private final Map<String, Long> seqOf = new ConcurrentHashMap<>();
        private final ConcurrentSkipListMap<Long, String> sidOf = new ConcurrentSkipListMap<>();

        void put(String sid, long seq, T item) {
            bySid.put(sid, item);
            Long before = seqOf.put(sid, seq);
            if (before != null) {
                bySeq.remove(before);
                sidOf.remove(before);
            }
            bySeq.put(seq, item);
            sidOf.put(seq, sid);
            if (before == null && seqOf.size() > RETAINED) {
                Map.Entry<Long, String> oldest = sidOf.firstEntry();
                if (oldest != null) {
                    remove(oldest.getValue());
                }
            }
        }

        T get(String sid) {
            return bySid.get(sid);
        }

        java.util.Optional<T> find(String sid) {
            return java.util.Optional.ofNullable(bySid.get(sid));
        }

        void remove(String sid) {
            bySid.remove(sid);
            Long s = seqOf.remove(sid);
            if (s != null) {
                bySeq.remove(s);
                sidOf.remove(s);
            }
        }

        Stream<T> newestFirst() {
            return bySeq.descendingMap().values().stream();
        }

        Stream<T> oldestFirst() {
            return bySeq.values().stream();
        }

        void clear() {
            bySid.clear();
            bySeq.clear();
            seqOf.clear();
            sidOf.clear();
        }
    }
}
