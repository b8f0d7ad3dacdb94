package account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.twilio.http.TwilioRestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;

/**
 * Watchers against a Twilio that outlives Callout's restarts: a second app's sandbox plays Twilio, Callout points
 * its account at it with callout.twilio.api-url.
 */
class TwilioWatchTest {

    static CalloutApp twilio;
    static CalloutApp callout;
    static TwilioRestClient account;
    static final List<Map<String, Object>> seda = new CopyOnWriteArrayList<>();
    static final List<Map<String, Object>> hook = new CopyOnWriteArrayList<>();
    static final List<Map<String, Object>> others = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        twilio = CalloutApp.start(Map.of());
        account = Sandbox.client(twilio);
        callout = CalloutApp.start(Map.of(
                "callout.twilio.account-sid", Sandbox.SID,
                "callout.twilio.auth-token", Sandbox.TOKEN,
                "callout.twilio.from-number", Sandbox.FROM,
                "callout.twilio.api-url", twilio.url("/sandbox/twilio"),
                "callout.twilio.watch.enabled", "true",
                "callout.twilio.watch.delay", "PT0.3S"));
        listen();
    }

    @AfterAll
    static void stop() {
        callout.close();
        twilio.close();
    }

    /** User routes as a user would add them: one on the per-kind hook, one on the shared fan-out queue. */
    @SuppressWarnings("unchecked")
    static void listen() throws Exception {
        callout.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:twilio-message-hook").routeId("test-hook")
                        .process(e -> hook.add(e.getIn().getBody(Map.class)));
                from("seda:twilio-events?multipleConsumers=true").routeId("test-seda")
                        .choice()
                            .when(simple("${body[type]} == 'new_message'"))
                                .process(e -> seda.add(e.getIn().getBody(Map.class)))
                            .otherwise()
                                .process(e -> others.add(e.getIn().getBody(Map.class)));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static List<String> sids(List<Map<String, Object>> events) {
        return events.stream().map(e -> (String) ((Map<String, Object>) e.get("attrs")).get("sid")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_publish_each_new_message_once_even_across_a_restart() throws Exception {
        String a = Sandbox.sms(account, Sandbox.FROM, "+14155550501", "first");
        String b = Sandbox.sms(account, "+14155550502", Sandbox.FROM, "second");
        String c = Sandbox.sms(account, Sandbox.FROM, "+14155550503", "third");

        await().atMost(Duration.ofSeconds(15)).until(() -> seda.size() >= 3 && hook.size() >= 3);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> seda.size() == 3);
        // exactly these three, once each (messages created in the same second have equal dates: no order among them)
        assertThat(sids(seda)).containsExactlyInAnyOrder(a, b, c);
        assertThat(sids(hook)).containsExactlyInAnyOrder(a, b, c);
        Map<String, Object> second = seda.stream()
                .filter(e -> b.equals(((Map<String, Object>) e.get("attrs")).get("sid"))).findFirst().orElseThrow();
        assertThat(second.get("domain")).isEqualTo("twilio");
        assertThat(second.get("type")).isEqualTo("new_message");
        Map<String, Object> attrs = (Map<String, Object>) second.get("attrs");
        assertThat(attrs.get("from")).isEqualTo("+14155550502");
        assertThat(attrs.get("to")).isEqualTo(Sandbox.FROM);
        assertThat(attrs.get("body")).isEqualTo("second");
        assertThat(attrs.get("status")).isIn("queued", "sent", "delivered");
        assertThat(attrs.get("account_sid")).isEqualTo(Sandbox.SID);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> callout.send("GET", "/observe/health", null, Map.of()).status() == 200);

        callout.restart();
        seda.clear();
        hook.clear();
        listen();
        String d = Sandbox.sms(account, Sandbox.FROM, "+14155550504", "after restart");
        await().atMost(Duration.ofSeconds(15)).until(() -> seda.size() >= 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> seda.size() == 1);
        assertThat(sids(seda)).containsExactly(d);
        assertThat(sids(hook)).containsExactly(d);
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_publish_new_calls_and_the_alert_of_a_failed_webhook() {
        String unreachable = callout.url("/no/such/twiml");
        var r = callout.api("POST", "/api/twilio/calls", Map.of("to", "+14155550511", "url", unreachable));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String callSid = r.json().get("sid").asText();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(others.stream().anyMatch(e -> e
                .get("type").equals("new_alert") && callSid.equals(((Map<String, Object>) e.get("attrs"))
                .get("resource_sid")))).as("%s %s", callSid, others).isTrue());
        Map<String, Object> alert = others.stream().filter(e -> e.get("type").equals("new_alert")
                && callSid.equals(((Map<String, Object>) e.get("attrs")).get("resource_sid"))).findFirst().orElseThrow();
        Map<String, Object> attrs = (Map<String, Object>) alert.get("attrs");
        assertThat(alert.get("domain")).isEqualTo("twilio");
        assertThat(attrs.get("error_code")).isEqualTo("11200");
        assertThat(attrs.get("log_level")).isEqualTo("error");
        assertThat(attrs.get("request_url")).isEqualTo(unreachable);
        await().atMost(Duration.ofSeconds(15)).until(() -> others.stream().anyMatch(e -> e.get("type")
                .equals("new_call") && callSid.equals(((Map<String, Object>) e.get("attrs")).get("sid"))));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> others.stream()
                .filter(e -> callSid.equals(((Map<String, Object>) e.get("attrs")).get("sid"))).count() == 1);
    }
}
