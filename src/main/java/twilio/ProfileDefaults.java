package twilio;

import org.apache.camel.Header;

/**
 * Fills in an API request's defaults from its Twilio profile: the {@code profile} field of the body, else the
 * {@code ?profile=} query, else the default profile.
 */
public final class ProfileDefaults {

    private final TwilioProfiles profiles;
    private final String publicUrl;

    public ProfileDefaults(TwilioProfiles profiles, String publicUrl) {
        this.profiles = profiles;
        this.publicUrl = publicUrl;
    }

    public MessageRequest message(MessageRequest request, @Header("profile") String queryProfile) {
        if (request == null) {
            throw web.ApiException.badRequest("to", "a JSON body with to and body is required");
        }
        return request.checked(profile(request.profile(), queryProfile), publicUrl);
    }

    private TwilioProfile profile(String bodyProfile, String queryProfile) {
        return bodyProfile != null && !bodyProfile.isBlank() ? profiles.get("profile", bodyProfile)
                : profiles.get("profile", queryProfile);
    }
}
