package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls a sandbox's handle() the way an HTTP adapter would, with Twilio credentials. */
final class Api {

    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "sandbox-auth-token";
    static final String CALLOUT_NUMBER = "+15005550006";
    static final String ACCOUNT = "/twilio/2010-04-01/Accounts/" + SID;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TwilioSandbox sandbox;
    private final String authorization;

    Api(TwilioSandbox sandbox) {
        this(sandbox, SID + ":" + TOKEN);
    }

    Api(TwilioSandbox sandbox, String credentials) {
        this.sandbox = sandbox;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    static TwilioSandbox sandbox(String calloutBase) {
        return new TwilioSandbox(new SandboxConfig(SID, TOKEN, CALLOUT_NUMBER, () -> calloutBase));
    }

    SandboxResponse get(String path, String... query) {
        return sandbox.handle(new SandboxRequest("GET", path, pairs(query), Map.of(), headers(), null));
    }

    SandboxResponse post(String path, String... form) {
        return sandbox.handle(new SandboxRequest("POST", path, Map.of(), pairs(form), headers(), null));
    }

    SandboxResponse delete(String path) {
        return sandbox.handle(new SandboxRequest("DELETE", path, Map.of(), Map.of(), headers(), null));
    }

    SandboxResponse json(String method, String path, String body) {
        return sandbox.handle(new SandboxRequest(method, path, Map.of(), Map.of(),
                Map.of("Content-Type", "application/json"), body));
    }

    static JsonNode body(SandboxResponse r) {
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    JsonNode getJson(String path, String... query) {
        return body(get(path, query));
    }

    private Map<String, String> headers() {
        return Map.of("Authorization", authorization);
    }

    private static Map<String, List<String>> pairs(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }
}
