package api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;

class RosterApiTest {

    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_reject_api_call_without_token() {
        Res r = app.send("GET", "/api/users", null, Map.of());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("missing bearer token");
        assertThat(r.json().get("field").asText()).isEqualTo("Authorization");
    }

    @Test
    void should_send_json_answers_and_errors_whole_with_their_length() {
        Res ok = app.api("POST", "/api/users", Map.of("username", "length-check", "sms", "+14155550177"));
        Res error = app.send("GET", "/api/users", null, Map.of());

        for (Res r : List.of(ok, error)) {
            assertThat(r.raw().headers().firstValue("Content-Length"))
                    .hasValue(String.valueOf(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
            assertThat(r.raw().headers().firstValue("Transfer-Encoding")).isEmpty();
        }
    }

    @Test
    void should_reject_wrong_token() {
        Res r = app.send("GET", "/api/users", null, Map.of("Authorization", "Bearer nope"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid bearer token");
    }

    @Test
    void should_accept_seed_example_number_with_warning_and_hide_pin() {
        Res r = app.api("POST", "/api/users", Map.of("username", "seed-example", "sms", "+12223334444", "pin", "1234"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("sms").asText()).isEqualTo("+12223334444");
        assertThat(r.json().get("hasPin").asBoolean()).isTrue();
        assertThat(r.json().has("pin")).isFalse();
        assertThat(r.json().has("pinHash")).isFalse();
        assertThat(r.json().get("warnings").get(0).asText()).startsWith("sms: +12223334444 is not an assigned number");
        long id = r.json().get("id").asLong();
        Res got = app.api("GET", "/api/users/" + id, null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).doesNotContain("pbkdf2").doesNotContain("1234\"");
    }

    @Test
    void should_reject_non_e164_sms_naming_the_field() {
        Res r = app.api("POST", "/api/users", Map.of("username", "bad-number", "sms", "555-1234"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("sms");
        assertThat(r.json().get("error").asText()).contains("E.164");
    }

    @Test
    void should_reject_malformed_json_and_unknown_fields() {
        Res malformed = app.api("POST", "/api/users", "{\"username\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).startsWith("malformed JSON");
        Res unknown = app.api("POST", "/api/users", Map.of("username", "x", "sms", "+14155550100", "pni", "1"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("field").asText()).isEqualTo("pni");
    }

    @Test
    void should_reject_non_numeric_pin() {
        Res r = app.api("POST", "/api/users", Map.of("username", "pinny", "sms", "+14155550101", "pin", "12ab"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("pin");
    }

    @Test
    void should_return_404_for_unknown_user_and_400_for_bad_id() {
        assertThat(app.api("GET", "/api/users/999999", null).status()).isEqualTo(404);
        Res bad = app.api("GET", "/api/users/abc", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("id");
    }

    @Test
    void should_create_update_and_delete_a_roster_keeping_member_order() {
        long a = app.api("POST", "/api/users", Map.of("username", "ra", "sms", "+14155550111")).json().get("id").asLong();
        long b = app.api("POST", "/api/users", Map.of("username", "rb", "phone", "+14155550112")).json().get("id").asLong();
        Res created = app.api("POST", "/api/rosters", Map.of("name", "night", "members", List.of(b, a),
                "channels", List.of("sms")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("members").toString()).isEqualTo("[" + b + "," + a + "]");
        Res replaced = app.api("PUT", "/api/rosters/night", Map.of("members", List.of(a), "channels", List.of("sms", "voice")));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("channels").toString()).isEqualTo("[\"sms\",\"voice\"]");
        assertThat(app.api("POST", "/api/rosters", Map.of("name", "bad", "members", List.of(a, 99999))).json()
                .get("field").asText()).isEqualTo("members[1]");
        assertThat(app.api("DELETE", "/api/rosters/night", null).status()).isEqualTo(204);
        assertThat(app.api("GET", "/api/rosters/night", null).status()).isEqualTo(404);
    }

    @Test
    void should_refuse_oversize_body_with_413() {
        String big = "{\"username\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertThat(app.api("POST", "/api/users", big).status()).isEqualTo(413);
    }
}
