package support;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import sandbox.TwilioSandbox;

/** Checks the REST requests Callout sent to the sandbox against Twilio's OpenAPI description of API v2010. */
public final class TwilioOpenApi {

    private static OpenApiInteractionValidator api2010;
    private static final java.util.regex.Pattern GUESSED_TYPE = java.util.regex.Pattern.compile(
            "Instance type \\((integer|number|boolean)\\) does not match any allowed primitive type \\(allowed: \\[\"string\"]\\)"
                    + "|Instance type \\((string|integer|number|boolean)\\) does not match any allowed primitive type "
                    + "\\(allowed: \\[\"array\"]\\)");

    private TwilioOpenApi() {
    }

    private static synchronized OpenApiInteractionValidator api2010() {
        if (api2010 == null) {
            Path dir = Path.of(System.getProperty("callout.oai.dir", "src/test/resources/twilio-oai"));
            api2010 = OpenApiInteractionValidator
                    .createForSpecificationUrl(dir.resolve("twilio_api_v2010.json").toUri().toString()).build();
        }
        return api2010;
    }

    /** The validator's findings for one received request (empty: valid). */
    public static List<String> problems(TwilioSandbox.Received r) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(Request.Method.valueOf(r.method()), r.path());
        r.query().forEach((k, v) -> b.withQueryParam(k, v));
        // the sandbox accepted the request's Basic auth (it answers 401 otherwise): only its presence is checked here
        b.withAuthorization("Basic " + java.util.Base64.getEncoder().encodeToString(
                (r.account() + ":checked-by-the-sandbox").getBytes(StandardCharsets.UTF_8)));
        if (!r.form().isEmpty()) {
            b.withContentType("application/x-www-form-urlencoded").withBody(form(r.form()));
        }
        ValidationReport report = api2010().validateRequest(b.build());
        // the validator guesses form values' JSON types: +14155550100 or AsyncAmd=true arrive as a number or a
        // boolean where Twilio declares a string, and a list parameter given once (one MediaUrl) as a single value;
        // those findings are the validator's, not the request's
        return report.getMessages().stream().map(m -> m.getKey() + ": " + m.getMessage())
                .filter(m -> !GUESSED_TYPE.matcher(m).find()).toList();
    }

    /** Every request the sandbox received so far that matches {@code pathEnd} is valid; returns how many. */
    public static int assertValid(TwilioSandbox sandbox, String method, String pathEnd) {
        List<TwilioSandbox.Received> hits = sandbox.received().stream()
                .filter(r -> r.method().equals(method) && r.path().endsWith(pathEnd)).toList();
        assertThat(hits).as("requests " + method + " *" + pathEnd).isNotEmpty();
        for (TwilioSandbox.Received r : hits) {
            assertThat(problems(r)).as(r.method() + " " + r.path() + " " + r.form()).isEmpty();
        }
        return hits.size();
    }

    public static TwilioSandbox sandbox(CalloutApp app) {
        return app.context().getRegistry().lookupByNameAndType("twilioSandbox", TwilioSandbox.class);
    }

    private static String form(Map<String, List<String>> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, vs) -> vs.forEach(v -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return j.toString();
    }
}
