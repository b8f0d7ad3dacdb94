package sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxWebhookTest {

    private static final String PHONE = "+12223334444";
    private FakeCallout callout;
    private TwilioSandbox sandbox;
    private Api api;

    @BeforeEach
    void start() throws IOException {
        callout = new FakeCallout(Api.TOKEN);
        sandbox = Api.sandbox(callout.base());
        api = new Api(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
        callout.close();
    }

    private String call(String... extra) {
        String[] form = new String[6 + extra.length];
        System.arraycopy(new String[] {"To", PHONE, "From", Api.CALLOUT_NUMBER, "Url", callout.base() + "/voice/notify/1"},
                0, form, 0, 6);
        System.arraycopy(extra, 0, form, 6, extra.length);
        SandboxResponse r = api.post(Api.ACCOUNT + "/Calls.json", form);
        assertThat(r.status()).isEqualTo(201);
        return Api.body(r).get("sid").asText();
    }

    private JsonNode finishedCall(String sid) {
        await().atMost(Duration.ofSeconds(10)).until(() -> SimCall.isFinal(
                api.getJson(Api.ACCOUNT + "/Calls/" + sid + ".json").get("status").asText()));
        for (JsonNode c : api.getJson("/phones/" + PHONE).get("calls")) {
            if (c.get("sid").asText().equals(sid)) {
                return c;
            }
        }
        throw new AssertionError("call not on the phone: " + sid);
    }

    @Test
    void should_post_signed_message_status_callbacks() {
        String sid = Api.body(api.post(Api.ACCOUNT + "/Messages.json", "To", PHONE, "From", Api.CALLOUT_NUMBER,
                "Body", "hi", "StatusCallback", callout.base() + "/status/message/7")).get("sid").asText();

        await().atMost(Duration.ofSeconds(5)).until(() -> callout.hits("/status/message/7").size() == 2);
        var hits = callout.hits("/status/message/7");
        assertThat(hits).allMatch(FakeCallout.Hit::signatureValid);
        assertThat(hits.get(0).params()).containsEntry("MessageStatus", "sent");
        assertThat(hits.get(1).params()).isEqualTo(Map.of("AccountSid", Api.SID, "ApiVersion", "2010-04-01",
                "From", Api.CALLOUT_NUMBER, "MessageSid", sid, "MessageStatus", "delivered", "SmsSid", sid,
                "SmsStatus", "delivered", "To", PHONE));
    }

    @Test
    void should_report_error_code_when_message_fails() {
        api.json("PUT", "/phones/" + PHONE, "{\"sms\":\"failed\"}");

        api.post(Api.ACCOUNT + "/Messages.json", "To", PHONE, "From", Api.CALLOUT_NUMBER, "Body", "hi",
                "StatusCallback", callout.base() + "/status/message/8");

        await().atMost(Duration.ofSeconds(5)).until(() -> callout.hits("/status/message/8").size() == 1);
        assertThat(callout.hits("/status/message/8").get(0).params())
                .containsEntry("MessageStatus", "failed").containsEntry("ErrorCode", "30005");
    }

    @Test
    void should_gather_phone_digits_and_post_them_to_the_action() {
        api.json("PUT", "/phones/" + PHONE, "{\"digits\":\"1234#\",\"duration\":42}");
        callout.twiml.put("/voice/notify/1", "<Response><Gather numDigits=\"4\" action=\"/voice/ack/1\">"
                + "<Say>Enter your PIN</Say></Gather><Say>No input</Say></Response>");
        callout.twiml.put("/voice/ack/1", "<Response><Say>Alarm acknowledged</Say></Response>");

        String sid = call("StatusCallback", callout.base() + "/status/call/1");

        JsonNode c = finishedCall(sid);
        assertThat(c.get("status").asText()).isEqualTo("completed");
        assertThat(c.get("duration").asInt()).isEqualTo(42);
        assertThat(c.get("transcript")).extracting(JsonNode::asText)
                .containsExactly("Enter your PIN", "Alarm acknowledged");
        assertThat(c.get("digits").asText()).isEqualTo("1234");
        var first = callout.hits("/voice/notify/1").get(0);
        assertThat(first.signatureValid()).isTrue();
        assertThat(first.params()).containsEntry("CallSid", sid).containsEntry("CallStatus", "in-progress")
                .containsEntry("Direction", "outbound-api").containsEntry("From", Api.CALLOUT_NUMBER)
                .containsEntry("To", PHONE).containsEntry("Called", PHONE).containsEntry("Caller", Api.CALLOUT_NUMBER)
                .containsEntry("AccountSid", Api.SID).containsEntry("ToCountry", "US");
        var ack = callout.hits("/voice/ack/1").get(0);
        assertThat(ack.signatureValid()).isTrue();
        assertThat(ack.params()).containsEntry("Digits", "1234");
        await().atMost(Duration.ofSeconds(5)).until(() -> callout.hits("/status/call/1").size() == 1);
        var status = callout.hits("/status/call/1").get(0);
        assertThat(status.signatureValid()).isTrue();
        assertThat(status.params()).containsEntry("CallStatus", "completed").containsEntry("CallDuration", "42")
                .containsEntry("Direction", "outbound-api").containsEntry("CallbackSource", "call-progress-events")
                .containsEntry("SequenceNumber", "0").containsKey("Timestamp");
    }

    @Test
    void should_stop_gather_at_finish_key_and_send_requested_progress_events() {
        api.json("PUT", "/phones/" + PHONE, "{\"digits\":\"12#9\"}");
        callout.twiml.put("/voice/notify/1", "<Response><Gather action=\"ack\"><Say>PIN</Say></Gather></Response>");

        String sid = call("StatusCallback", callout.base() + "/status/call/2",
                "StatusCallbackEvent", "initiated ringing", "StatusCallbackEvent", "answered completed");

        finishedCall(sid);
        assertThat(callout.hits("/voice/notify/ack").get(0).params())
                .containsEntry("Digits", "12").containsEntry("FinishedOnKey", "#");
        await().atMost(Duration.ofSeconds(5)).until(() -> callout.hits("/status/call/2").size() == 4);
        assertThat(callout.hits("/status/call/2")).extracting(h -> h.params().get("CallStatus"))
                .containsExactly("initiated", "ringing", "in-progress", "completed");
        assertThat(callout.hits("/status/call/2")).extracting(h -> h.params().get("SequenceNumber"))
                .containsExactly("0", "1", "2", "3");
    }

    @Test
    void should_go_on_with_next_verb_when_gather_gets_no_digits() {
        callout.twiml.put("/voice/notify/1", "<Response><Gather numDigits=\"4\" action=\"/voice/ack/1\">"
                + "<Say>Enter your PIN</Say></Gather><Say>Goodbye</Say></Response>");

        JsonNode c = finishedCall(call());

        assertThat(c.get("transcript")).extracting(JsonNode::asText).containsExactly("Enter your PIN", "Goodbye");
        assertThat(callout.hits("/voice/ack/1")).isEmpty();
        assertThat(c.get("duration").asInt()).isEqualTo(2);
    }

    @Test
    void should_follow_redirect_with_its_method() {
        callout.twiml.put("/voice/notify/1", "<Response><Say>One</Say><Redirect method=\"GET\">next?step=2</Redirect>"
                + "<Say>skipped</Say></Response>");
        callout.twiml.put("/voice/notify/next", "<Response><Say>Two</Say></Response>");

        JsonNode c = finishedCall(call());

        assertThat(c.get("transcript")).extracting(JsonNode::asText).containsExactly("One", "Two");
        var hit = callout.hits("/voice/notify/next").get(0);
        assertThat(hit.method()).isEqualTo("GET");
        assertThat(hit.signatureValid()).isTrue();
    }

    @Test
    void should_record_transcribe_and_post_the_recording_to_the_action() {
        api.json("PUT", "/phones/" + PHONE, "{\"speech\":\"the pump is running again now\"}");
        callout.twiml.put("/voice/notify/1", "<Response><Say>Leave a message</Say>"
                + "<Record action=\"/voice/recorded\" transcribe=\"true\"/></Response>");
        callout.twiml.put("/voice/recorded", "<Response><Hangup/></Response>");

        String sid = call();

        finishedCall(sid);
        var hit = callout.hits("/voice/recorded").get(0);
        String rec = hit.params().get("RecordingSid");
        assertThat(rec).matches("RE[0-9a-f]{32}");
        assertThat(hit.params()).containsEntry("RecordingDuration", "3").containsEntry("RecordingUrl",
                "https://api.twilio.com/2010-04-01/Accounts/" + Api.SID + "/Recordings/" + rec);
        JsonNode recording = api.getJson(Api.ACCOUNT + "/Recordings/" + rec + ".json");
        assertThat(recording.get("call_sid").asText()).isEqualTo(sid);
        assertThat(recording.get("source").asText()).isEqualTo("RecordVerb");
        JsonNode transcription = api.getJson(Api.ACCOUNT + "/Transcriptions.json").get("transcriptions").get(0);
        assertThat(transcription.get("recording_sid").asText()).isEqualTo(rec);
        assertThat(transcription.get("transcription_text").asText()).isEqualTo("the pump is running again now");
    }

    @Test
    void should_text_the_phone_from_a_call_and_log_dial_and_conference() {
        callout.twiml.put("/voice/notify/1", "<Response><Sms>Details follow</Sms>"
                + "<Dial><Number>+13334445555</Number></Dial><Dial><Conference>ops</Conference></Dial></Response>");

        JsonNode c = finishedCall(call());

        assertThat(c.get("transcript")).extracting(JsonNode::asText)
                .containsExactly("[dial +13334445555]", "[conference ops]");
        JsonNode msg = api.getJson("/phones/" + PHONE).get("messages").get(0);
        assertThat(msg.get("body").asText()).isEqualTo("Details follow");
        assertThat(msg.get("from").asText()).isEqualTo(Api.CALLOUT_NUMBER);
    }

    @Test
    void should_record_notification_and_alert_when_the_webhook_fails() {
        callout.statuses.put("/voice/notify/1", 500);

        String sid = call();

        JsonNode c = finishedCall(sid);
        assertThat(c.get("status").asText()).isEqualTo("completed");
        JsonNode n = api.getJson(Api.ACCOUNT + "/Notifications.json").get("notifications").get(0);
        assertThat(n.get("error_code").asText()).isEqualTo("11200");
        assertThat(n.get("call_sid").asText()).isEqualTo(sid);
        assertThat(n.get("request_url").asText()).isEqualTo(callout.base() + "/voice/notify/1");
        JsonNode a = api.getJson("/twilio/v1/Alerts").get("alerts").get(0);
        assertThat(a.get("error_code").asText()).isEqualTo("11200");
        assertThat(a.get("resource_sid").asText()).isEqualTo(sid);
        assertThat(a.get("url").asText()).isEqualTo("https://monitor.twilio.com/v1/Alerts/" + a.get("sid").asText());
    }

    @Test
    void should_record_12100_when_the_twiml_does_not_parse() {
        callout.twiml.put("/voice/notify/1", "<Response><Say>broken</Response>");

        finishedCall(call());

        assertThat(api.getJson("/twilio/v1/Alerts", "LogLevel", "error").get("alerts").get(0)
                .get("error_code").asText()).isEqualTo("12100");
    }

    @Test
    void should_stop_a_redirect_loop() {
        callout.twiml.put("/voice/notify/1", "<Response><Say>again</Say><Redirect/></Response>");

        JsonNode c = finishedCall(call());

        assertThat(c.get("transcript")).hasSize(25);
        assertThat(callout.hits("/voice/notify/1")).hasSize(25);
    }

    @Test
    void should_deliver_phone_sms_to_callout_and_keep_the_reply() {
        callout.twiml.put("/twilio/sms", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Response><Message>Acknowledged</Message></Response>");

        JsonNode r = Api.body(api.json("POST", "/phones/%2B12223334444/sms", "{\"body\":\"1234\"}"));

        assertThat(r.get("status").asInt()).isEqualTo(200);
        assertThat(r.get("messages")).extracting(JsonNode::asText).containsExactly("Acknowledged");
        assertThat(r.get("reply").asText()).contains("<Message>Acknowledged</Message>");
        var hit = callout.hits("/twilio/sms").get(0);
        assertThat(hit.signatureValid()).isTrue();
        assertThat(hit.params()).containsEntry("Body", "1234").containsEntry("From", PHONE)
                .containsEntry("To", Api.CALLOUT_NUMBER).containsEntry("SmsStatus", "received")
                .containsEntry("NumMedia", "0").containsEntry("NumSegments", "1").containsEntry("FromCountry", "US");
        assertThat(hit.params().get("MessageSid")).isEqualTo(hit.params().get("SmsSid")).matches("SM[0-9a-f]{32}");
        JsonNode stored = api.getJson("/phones/" + PHONE).get("messages").get(0);
        assertThat(stored.get("body").asText()).isEqualTo("Acknowledged");
        assertThat(stored.get("status").asText()).isEqualTo("delivered");
    }

    @Test
    void should_call_callout_from_the_phone_and_answer_when_done() {
        callout.twiml.put("/twilio/voice/inbound/0",
                "<Response><Gather numDigits=\"1\" action=\"/twilio/voice/menu/0\"><Say>Press 1</Say></Gather></Response>");
        callout.twiml.put("/twilio/voice/menu/0", "<Response><Say>You pressed one</Say></Response>");

        JsonNode r = Api.body(api.json("POST", "/phones/+12223334444/call", "{\"digits\":\"1\"}"));

        assertThat(r.get("status").asText()).isEqualTo("completed");
        assertThat(r.get("digits").asText()).isEqualTo("1");
        assertThat(r.get("transcript")).extracting(JsonNode::asText).containsExactly("Press 1", "You pressed one");
        assertThat(r.get("duration").asInt()).isEqualTo(2);
        var inbound = callout.hits("/twilio/voice/inbound/0").get(0);
        assertThat(inbound.params()).containsEntry("Direction", "inbound").containsEntry("From", PHONE)
                .containsEntry("CallStatus", "ringing")
                .containsEntry("To", Api.CALLOUT_NUMBER);
        assertThat(callout.hits("/twilio/voice/menu/0").get(0).params()).containsEntry("Digits", "1");
        var status = callout.hits("/twilio/status/call/0").get(0);
        assertThat(status.signatureValid()).isTrue();
        assertThat(status.params()).containsEntry("Direction", "inbound").containsEntry("CallDuration", "2")
                .containsEntry("CallSid", r.get("sid").asText());
    }

    @Test
    void should_end_a_rejected_inbound_call_unanswered() {
        callout.twiml.put("/twilio/voice/inbound/0", "<Response><Reject/><Say>unreachable</Say></Response>");

        JsonNode r = Api.body(api.json("POST", "/phones/+12223334444/call", "{}"));

        assertThat(r.get("status").asText()).isEqualTo("no-answer");
        assertThat(r.get("duration").asInt()).isZero();
        assertThat(r.get("transcript")).isEmpty();
        assertThat(api.getJson(Api.ACCOUNT + "/Calls/" + r.get("sid").asText() + ".json").get("start_time").isNull())
                .isTrue();
    }

    @Test
    void should_end_busy_on_reject_with_reason_busy() {
        callout.twiml.put("/twilio/voice/inbound/0", "<Response><Reject reason=\"busy\"/></Response>");

        JsonNode r = Api.body(api.json("POST", "/phones/+12223334444/call", "{}"));

        assertThat(r.get("status").asText()).isEqualTo("busy");
        assertThat(callout.hits("/twilio/status/call/0").get(0).params()).containsEntry("CallStatus", "busy");
    }
}
