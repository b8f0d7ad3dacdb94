package sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The sandbox's answer.
 *
 * @param status      HTTP status
 * @param contentType content type, or null when there is no body
 * @param body        body bytes (empty for 204)
 * @param headers     extra response headers
 */
public record SandboxResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public SandboxResponse {
        body = body == null ? new byte[0] : body;
        headers = headers == null ? Map.of() : headers;
    }

    static SandboxResponse json(int status, String json) {
        return new SandboxResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static SandboxResponse noContent() {
        return new SandboxResponse(204, null, new byte[0], Map.of());
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
