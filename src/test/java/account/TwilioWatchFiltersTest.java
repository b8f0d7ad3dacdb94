package account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sandbox.TwilioSandbox;
import support.CalloutApp;
import support.TwilioOpenApi;

/** Watchers with the seed's per-watcher filters and limits (callout.twilio.watch.<kinds>.*). */
class TwilioWatchFiltersTest {

    static final String WATCHED = "+14155550801";
    static final String RECORDED_CALL = "CA0123456789abcdef0123456789abcdef";
    static CalloutApp app;
    static final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("callout.twilio.watch.enabled", "true");
        p.put("callout.twilio.watch.delay", "PT0.3S");
        p.put("callout.twilio.watch.messages.to", WATCHED);
        p.put("callout.twilio.watch.messages.from", Sandbox.FROM);
        p.put("callout.twilio.watch.messages.limit", "5");
        p.put("callout.twilio.watch.calls.status", "completed");
        p.put("callout.twilio.watch.calls.to", WATCHED);
        p.put("callout.twilio.watch.recordings.call-sid", RECORDED_CALL);
        app = CalloutApp.start(p);
        app.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:twilio-events?multipleConsumers=true").routeId("test-watch-filters")
                        .process(e -> events.add(e.getIn().getBody(Map.class)));
            }
        });
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @SuppressWarnings("unchecked")
    private static List<String> tos(String type) {
        return events.stream().filter(e -> type.equals(e.get("type")))
                .map(e -> (String) ((Map<String, Object>) e.get("attrs")).get("to")).toList();
    }

    private static Map<String, List<String>> lastQuery(String pathEnd) {
        List<TwilioSandbox.Received> r = TwilioOpenApi.sandbox(app).received().stream()
                .filter(x -> x.method().equals("GET") && x.path().endsWith(pathEnd)).toList();
        assertThat(r).as("polls of " + pathEnd).isNotEmpty();
        return r.get(r.size() - 1).query();
    }

    @Test
    void should_publish_only_the_messages_and_calls_the_filters_let_through() {
        app.api("POST", "/api/twilio/messages", Map.of("to", WATCHED, "body", "watched"));
        app.api("POST", "/api/twilio/messages", Map.of("to", "+14155550802", "body", "not watched"));
        app.setPhone(WATCHED, Map.of("answer", "answer"));
        app.api("POST", "/api/twilio/calls", Map.of("to", WATCHED, "twiml", "<Response><Say>Hi</Say></Response>"));

        await().atMost(Duration.ofSeconds(15)).until(() -> tos("new_message").size() == 1
                && tos("new_call").size() == 1);
        assertThat(tos("new_message")).containsExactly(WATCHED);
        assertThat(tos("new_call")).containsExactly(WATCHED);
    }

    @Test
    void should_ask_twilio_with_each_watchers_filters_and_limit() {
        await().atMost(Duration.ofSeconds(10)).until(() -> List.of("/Messages.json", "/Calls.json",
                "/Recordings.json").stream().allMatch(end -> TwilioOpenApi.sandbox(app).received().stream()
                .anyMatch(x -> x.method().equals("GET") && x.path().endsWith(end))));

        Map<String, List<String>> messages = lastQuery("/Messages.json");
        assertThat(messages.get("To")).containsExactly(WATCHED);
        assertThat(messages.get("From")).containsExactly(Sandbox.FROM);
        assertThat(messages.get("PageSize")).containsExactly("5");
        Map<String, List<String>> calls = lastQuery("/Calls.json");
        assertThat(calls.get("Status")).containsExactly("completed");
        assertThat(calls.get("To")).containsExactly(WATCHED);
        assertThat(lastQuery("/Recordings.json").get("CallSid")).containsExactly(RECORDED_CALL);
        TwilioOpenApi.assertValid(TwilioOpenApi.sandbox(app), "GET", "/Calls.json");
        TwilioOpenApi.assertValid(TwilioOpenApi.sandbox(app), "GET", "/Recordings.json");
    }
}
