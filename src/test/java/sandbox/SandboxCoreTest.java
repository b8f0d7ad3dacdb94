package sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxCoreTest {

    private final TwilioSandbox sandbox = Api.sandbox("http://127.0.0.1:9");
    private final Api api = new Api(sandbox);

    @AfterEach
    void close() {
        sandbox.close();
    }

    private JsonNode sendSms(String to, String body) {
        SandboxResponse r = api.post(Api.ACCOUNT + "/Messages.json", "To", to, "From", Api.CALLOUT_NUMBER, "Body", body);
        assertThat(r.status()).isEqualTo(201);
        return Api.body(r);
    }

    @Test
    void should_refuse_wrong_credentials_with_twilio_error_20003() {
        SandboxResponse r = new Api(sandbox, Api.SID + ":wrong").get(Api.ACCOUNT + "/Messages.json");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.bodyText()).isEqualTo("{\"code\":20003,\"message\":\"Authenticate\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}");
    }

    @Test
    void should_create_queued_message_then_deliver_it() {
        JsonNode created = sendSms("+12223334444", "Tank 1 high");

        assertThat(created.get("status").asText()).isEqualTo("queued");
        assertThat(created.get("sid").asText()).matches("SM[0-9a-f]{32}");
        assertThat(created.get("direction").asText()).isEqualTo("outbound-api");
        assertThat(created.get("uri").asText())
                .isEqualTo("/2010-04-01/Accounts/" + Api.SID + "/Messages/" + created.get("sid").asText() + ".json");
        assertThat(created.get("date_created").asText()).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
        String path = Api.ACCOUNT + "/Messages/" + created.get("sid").asText() + ".json";
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.getJson(path).get("status").asText().equals("delivered"));
        assertThat(api.getJson(path).get("error_code").isNull()).isTrue();
    }

    @Test
    void should_mark_message_undelivered_when_phone_says_so() {
        api.json("PUT", "/phones/%2B12223334444", "{\"sms\":\"undelivered\"}");

        String sid = sendSms("+12223334444", "x").get("sid").asText();

        String path = Api.ACCOUNT + "/Messages/" + sid + ".json";
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.getJson(path).get("status").asText().equals("undelivered"));
        assertThat(api.getJson(path).get("error_code").asInt()).isEqualTo(30003);
    }

    @Test
    void should_reject_invalid_to_with_21211() {
        SandboxResponse r = api.post(Api.ACCOUNT + "/Messages.json", "To", "12345", "From", Api.CALLOUT_NUMBER, "Body", "x");

        assertThat(r.status()).isEqualTo(400);
        assertThat(Api.body(r).get("code").asInt()).isEqualTo(21211);
        assertThat(Api.body(r).get("message").asText()).isEqualTo("The 'To' number 12345 is not a valid phone number.");
    }

    @Test
    void should_require_body_21602_and_call_url_21205() {
        SandboxResponse noBody = api.post(Api.ACCOUNT + "/Messages.json", "To", "+12223334444", "From", Api.CALLOUT_NUMBER);
        SandboxResponse noUrl = api.post(Api.ACCOUNT + "/Calls.json", "To", "+12223334444", "From", Api.CALLOUT_NUMBER);

        assertThat(Api.body(noBody).get("code").asInt()).isEqualTo(21602);
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(Api.body(noUrl).get("code").asInt()).isEqualTo(21205);
    }

    @Test
    void should_delete_message_then_answer_404() {
        String sid = sendSms("+12223334444", "x").get("sid").asText();
        String path = Api.ACCOUNT + "/Messages/" + sid + ".json";

        assertThat(api.delete(path).status()).isEqualTo(204);
        SandboxResponse gone = api.get(path);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(Api.body(gone).get("code").asInt()).isEqualTo(20404);
    }

    @Test
    void should_page_messages_newest_first_keeping_filters() {
        for (int i = 0; i < 5; i++) {
            sendSms("+12223334444", "m" + i);
        }
        sendSms("+13334445555", "other");

        JsonNode page0 = api.getJson(Api.ACCOUNT + "/Messages.json", "To", "+12223334444", "PageSize", "2");
        JsonNode page2 = api.getJson(Api.ACCOUNT + "/Messages.json", "To", "+12223334444", "PageSize", "2", "Page", "2");

        assertThat(page0.get("messages")).extracting(m -> m.get("body").asText()).containsExactly("m4", "m3");
        assertThat(page0.get("next_page_uri").asText()).startsWith(
                "/2010-04-01/Accounts/" + Api.SID + "/Messages.json?To=%2B12223334444&PageSize=2&Page=1&PageToken=PASM");
        assertThat(page0.get("previous_page_uri").isNull()).isTrue();
        assertThat(page0.get("start").asInt()).isZero();
        assertThat(page0.get("end").asInt()).isEqualTo(1);
        assertThat(page2.get("messages")).extracting(m -> m.get("body").asText()).containsExactly("m0");
        assertThat(page2.get("next_page_uri").isNull()).isTrue();
    }

    @Test
    void should_filter_messages_by_date_sent() {
        sendSms("+12223334444", "today");

        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(api.getJson(Api.ACCOUNT + "/Messages.json", "DateSent>", today).get("messages")).hasSize(1);
        assertThat(api.getJson(Api.ACCOUNT + "/Messages.json", "DateSent<", "2020-01-01").get("messages")).isEmpty();
    }

    @Test
    void should_take_a_busy_phone_to_busy_with_zero_duration() {
        api.json("PUT", "/phones/+12223334444", "{\"answer\":\"busy\"}");

        SandboxResponse r = api.post(Api.ACCOUNT + "/Calls.json", "To", "+12223334444", "From", Api.CALLOUT_NUMBER,
                "Twiml", "<Response><Say>Hi</Say></Response>");

        assertThat(r.status()).isEqualTo(201);
        assertThat(Api.body(r).get("status").asText()).isEqualTo("queued");
        String path = Api.ACCOUNT + "/Calls/" + Api.body(r).get("sid").asText() + ".json";
        await().atMost(Duration.ofSeconds(5)).until(() -> api.getJson(path).get("status").asText().equals("busy"));
        assertThat(api.getJson(path).get("duration").asText()).isEqualTo("0");
    }

    @Test
    void should_play_inline_twiml_into_the_phone_transcript() {
        api.json("PUT", "/phones/+12223334444", "{\"duration\":61}");

        String sid = Api.body(api.post(Api.ACCOUNT + "/Calls.json", "To", "+12223334444", "From", Api.CALLOUT_NUMBER,
                "Twiml", "<Response><Say>Tank one high</Say><Pause length=\"2\"/><Play>https://x/a.mp3</Play>"
                        + "<Hangup/><Say>never</Say></Response>")).get("sid").asText();

        await().atMost(Duration.ofSeconds(5)).until(() ->
                api.getJson(Api.ACCOUNT + "/Calls/" + sid + ".json").get("status").asText().equals("completed"));
        JsonNode call = api.getJson("/phones/%2B12223334444").get("calls").get(0);
        assertThat(call.get("sid").asText()).isEqualTo(sid);
        assertThat(call.get("duration").asInt()).isEqualTo(61);
        assertThat(call.get("transcript")).extracting(JsonNode::asText)
                .containsExactly("Tank one high", "[pause 2]", "[play https://x/a.mp3]");
    }

    @Test
    void should_simulate_duration_from_words_and_pauses() {
        assertThat(CallPlayer.simulatedDuration(List.of("one two three four five", "[pause 2]", "[play x]")))
                .isEqualTo(4);
        assertThat(CallPlayer.simulatedDuration(List.of())).isEqualTo(1);
    }

    @Test
    void should_cancel_a_ringing_call() {
        try (TwilioSandbox slow = paced(Duration.ofSeconds(30))) {
            Api slowApi = new Api(slow);
            String sid = Api.body(slowApi.post(Api.ACCOUNT + "/Calls.json", "To", "+12223334444", "From",
                    Api.CALLOUT_NUMBER, "Url", "http://127.0.0.1:9/x")).get("sid").asText();

            JsonNode updated = Api.body(slowApi.post(Api.ACCOUNT + "/Calls/" + sid + ".json", "Status", "canceled"));

            assertThat(updated.get("status").asText()).isEqualTo("canceled");
            assertThat(slowApi.getJson(Api.ACCOUNT + "/Calls.json", "Status", "canceled").get("calls")).hasSize(1);
        }
    }

    /** A sandbox of its own whose status changes come {@code step} apart. */
    private static TwilioSandbox paced(Duration step) {
        return new TwilioSandbox(new SandboxConfig(Api.SID, Api.TOKEN, Api.CALLOUT_NUMBER,
                () -> "http://127.0.0.1:9", step));
    }

    @Test
    void should_serve_real_wav_and_mp3_for_a_recording() {
        String sid = Api.body(api.post(Api.ACCOUNT + "/Calls.json", "To", "+12223334444", "From", Api.CALLOUT_NUMBER,
                "Twiml", "<Response><Record transcribe=\"true\"/></Response>")).get("sid").asText();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                api.getJson(Api.ACCOUNT + "/Recordings.json", "CallSid", sid).get("recordings").size() > 0);
        String rec = api.getJson(Api.ACCOUNT + "/Recordings.json", "CallSid", sid).get("recordings").get(0).get("sid").asText();

        SandboxResponse wav = api.get(Api.ACCOUNT + "/Recordings/" + rec + ".wav");
        SandboxResponse mp3 = api.get(Api.ACCOUNT + "/Recordings/" + rec + ".mp3");

        assertThat(wav.contentType()).isEqualTo("audio/x-wav");
        assertThat(new String(wav.body(), 0, 4)).isEqualTo("RIFF");
        assertThat(new String(wav.body(), 8, 4)).isEqualTo("WAVE");
        assertThat(mp3.contentType()).isEqualTo("audio/mpeg");
        assertThat(mp3.body()[0] & 0xFF).isEqualTo(0xFF);
        assertThat(mp3.body()[1] & 0xE0).isEqualTo(0xE0);
        assertThat(api.getJson(Api.ACCOUNT + "/Recordings/" + rec + "/Transcriptions.json").get("transcriptions"))
                .hasSize(1);
    }

    @Test
    void should_fail_the_configured_share_of_requests() {
        api.json("PUT", "/faults", "{\"rate\":1.0,\"status\":429}");

        SandboxResponse r = api.get(Api.ACCOUNT + "/Messages.json");

        assertThat(r.status()).isEqualTo(429);
        assertThat(Api.body(r).get("code").asInt()).isEqualTo(20429);
        api.json("PUT", "/faults", "{\"rate\":0}");
        assertThat(api.get(Api.ACCOUNT + "/Messages.json").status()).isEqualTo(200);
    }

    @Test
    void should_log_creates_for_benchmarks_and_forget_everything_on_reset() {
        long since = System.currentTimeMillis() - 1;
        String sid = sendSms("+12223334444", "x").get("sid").asText();

        JsonNode log = Api.body(api.get("/requests", "since", String.valueOf(since)));

        assertThat(log).hasSize(1);
        assertThat(log.get(0).get("sid").asText()).isEqualTo(sid);
        assertThat(log.get(0).get("kind").asText()).isEqualTo("message");
        assertThat(log.get(0).get("to").asText()).isEqualTo("+12223334444");
        assertThat(log.get(0).get("receivedAtMicros").asLong()).isGreaterThanOrEqualTo(since * 1000);
        assertThat(api.post("/reset").status()).isEqualTo(200);
        assertThat(api.getJson(Api.ACCOUNT + "/Messages.json").get("messages")).isEmpty();
        assertThat(Api.body(api.get("/requests"))).isEmpty();
    }

    @Test
    void should_list_only_creates_since_the_given_time_oldest_first() {
        String before = sendSms("+12223334401", "old").get("sid").asText();
        // the first millisecond after the old create arrived: what follows it arrives at or after that
        long since = Api.body(api.get("/requests")).get(0).get("receivedAtMicros").asLong() / 1000 + 1;
        await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() >= since);
        String first = sendSms("+12223334402", "new 1").get("sid").asText();
        String second = sendSms("+12223334403", "new 2").get("sid").asText();

        JsonNode recent = Api.body(api.get("/requests", "since", String.valueOf(since)));
        JsonNode all = Api.body(api.get("/requests"));

        assertThat(recent).extracting(e -> e.get("sid").asText()).containsExactly(first, second);
        assertThat(all).extracting(e -> e.get("sid").asText()).containsExactly(before, first, second);
        assertThat(Api.body(api.get("/requests", "since", String.valueOf(System.currentTimeMillis() + 1000))))
                .isEmpty();
    }

    @Test
    void should_count_status_changes_still_to_come_until_the_message_is_delivered() {
        try (TwilioSandbox slow = paced(Duration.ofMillis(300))) {
            Api slowApi = new Api(slow);
            SandboxResponse created = slowApi.post(Api.ACCOUNT + "/Messages.json", "To", "+12223334444",
                    "From", Api.CALLOUT_NUMBER, "Body", "Tank 1 high");
            String sid = Api.body(created).get("sid").asText();

            JsonNode pending = Api.body(slowApi.get("/pending"));

            // queued -> sent is waiting its 300 ms; sent -> delivered is scheduled once sent is done ("running" is
            // not asserted: a pool thread just started counts as running until it takes its first task)
            assertThat(pending.get("scheduled").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                JsonNode p = Api.body(slowApi.get("/pending"));
                return p.get("scheduled").asInt() == 0 && p.get("running").asInt() == 0;
            });
            assertThat(slowApi.getJson(Api.ACCOUNT + "/Messages/" + sid + ".json").get("status").asText())
                    .isEqualTo("delivered");
        }
    }

    @Test
    void should_hold_ten_thousand_messages() {
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            sids.add(sendSms("+12223334444", "bulk " + i).get("sid").asText());
        }

        JsonNode page = api.getJson(Api.ACCOUNT + "/Messages.json", "PageSize", "1000", "Page", "9");

        assertThat(page.get("messages")).hasSize(1000);
        assertThat(page.get("messages").get(999).get("sid").asText()).isEqualTo(sids.get(0));
    }

    @Test
    void should_record_the_whole_call_and_report_machine_detection() {
        api.json("PUT", "/phones/+12223334444", "{\"duration\":7}");

        String sid = Api.body(api.post(Api.ACCOUNT + "/Calls.json", "To", "+12223334444", "From", Api.CALLOUT_NUMBER,
                "Twiml", "<Response><Say>Hi</Say></Response>", "Record", "true", "MachineDetection", "Enable"))
                .get("sid").asText();

        await().atMost(Duration.ofSeconds(5)).until(() ->
                api.getJson(Api.ACCOUNT + "/Calls/" + sid + ".json").get("status").asText().equals("completed"));
        JsonNode call = api.getJson(Api.ACCOUNT + "/Calls/" + sid + ".json");
        assertThat(call.get("answered_by").asText()).isEqualTo("human");
        assertThat(call.get("duration").asText()).isEqualTo("7");
        JsonNode rec = api.getJson(Api.ACCOUNT + "/Calls/" + sid + "/Recordings.json").get("recordings").get(0);
        assertThat(rec.get("source").asText()).isEqualTo("OutboundAPI");
        assertThat(rec.get("duration").asText()).isEqualTo("7");
    }
}
