package twilio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * POST /api/twilio/request: {@code {"method","path","query","headers","body","domain"}}. {@code path} is a Twilio
 * API path such as {@code /2010-04-01/Accounts/AC…/Messages.json}; {@code domain} picks the Twilio host
 * ({@code api} by default, {@code monitor} for {@code /v1/Alerts}…); {@code query} values may be strings or lists;
 * {@code body} is a JSON object (sent form-encoded, as Twilio's API expects) or a string sent as is. The path may
 * leave out the leading slash and name the account as {@code {AccountSid}} or {@code {{accountSid}}} (the connector
 * seed's example {@code 2010-04-01/Accounts/{{accountSid}}/Messages.json}); {@code profile} picks the Twilio profile
 * whose account and credentials are used.
 */
public record RawRequest(String method, String path, Map<String, JsonNode> query, Map<String, String> headers,
                         JsonNode body, String domain, String profile) {

    public RawRequest(String method, String path, Map<String, JsonNode> query, Map<String, String> headers,
                      JsonNode body, String domain) {
        this(method, path, query, headers, body, domain, null);
    }
}
