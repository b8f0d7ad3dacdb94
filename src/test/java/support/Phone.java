package support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sandbox phone as a test sees it: {@code phone.expectSms("High Level").reply(code + " 4321")},
 * {@code phone.expectCall("Pump 1")}, {@code phone.expectNothing()}. Each expectation consumes what it matched, so
 * the next one waits for something new; a message or call nobody expected fails the next expectation.
 */
public final class Phone {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern CODE = Pattern.compile("Reply ([A-Z0-9]{4}) ");

    private final CalloutApp app;
    private final String number;
    private int messagesSeen;
    private int callsSeen;

    public Phone(CalloutApp app, String number) {
        this.app = app;
        this.number = number;
    }

    public String number() {
        return number;
    }

    /** An SMS the phone received; {@link #code()} is its ack code. */
    public record Sms(Phone phone, String body) {

        public String code() {
            Matcher m = CODE.matcher(body);
            assertThat(m.find()).as("ack code in '%s'", body).isTrue();
            return m.group(1);
        }

        /** The phone answers this SMS; returns Callout's reply text. */
        public String reply(String text) {
            return phone.reply(text);
        }
    }

    /** Waits for the next SMS; it must contain {@code text}. */
    public Sms expectSms(String text) {
        JsonNode messages = await().atMost(WAIT).until(() -> phone().get("messages"), m -> m.size() > messagesSeen);
        String body = messages.get(messagesSeen).get("body").asText();
        messagesSeen++;
        assertThat(body).as("SMS %d to %s", messagesSeen, number).contains(text);
        return new Sms(this, body);
    }

    /** Waits for the next call to end; what was said in it must contain {@code text}. Returns the transcript. */
    public String expectCall(String text) {
        JsonNode calls = await().atMost(WAIT).until(() -> phone().get("calls"), c -> c.size() > callsSeen
                && List.of("completed", "busy", "no-answer", "failed", "canceled")
                        .contains(c.get(callsSeen).get("status").asText()));
        List<String> said = new ArrayList<>();
        calls.get(callsSeen).get("transcript").forEach(t -> said.add(t.asText()));
        callsSeen++;
        String transcript = String.join(" ", said);
        assertThat(transcript).as("call %d to %s", callsSeen, number).contains(text);
        return transcript;
    }

    /** Nothing new arrives for a while (longer than Callout's poll periods in these tests). */
    public void expectNothing() {
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonNode p = phone();
            assertThat(p.get("messages").size()).as("SMS to %s: %s", number, p.get("messages")).isEqualTo(messagesSeen);
            assertThat(p.get("calls").size()).as("calls to %s: %s", number, p.get("calls")).isEqualTo(callsSeen);
        });
    }

    /** The phone texts Callout's number; returns Callout's reply. */
    public String reply(String text) {
        CalloutApp.Res r = app.send("POST", "/sandbox/phones/" + number.replace("+", "%2B") + "/sms",
                Map.of("body", text), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode replies = r.json().get("messages");
        int n = replies == null ? 0 : replies.size();
        // Callout's reply reaches the phone as a message too: seen here, not a surprise for the next expectation
        int expected = messagesSeen + n;
        await().atMost(WAIT).until(() -> phone().get("messages").size() >= expected);
        messagesSeen = expected;
        return n == 0 ? "" : replies.get(0).asText();
    }

    /** How the phone answers calls ({@code answer}, {@code digits}) and takes texts ({@code sms}). */
    public Phone set(Map<String, Object> settings) {
        assertThat(app.setPhone(number, settings).status()).isEqualTo(200);
        return this;
    }

    private JsonNode phone() {
        return app.phone(number);
    }
}
