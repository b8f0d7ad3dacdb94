package twilio;

import org.apache.camel.Header;

/**
 * A {@link CallRequest}'s defaults from its Twilio profile (the body's {@code profile}, else {@code ?profile=}, else
 * the default): the profile's number and Callout's status callback.
 */
public record CallDefaults(TwilioProfiles profiles, String publicUrl) {

    public CallRequest apply(CallRequest request, @Header("profile") String queryProfile) {
        if (request == null) {
            throw web.ApiException.badRequest("to", "a JSON body with to and url or twiml is required");
        }
        String name = request.profile() != null && !request.profile().isBlank() ? request.profile() : queryProfile;
        TwilioProfile p = profiles.get("profile", name);
        CallRequest named = new CallRequest(request.from(), request.to(), request.url(), request.twiml(),
                request.sendDigits(), request.timeout(), request.record(), request.machineDetection(),
                request.statusCallback(), request.applicationSid(), request.callerId(), request.trim(),
                request.asyncAmd(), request.asyncAmdStatusCallback(), request.statusCallbackEvent(), request.byoc(),
                p.name().equals(TwilioProfiles.DEFAULT) ? null : p.name());
        return named.checked(p.fromNumber(), publicUrl);
    }
}
