package api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.LogCapture;
import web.ErrorReply;

/** The API token counts only in the Authorization header, and never reaches a log line. */
class ApiTokenTest {

    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.twilio.retries", "0"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** Every /api route: method and path with each {param} filled in. */
    static List<String[]> apiRoutes() {
        List<String[]> routes = new ArrayList<>();
        for (Route route : app.context().getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint http && http.getPath().startsWith("/api/")) {
                String method = http.getHttpMethodRestrict() == null ? "GET" : http.getHttpMethodRestrict();
                routes.add(new String[] {method, http.getPath().replaceAll("\\{[^}]+}", "1")});
            }
        }
        return routes;
    }

    @Test
    void should_refuse_the_token_in_the_query_string_on_every_api_route() {
        List<String[]> routes = apiRoutes();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(34);
        List<String> accepted = new ArrayList<>();
        for (String[] r : routes) {
            String body = r[0].equals("POST") || r[0].equals("PUT") ? "{}" : null;
            CalloutApp.Res res = app.send(r[0], r[1] + "?Authorization=Bearer%20" + CalloutApp.TOKEN, body, Map.of());
            if (res.status() != 401) {
                accepted.add(r[0] + " " + r[1] + " -> " + res.status());
            }
        }
        assertThat(accepted).as("routes that took the token from the query").isEmpty();
    }

    @Test
    void should_still_accept_the_token_in_the_authorization_header() {
        assertThat(app.api("GET", "/api/users", null).status()).isEqualTo(200);
    }

    @Test
    void should_not_log_the_query_of_a_failed_twilio_request() {
        app.send("PUT", "/sandbox/faults", Map.of("rate", 1.0, "status", 500), Map.of());
        try (LogCapture log = new LogCapture()) {
            CalloutApp.Res res = app.api("GET", "/api/twilio/messages?limit=1&password=hunter2-secret", null);
            assertThat(res.status()).as(res.body()).isEqualTo(502);
            assertThat(log.text()).contains("Twilio request for /api/twilio/messages?… failed")
                    .doesNotContain("hunter2-secret");
        } finally {
            app.send("PUT", "/sandbox/faults", Map.of("rate", 0.0, "status", 500), Map.of());
        }
    }

    @Test
    void should_not_log_the_query_of_an_api_request_that_failed_inside() throws Exception {
        Exchange exchange = new DefaultExchange(app.context());
        exchange.getIn().setHeader(Exchange.HTTP_URI, "/api/alarms?Authorization=Bearer%20hunter2-secret");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("boom"));
        try (LogCapture log = new LogCapture()) {
            new ErrorReply().process(exchange);
            assertThat(log.text()).contains("Unhandled error on /api/alarms?…").doesNotContain("hunter2-secret");
        }
        assertThat(exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
    }
}
