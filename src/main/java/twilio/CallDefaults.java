package twilio;

/** Callout's number and public URL, the defaults of a {@link CallRequest}. */
public record CallDefaults(String fromNumber, String publicUrl) {

    public CallRequest apply(CallRequest request) {
        return request.checked(fromNumber, publicUrl);
    }
}
