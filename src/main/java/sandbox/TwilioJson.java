package sandbox;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Renders the sandbox's resources with Twilio's field names and formats. */
final class TwilioJson {

    static final String API_VERSION = "2010-04-01";
    static final String API_HOST = "https://api.twilio.com";
    static final String MONITOR_HOST = "https://monitor.twilio.com";
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String accountSid;
    private final String accountUri;

    TwilioJson(String accountSid) {
        this.accountSid = accountSid;
        this.accountUri = "/" + API_VERSION + "/Accounts/" + accountSid;
    }

    String accountUri() {
        return accountUri;
    }

    static String rfc2822(Instant t) {
        return t == null ? null : RFC_2822.format(t);
    }

    static String iso(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String country(String number) {
        try {
            var parsed = PHONES.parse(number, null);
            String region = PHONES.getRegionCodeForNumber(parsed);
            if (region == null || "ZZ".equals(region)) {
                // unassigned numbers (the seed's +12223334444) still belong to their country code's main country
                region = PHONES.getRegionCodeForCountryCode(parsed.getCountryCode());
            }
            return "ZZ".equals(region) ? "" : region;
        } catch (NumberParseException e) {
            return "";
        }
    }

    static String formatted(String number) {
        try {
            var parsed = PHONES.parse(number, null);
            return "US".equals(PHONES.getRegionCodeForNumber(parsed))
                    ? PHONES.format(parsed, PhoneNumberUtil.PhoneNumberFormat.NATIONAL) : number;
        } catch (NumberParseException e) {
            return number;
        }
    }

    Map<String, Object> message(SimMessage m) {
        synchronized (m) {
            String uri = accountUri + "/Messages/" + m.sid;
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("account_sid", accountSid);
            j.put("api_version", API_VERSION);
            j.put("body", m.body);
            j.put("date_created", rfc2822(m.dateCreated));
            j.put("date_sent", rfc2822(m.dateSent));
            j.put("date_updated", rfc2822(m.dateUpdated));
            j.put("direction", m.direction);
            j.put("error_code", m.errorCode);
            j.put("error_message", m.errorMessage);
            j.put("from", m.from);
            j.put("messaging_service_sid", null);
            j.put("num_media", String.valueOf(m.media.size()));
            j.put("num_segments", String.valueOf(segments(m.body)));
            j.put("price", null);
            j.put("price_unit", "USD");
            j.put("sid", m.sid);
            j.put("status", m.status);
            j.put("subresource_uris", Map.of("media", uri + "/Media.json", "feedback", uri + "/Feedback.json"));
            j.put("to", m.to);
            j.put("uri", uri + ".json");
            return j;
        }
    }

    Map<String, Object> media(SimMessage m, SimMedia media) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("account_sid", accountSid);
        j.put("content_type", media.contentType());
        j.put("date_created", rfc2822(m.dateCreated));
        j.put("date_updated", rfc2822(m.dateCreated));
        j.put("parent_sid", m.sid);
        j.put("sid", media.sid());
        j.put("uri", accountUri() + "/Messages/" + m.sid + "/Media/" + media.sid() + ".json");
        return j;
    }

    static int segments(String body) {
        int len = body == null ? 0 : body.length();
        return len <= 160 ? 1 : (len + 152) / 153;
    }

    Map<String, Object> call(SimCall c) {
        synchronized (c) {
            String uri = accountUri + "/Calls/" + c.sid;
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("account_sid", accountSid);
            j.put("answered_by", c.machineDetection && c.startTime != null ? "human" : null);
            j.put("api_version", API_VERSION);
            j.put("caller_name", null);
            j.put("date_created", rfc2822(c.dateCreated));
            j.put("date_updated", rfc2822(c.dateUpdated));
            j.put("direction", c.direction);
            j.put("duration", c.duration == null ? null : String.valueOf(c.duration));
            j.put("end_time", rfc2822(c.endTime));
            j.put("forwarded_from", null);
            j.put("from", c.from);
            j.put("from_formatted", formatted(c.from));
            j.put("group_sid", null);
            j.put("parent_call_sid", c.parentCallSid);
            j.put("phone_number_sid", null);
            j.put("price", null);
            j.put("price_unit", "USD");
            j.put("sid", c.sid);
            j.put("start_time", rfc2822(c.startTime));
            j.put("status", c.status);
            Map<String, Object> sub = new LinkedHashMap<>();
            sub.put("notifications", uri + "/Notifications.json");
            sub.put("recordings", uri + "/Recordings.json");
            sub.put("events", uri + "/Events.json");
            j.put("subresource_uris", sub);
            j.put("to", c.to);
            j.put("to_formatted", formatted(c.to));
            j.put("trunk_sid", null);
            j.put("uri", uri + ".json");
            j.put("queue_time", "0");
            return j;
        }
    }

    Map<String, Object> recording(SimRecording r) {
        String uri = accountUri + "/Recordings/" + r.sid();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("account_sid", accountSid);
        j.put("api_version", API_VERSION);
        j.put("call_sid", r.callSid());
        j.put("conference_sid", r.conferenceSid());
        j.put("channels", 1);
        j.put("date_created", rfc2822(r.dateCreated()));
        j.put("date_updated", rfc2822(r.dateCreated()));
        j.put("start_time", rfc2822(r.dateCreated().minusSeconds(r.duration())));
        j.put("duration", String.valueOf(r.duration()));
        j.put("encryption_details", null);
        j.put("error_code", null);
        j.put("media_url", API_HOST + uri);
        j.put("price", null);
        j.put("price_unit", "USD");
        j.put("sid", r.sid());
        j.put("source", r.source());
        j.put("status", "completed");
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("add_on_results", uri + "/AddOnResults.json");
        sub.put("transcriptions", uri + "/Transcriptions.json");
        j.put("subresource_uris", sub);
        j.put("uri", uri + ".json");
        return j;
    }

    Map<String, Object> transcription(SimTranscription t) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("account_sid", accountSid);
        j.put("api_version", API_VERSION);
        j.put("date_created", rfc2822(t.dateCreated()));
        j.put("date_updated", rfc2822(t.dateCreated()));
        j.put("duration", String.valueOf(t.duration()));
        j.put("price", null);
        j.put("price_unit", "USD");
        j.put("recording_sid", t.recordingSid());
        j.put("sid", t.sid());
        j.put("status", "completed");
        j.put("transcription_text", t.text());
        j.put("type", "fast");
        j.put("uri", accountUri + "/Transcriptions/" + t.sid() + ".json");
        return j;
    }

    Map<String, Object> notification(SimNotice n) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("account_sid", accountSid);
        j.put("api_version", API_VERSION);
        j.put("call_sid", n.callSid());
        j.put("date_created", rfc2822(n.dateCreated()));
        j.put("date_updated", rfc2822(n.dateCreated()));
        j.put("error_code", n.errorCode());
        j.put("log", "error".equals(n.logLevel()) ? "0" : "1");
        j.put("message_date", rfc2822(n.dateCreated()));
        j.put("message_text", n.text());
        j.put("more_info", moreInfo(n.errorCode()));
        j.put("request_method", n.requestMethod());
        j.put("request_url", n.requestUrl());
        j.put("sid", n.sid());
        j.put("uri", accountUri + "/Notifications/" + n.sid() + ".json");
        return j;
    }

    Map<String, Object> alert(SimNotice n) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("account_sid", accountSid);
        j.put("alert_text", n.text());
        j.put("api_version", API_VERSION);
        j.put("date_created", iso(n.dateCreated()));
        j.put("date_generated", iso(n.dateCreated()));
        j.put("date_updated", iso(n.dateCreated()));
        j.put("error_code", n.errorCode());
        j.put("log_level", n.logLevel());
        j.put("more_info", moreInfo(n.errorCode()));
        j.put("request_method", n.requestMethod());
        j.put("request_url", n.requestUrl());
        j.put("resource_sid", n.resourceSid());
        j.put("service_sid", null);
        j.put("sid", n.sid());
        j.put("url", MONITOR_HOST + "/v1/Alerts/" + n.sid());
        return j;
    }

    static String moreInfo(Object code) {
        return "https://www.twilio.com/docs/errors/" + code;
    }

    static Map<String, Object> error(int status, int code, String message) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("code", code);
        j.put("message", message);
        j.put("more_info", moreInfo(code));
        j.put("status", status);
        return j;
    }
}
