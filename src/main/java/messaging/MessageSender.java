package messaging;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Message;
import java.util.LinkedHashMap;
import java.util.Map;
import roster.PhoneNumbers;
import twilio.OutboundSms;
import web.Reply;

/** The seed's system.twilio.sendMessage(number, message) behind POST /api/messages. */
public final class MessageSender {

    /**
     * What a client sends; {@code from} (the seed's {@code send_sms(to, from, message)}) defaults to the profile's
     * number, {@code profile} to the default profile.
     */
    public record SendRequest(String to, String body, String from, String profile) {
    }

    private final twilio.TwilioProfiles profiles;
    private final String statusCallback;

    public MessageSender(twilio.TwilioProfiles profiles, String publicUrl) {
        this.profiles = profiles;
        this.statusCallback = publicUrl + "/twilio/status/message/0";
    }

    public OutboundSms prepare(SendRequest req) {
        if (req == null || req.to() == null || req.to().isBlank()) {
            throw web.ApiException.badRequest("to", "to is required");
        }
        if (req.body() == null || req.body().isBlank()) {
            throw web.ApiException.badRequest("body", "body is required");
        }
        if (req.body().length() > 1600) {
            throw web.ApiException.badRequest("body", "body is longer than 1600 characters");
        }
        String to = PhoneNumbers.check("to", req.to()).e164();
        twilio.TwilioProfile profile = profiles.get("profile", req.profile());
        String from = req.from() == null || req.from().isBlank() ? profile.fromNumber()
                : PhoneNumbers.check("from", req.from()).e164();
        return new OutboundSms(to, from, req.body(), statusCallback, profile.accountSid());
    }

    public Map<String, Object> sent(Message message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sent", true);
        out.put("sid", message.getSid());
        out.put("status", message.getStatus() == null ? null : message.getStatus().toString());
        return out;
    }

    /** {"sent": false, "error"} with 400 for bad input (ours or Twilio's 4xx), 502 when Twilio fails. */
    public Reply failed(Throwable error) {
        Throwable e = twilio.TwilioErrors.root(error);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sent", false);
        int status;
        web.ApiError bad = clientError(error);
        if (bad != null) {
            status = bad.status();
            out.put("error", bad.message());
            out.put("field", bad.field());
        } else if (e instanceof ApiException twilio && twilio.getStatusCode() != null
                && twilio.getStatusCode() >= 400 && twilio.getStatusCode() < 500 && twilio.getStatusCode() != 429) {
            status = 400;
            out.put("error", "Twilio refused the message: " + twilio.getMessage());
            out.put("code", twilio.getCode());
        } else {
            status = 502;
            out.put("error", "Twilio is unreachable or failing: " + twilio.TwilioErrors.describe(e));
        }
        return new Reply(status, out);
    }

    /** Bad input (ours, or Jackson's: the outermost one, which knows the field), else null. */
    private static web.ApiError clientError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof web.ApiException || t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                return web.ApiError.of(t);
            }
        }
        return null;
    }
}
