package sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A phone number of an account (Twilio's IncomingPhoneNumber): where texts and calls to it go. The from-number of
 * each account is pre-provisioned pointing at Callout ({@link #preset}); others are bought with a POST and point
 * nowhere until updated.
 */
final class SimNumber {

    final String sid;
    final long seq;
    final String account;
    final String phoneNumber;
    final boolean preset;
    final Instant dateCreated;
    String friendlyName;
    String smsUrl;
    String smsMethod = "POST";
    String voiceUrl;
    String voiceMethod = "POST";
    String statusCallback;
    String statusCallbackMethod = "POST";
    Instant dateUpdated;

    private SimNumber(String account, String phoneNumber, boolean preset, long seq) {
        this.sid = Sids.next("PN");
        this.seq = seq;
        this.account = account;
        this.phoneNumber = phoneNumber;
        this.preset = preset;
        this.dateCreated = Instant.now();
        this.dateUpdated = dateCreated;
        this.friendlyName = TwilioJson.formatted(phoneNumber);
    }

    /** An account's from-number: texts and calls go to Callout's own webhooks until its URLs are changed. */
    static SimNumber calloutsOwn(String account, String number, long seq) {
        return new SimNumber(account, number, true, seq);
    }

    /** Back to Callout's own webhooks (a sandbox reset). */
    synchronized void resetToCallout() {
        smsUrl = null;
        voiceUrl = null;
        statusCallback = null;
    }

    /** Where texts to this number are POSTed: its SmsUrl, Callout's /twilio/sms for a preset one, else nowhere. */
    synchronized String smsTarget(String calloutBase) {
        return smsUrl != null ? smsUrl : preset ? calloutBase + "/twilio/sms" : null;
    }

    /** Where calls to this number fetch their TwiML. */
    synchronized String voiceTarget(String calloutBase) {
        return voiceUrl != null ? voiceUrl : preset ? calloutBase + "/twilio/voice/inbound/0" : null;
    }

    /** Status callback of calls to this number. */
    synchronized String statusTarget(String calloutBase) {
        return statusCallback != null ? statusCallback : preset ? calloutBase + "/twilio/status/call/0" : null;
    }

    /** IncomingPhoneNumbers.json (GET list, POST buy) and IncomingPhoneNumbers/{Sid}.json (GET, POST, DELETE). */
    static SandboxResponse handle(TwilioSandbox sb, SandboxAccount account, SandboxRequest req, List<String> r,
                                  String fullPath) {
        String m = req.method();
        TwilioJson json = sb.jsonFor(account.sid());
        String base = sb.config.calloutBaseUrl().get();
        if (r.size() == 1 && r.get(0).equals("IncomingPhoneNumbers.json")) {
            if (m.equals("GET")) {
                String number = req.param("PhoneNumber");
                String name = req.param("FriendlyName");
                return sb.list(json, req, "incoming_phone_numbers", "/IncomingPhoneNumbers.json",
                        sb.numbers.values().stream().filter(n -> n.account.equals(account.sid()))
                                .filter(n -> number == null || n.phoneNumber.contains(number.trim()))
                                .filter(n -> name == null || name.equals(n.friendlyName))
                                .sorted((a, b) -> Long.compare(a.seq, b.seq)),
                        n -> n.json(json, base), "PhoneNumber", "FriendlyName");
            }
            if (m.equals("POST")) {
                String number = req.param("PhoneNumber");
                if (number == null || !TwilioSandbox.E164.matcher(number).matches()) {
                    throw new TwilioSandbox.BadRequest(400, 21421, "PhoneNumber is invalid.");
                }
                if (sb.numbers.containsKey(number)) {
                    throw new TwilioSandbox.BadRequest(400, 21422, "PhoneNumber is not available.");
                }
                SimNumber n = new SimNumber(account.sid(), number, false, sb.nextSeq());
                n.update(req);
                sb.numbers.put(number, n);
                return TwilioSandbox.ok(201, n.json(json, base));
            }
        } else if (r.size() == 2) {
            String sid = r.get(1).endsWith(".json") ? r.get(1).substring(0, r.get(1).length() - 5) : r.get(1);
            SimNumber n = sb.numbers.values().stream().filter(x -> x.sid.equals(sid) && x.account.equals(account.sid()))
                    .findFirst().orElse(null);
            if (n == null) {
                return TwilioSandbox.ok(404, TwilioJson.error(404, 20404, "The requested resource " + fullPath
                        + " was not found"));
            }
            switch (m) {
                case "GET":
                    return TwilioSandbox.ok(200, n.json(json, base));
                case "POST":
                    n.update(req);
                    return TwilioSandbox.ok(200, n.json(json, base));
                case "DELETE":
                    sb.numbers.remove(n.phoneNumber);
                    return SandboxResponse.noContent();
                default:
                    break;
            }
        }
        return TwilioSandbox.ok(404, TwilioJson.error(404, 20404, "The requested resource " + fullPath
                + " was not found"));
    }

    private synchronized void update(SandboxRequest req) {
        smsUrl = url(req, "SmsUrl", smsUrl);
        voiceUrl = url(req, "VoiceUrl", voiceUrl);
        statusCallback = url(req, "StatusCallback", statusCallback);
        smsMethod = method(req, "SmsMethod", smsMethod);
        voiceMethod = method(req, "VoiceMethod", voiceMethod);
        statusCallbackMethod = method(req, "StatusCallbackMethod", statusCallbackMethod);
        friendlyName = Objects.requireNonNullElse(req.param("FriendlyName"), friendlyName);
        dateUpdated = Instant.now();
    }

    private static String url(SandboxRequest req, String name, String current) {
        String v = req.param(name);
        if (v == null) {
            return current;
        }
        if (!v.isEmpty() && !v.matches("https?://[^\\s]+")) {
            throw new TwilioSandbox.BadRequest(400, 21502, name + " is not valid.");
        }
        return v.isEmpty() ? null : v;
    }

    private static String method(SandboxRequest req, String name, String current) {
        String v = req.param(name);
        if (v == null) {
            return current;
        }
        if (!v.equals("GET") && !v.equals("POST")) {
            throw new TwilioSandbox.BadRequest(400, 21503, name + " must be GET or POST.");
        }
        return v;
    }

    synchronized Map<String, Object> json(TwilioJson json, String calloutBase) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("account_sid", account);
        j.put("address_sid", null);
        j.put("address_requirements", "none");
        j.put("api_version", TwilioJson.API_VERSION);
        j.put("beta", false);
        j.put("capabilities", Map.of("mms", true, "sms", true, "voice", true, "fax", false));
        j.put("date_created", TwilioJson.rfc2822(dateCreated));
        j.put("date_updated", TwilioJson.rfc2822(dateUpdated));
        j.put("friendly_name", friendlyName);
        j.put("identity_sid", null);
        j.put("phone_number", phoneNumber);
        j.put("origin", "twilio");
        j.put("sid", sid);
        j.put("sms_application_sid", null);
        j.put("sms_fallback_method", "POST");
        j.put("sms_fallback_url", null);
        j.put("sms_method", smsMethod);
        j.put("sms_url", smsTarget(calloutBase));
        j.put("status_callback", statusTarget(calloutBase));
        j.put("status_callback_method", statusCallbackMethod);
        j.put("trunk_sid", null);
        j.put("uri", json.accountUri() + "/IncomingPhoneNumbers/" + sid + ".json");
        j.put("voice_receive_mode", "voice");
        j.put("voice_application_sid", null);
        j.put("voice_caller_id_lookup", false);
        j.put("voice_fallback_method", "POST");
        j.put("voice_fallback_url", null);
        j.put("voice_method", voiceMethod);
        j.put("voice_url", voiceTarget(calloutBase));
        j.put("emergency_status", "Inactive");
        j.put("emergency_address_sid", null);
        j.put("emergency_address_status", "unregistered");
        j.put("bundle_sid", null);
        j.put("status", "in-use");
        j.put("type", "local");
        return j;
    }
}
