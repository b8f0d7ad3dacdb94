package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Phone;
import support.Roster;

/** A user's language picks the words and the voice; scripts/texts.groovy rewords texts while Callout runs. */
class LanguageAndTextsTest {

    static CalloutApp app;
    static Path scripts;

    @BeforeAll
    static void start() throws IOException {
        scripts = Files.createTempDirectory("callout-texts");
        for (String s : List.of("voice.groovy", "sms.groovy", "texts.groovy")) {
            Files.copy(Path.of("scripts", s), scripts.resolve(s));
        }
        app = CalloutApp.start(Map.of("callout.scripts.dir", scripts.toString(), "callout.escalation.delay", "PT1H",
                "callout.time-zone", "Europe/Berlin"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_text_and_speak_german_to_a_german_user_in_a_german_voice() throws Exception {
        String n = Roster.number();
        long klaus = app.api("POST", "/api/users", Map.of("username", "klaus", "sms", n, "phone", n, "pin", "2468",
                "language", "de")).json().get("id").asLong();
        String roster = "de-" + UUID.randomUUID();
        Roster.roster(app, roster, List.of(klaus), List.of("sms", "voice"));
        app.setPhone(n, Map.of("answer", "answer", "digits", "2468#"));

        long alarmId = app.api("POST", "/api/alarms", Map.of("source", "werk1/kessel1", "name", "Kesseldruck hoch",
                "priority", "High", "message", "Druck 9 bar", "roster", roster, "eventTime", "2026-12-03T02:12:00Z"))
                .json().get("alarmId").asLong();

        JsonNode sms = await().atMost(Duration.ofSeconds(10)).until(() -> app.phone(n).get("messages"),
                m -> m.size() >= 1).get(0);
        assertThat(sms.get("body").asText()).startsWith("[HIGH] 03:12 Kesseldruck hoch: Druck 9 bar. Antworten Sie ")
                .endsWith(" <PIN> zum Quittieren.");
        JsonNode call = await().atMost(Duration.ofSeconds(15)).until(() -> app.phone(n).get("calls"),
                c -> c.size() == 1 && c.get(0).get("status").asText().equals("completed")).get(0);
        assertThat(call.get("transcript").get(0).asText()).isEqualTo("Alarm um 03:12, werk1 kessel1.");
        assertThat(call.get("transcript").toString()).contains("Geben Sie Ihre PIN gefolgt von der Rautetaste ein");

        // the TwiML Twilio gets: German words in a German voice, not English text tagged de-DE
        long voiceNotification = 0;
        for (JsonNode x : app.api("GET", "/api/alarms/" + alarmId, null).json().get("notifications")) {
            if (x.get("channel").asText().equals("voice")) {
                voiceNotification = x.get("id").asLong();
            }
        }
        String twiml = signedPost("/twilio/voice/notify/" + voiceNotification, Map.of("From", "+15005550006", "To", n,
                "CallSid", "CA" + "0".repeat(32), "AccountSid", "AC" + "0".repeat(32)));
        assertThat(twiml).contains("voice=\"Polly.Vicki\"").contains("language=\"de-DE\"")
                .doesNotContain("Polly.Joanna").contains("Alarm um 03:12, werk1 kessel1.");
    }

    @Test
    void should_use_edited_texts_script_on_the_next_sms_and_fall_back_when_it_breaks() throws IOException {
        String n = Roster.number();
        long ann = Roster.user(app, "texts-" + UUID.randomUUID(), n, "1357");
        String roster = "texts-" + UUID.randomUUID();
        Roster.roster(app, roster, List.of(ann), List.of("sms"));
        String original = Files.readString(scripts.resolve("texts.groovy"));
        try {
            write("""
                    if (kind == 'alarm-sms') {
                        return "PLANT: ${alarm.name} @ ${alarm.source}. Ack: ${code} <PIN>".toString()
                    }
                    return text
                    """);
            app.api("POST", "/api/alarms", Map.of("source", "texts/1", "name", "Reworded", "roster", roster));
            assertThat(sms(n, 1)).matches("PLANT: Reworded @ texts/1\\. Ack: [A-Z0-9]{4} <PIN>");

            write("this is { not groovy (\n");
            app.api("POST", "/api/alarms", Map.of("source", "texts/2", "name", "Fallback", "roster", roster));
            assertThat(sms(n, 2)).matches("\\[MEDIUM\\] \\d\\d:\\d\\d Fallback\\. Reply [A-Z0-9]{4} <PIN> to acknowledge\\.");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(app.api("GET", "/api/audit", null)
                    .body()).contains("texts.groovy (alarm-sms)"));
        } finally {
            write(original);
        }
    }

    @Test
    void should_reword_the_spoken_alarm_and_the_sms_replies_with_the_texts_script() throws IOException {
        Phone ann = new Phone(app, Roster.number());
        long annId = Roster.user(app, "spoken-" + UUID.randomUUID(), ann.number(), "1357");
        String roster = "spoken-" + UUID.randomUUID();
        Roster.roster(app, roster, List.of(annId), List.of("sms", "voice"));
        ann.set(Map.of("answer", "answer", "digits", ""));
        String original = Files.readString(scripts.resolve("texts.groovy"));
        try {
            write("""
                    if (kind == 'voice') {
                        return "Plant alarm ${alarm.name} in ${alarm.source}.".toString()
                    }
                    if (kind == 'reply-ack') {
                        return "Got it, ${user.username}: ${text}".toString()
                    }
                    if (kind == 'reply-help') {
                        return 'Plant line: reply with the code and your PIN.'
                    }
                    return text
                    """);
            app.api("POST", "/api/alarms", Map.of("source", "texts/3", "name", "Spoken", "roster", roster));

            Phone.Sms sms = ann.expectSms("Spoken");
            assertThat(ann.expectCall("Plant alarm Spoken in texts/3.")).doesNotContain("Alarm: Spoken");
            assertThat(ann.reply("what?")).isEqualTo("Plant line: reply with the code and your PIN.");
            assertThat(sms.reply(sms.code() + " 1357")).startsWith("Got it, spoken-").contains("Spoken");

            // a reply script that throws: the reply is Callout's own, and the failure is audited
            write("if (kind.startsWith('reply')) { throw new IllegalStateException('typo') }\nreturn text\n");
            assertThat(ann.reply("what?")).startsWith("Callout: reply <code> <PIN>").doesNotContain("Plant line");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(app.api("GET", "/api/audit", null)
                    .body()).contains("texts.groovy (reply-help)"));
        } finally {
            write(original);
        }
    }

    @Test
    void should_speak_the_call_in_the_users_zone_and_follow_each_edit_of_the_texts_script() throws Exception {
        String n = Roster.number();
        long ny = app.api("POST", "/api/users", Map.of("username", "ny-" + UUID.randomUUID(), "sms", n, "phone", n,
                "pin", "1357", "timeZone", "America/New_York")).json().get("id").asLong();
        String roster = "zone-" + UUID.randomUUID();
        Roster.roster(app, roster, List.of(ny), List.of("voice"));
        long alarmId = app.api("POST", "/api/alarms", Map.of("source", "site9/pump2", "name", "Pump stopped",
                "roster", roster, "eventTime", "2026-12-03T02:12:00Z")).json().get("alarmId").asLong();
        long voice = await().atMost(Duration.ofSeconds(10)).until(() -> app.api("GET", "/api/alarms/" + alarmId, null)
                .json().get("notifications"), x -> x.size() >= 1).get(0).get("id").asLong();
        Map<String, String> params = Map.of("From", "+15005550006", "To", n, "CallSid", "CA" + "1".repeat(32),
                "AccountSid", "AC" + "0".repeat(32));
        String path = "/twilio/voice/notify/" + voice;

        // Callout's zone is Europe/Berlin (03:12); this user reads and hears New York time, as in their SMS
        String first = signedPost(path, params);
        assertThat(first).contains("Alarm at 21:12, site9 pump2.").contains("Alarm: Pump stopped.");
        assertThat(signedPost(path, params)).isEqualTo(first);

        // the words of a call already asked for once still follow each edit of texts.groovy
        String original = Files.readString(scripts.resolve("texts.groovy"));
        try {
            write("return kind == 'voice' ? \"Edited: ${alarm.name}.\".toString() : text\n");
            assertThat(signedPost(path, params)).contains("Edited: Pump stopped.").doesNotContain("Alarm: Pump");
            assertThat(signedPost("/twilio/voice/again/" + voice, params)).contains("Edited: Pump stopped.");
        } finally {
            write(original);
        }
        assertThat(signedPost(path, params)).isEqualTo(first);
    }

    private static String sms(String number, int count) {
        JsonNode m = await().atMost(Duration.ofSeconds(10)).until(() -> app.phone(number).get("messages"),
                x -> x.size() >= count);
        return m.get(count - 1).get("body").asText();
    }

    private static void write(String text) throws IOException {
        Path tmp = scripts.resolve("texts.groovy.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, scripts.resolve("texts.groovy"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** POSTs form parameters signed as Twilio signs them (URL + sorted name/value pairs, HMAC-SHA1, Base64). */
    private static String signedPost(String path, Map<String, String> params) throws Exception {
        String url = app.url(path);
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(app.property("callout.twilio.auth-token").isBlank() ? "sandbox-auth-token"
                .getBytes(StandardCharsets.UTF_8) : app.property("callout.twilio.auth-token")
                .getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(data.toString()
                .getBytes(StandardCharsets.UTF_8)));
        String form = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        CalloutApp.Res r = app.send("POST", path, form, Map.of("Content-Type", "application/x-www-form-urlencoded",
                "X-Twilio-Signature", signature));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
