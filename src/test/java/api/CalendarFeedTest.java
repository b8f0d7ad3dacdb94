package api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;
import support.Roster;

/** Calendar feeds: an unguessable .ics URL per schedule (or one user's shifts), parsed back with ical4j; revocable. */
class CalendarFeedTest {

    static final Instant ROTATION_START = Instant.parse("2026-01-01T08:00:00Z");
    static final DateTimeFormatter ICAL_UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    static CalloutApp app;
    static long ann;
    static long bob;
    static long scheduleId;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of());
        ann = Roster.user(app, "f-ann", Roster.number(), "1111");
        bob = Roster.user(app, "f-bob", Roster.number(), "2222");
        // ann and bob a day each since Jan 1 2026 08:00 UTC: ann on even days, bob on odd
        Res r = app.api("POST", "/api/schedules", Map.of("name", "plant-a", "timeZone", "UTC", "rotations",
                List.of(Map.of("type", "daily", "start", "2026-01-01T08:00", "members", List.of(ann, bob)))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        scheduleId = r.json().get("id").asLong();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** The daily shifts overlapping [now - 7 days, now + 60 days), as the feed should list them. */
    static List<Instant> expectedStarts(Instant now, Long onlyUser) {
        Instant from = now.minus(Duration.ofDays(7));
        Instant to = now.plus(Duration.ofDays(60));
        List<Instant> starts = new ArrayList<>();
        for (long k = 0; ; k++) {
            Instant s = ROTATION_START.plus(Duration.ofDays(k));
            if (!s.isBefore(to)) {
                return starts;
            }
            if (s.plus(Duration.ofDays(1)).isAfter(from) && (onlyUser == null || userOf(s) == onlyUser)) {
                starts.add(s);
            }
        }
    }

    static long userOf(Instant shiftStart) {
        return Duration.between(ROTATION_START, shiftStart).toDays() % 2 == 0 ? ann : bob;
    }

    static Res feed(String url) {
        // no bearer token: the secret in the URL is the credential
        return app.send("GET", url.substring(url.indexOf("/calendar/")), null, Map.of());
    }

    static List<VEvent> events(String ics) throws Exception {
        Calendar cal = new CalendarBuilder().build(new StringReader(ics));
        cal.validate();
        return cal.getComponents(Component.VEVENT);
    }

    static String prop(VEvent e, String name) {
        return e.getProperty(name).orElseThrow(() -> new AssertionError("no " + name)).getValue();
    }

    @Test
    void should_serve_every_shift_of_the_range_as_an_event_without_a_token() throws Exception {
        Res created = app.api("POST", "/api/schedules/" + scheduleId + "/feeds", null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String url = created.json().get("url").asText();
        assertThat(url).matches("http://localhost:" + app.port() + "/calendar/[A-Za-z0-9_-]{43}\\.ics");

        Instant now = Instant.now();
        Res r = feed(url);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("text/calendar; charset=utf-8");
        assertThat(r.body()).contains("\r\nNAME:On call: plant-a\r\n", "\r\nX-WR-CALNAME:On call: plant-a\r\n");
        List<VEvent> events = events(r.body());
        List<Instant> starts = expectedStarts(now, null);
        assertThat(events).hasSize(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            Instant s = starts.get(i);
            VEvent e = events.get(i);
            assertThat(prop(e, Property.DTSTART)).isEqualTo(ICAL_UTC.format(s));
            assertThat(prop(e, Property.DTEND)).isEqualTo(ICAL_UTC.format(s.plus(Duration.ofDays(1))));
            assertThat(prop(e, Property.SUMMARY))
                    .isEqualTo("On call: plant-a (" + (userOf(s) == ann ? "f-ann" : "f-bob") + ")");
            assertThat(prop(e, Property.UID))
                    .isEqualTo("shift-" + scheduleId + "-" + userOf(s) + "-" + s.getEpochSecond() + "@callout");
            assertThat(prop(e, Property.DTSTAMP)).matches("\\d{8}T\\d{6}Z");
        }
    }

    @Test
    void should_list_only_one_users_shifts_in_a_users_feed() throws Exception {
        Res created = app.api("POST", "/api/schedules/plant-a/feeds", Map.of("userId", bob));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("userId").asLong()).isEqualTo(bob);
        Instant now = Instant.now();
        List<VEvent> events = events(feed(created.json().get("url").asText()).body());
        assertThat(events.stream().map(e -> prop(e, Property.DTSTART)).toList())
                .isEqualTo(expectedStarts(now, bob).stream().map(ICAL_UTC::format).toList());
        assertThat(events).allSatisfy(e -> assertThat(prop(e, Property.SUMMARY)).isEqualTo("On call: plant-a (f-bob)"));
    }

    @Test
    void should_answer_404_once_a_feed_is_revoked_and_for_an_unknown_secret() {
        Res created = app.api("POST", "/api/schedules/" + scheduleId + "/feeds", null);
        String url = created.json().get("url").asText();
        long fid = created.json().get("id").asLong();
        assertThat(feed(url).status()).isEqualTo(200);

        assertThat(app.api("DELETE", "/api/schedules/" + scheduleId + "/feeds/" + fid, null).status()).isEqualTo(204);
        assertThat(feed(url).status()).isEqualTo(404);
        assertThat(app.api("DELETE", "/api/schedules/" + scheduleId + "/feeds/" + fid, null).status()).isEqualTo(404);
        assertThat(app.send("GET", "/calendar/" + "A".repeat(43) + ".ics", null, Map.of()).status()).isEqualTo(404);
        assertThat(app.send("GET", "/calendar/nothing", null, Map.of()).status()).isEqualTo(404);
    }

    @Test
    void should_keep_only_a_hash_of_the_secret_and_never_show_the_url_again() throws Exception {
        Res created = app.api("POST", "/api/schedules/" + scheduleId + "/feeds", null);
        String url = created.json().get("url").asText();
        String secret = url.substring(url.lastIndexOf('/') + 1, url.length() - ".ics".length());
        long fid = created.json().get("id").asLong();

        Jdbi jdbi = app.context().getRegistry().lookupByNameAndType("jdbi", Jdbi.class);
        String stored = jdbi.withHandle(h -> h.createQuery("SELECT secret_hash FROM schedule_feeds WHERE id = :id")
                .bind("id", fid).mapTo(String.class).one());
        assertThat(stored).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8))));
        Res list = app.api("GET", "/api/schedules/" + scheduleId + "/feeds", null);
        assertThat(list.body()).doesNotContain(secret).doesNotContain("url");
        assertThat(list.json().findValuesAsText("id")).contains(String.valueOf(fid));
    }

    @Test
    void should_refuse_a_feed_for_a_user_who_does_not_exist() {
        Res r = app.api("POST", "/api/schedules/" + scheduleId + "/feeds", Map.of("userId", 987654));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("userId");
    }
}
