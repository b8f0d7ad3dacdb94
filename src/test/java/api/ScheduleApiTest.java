package api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import schedule.ScheduleService;
import support.CalloutApp;
import support.CalloutApp.Res;
import support.Roster;

/** /api/schedules over HTTP on the real app: the contract of DESIGN.md "Schedules". */
class ScheduleApiTest {

    static CalloutApp app;
    static long ann;
    static long bob;
    static long cid;
    static long dan;
    static final AtomicInteger NAMES = new AtomicInteger();

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of());
        ann = Roster.user(app, "s-ann", Roster.number(), "1111");
        bob = Roster.user(app, "s-bob", Roster.number(), "2222");
        cid = Roster.user(app, "s-cid", Roster.number(), "3333");
        dan = Roster.user(app, "s-dan", Roster.number(), "4444");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void noPolicies() {
        service().setReferencedBy(ref -> List.of());
    }

    static ScheduleService service() {
        return app.context().getRegistry().lookupByNameAndType("scheduleService", ScheduleService.class);
    }

    /** The acceptance schedule: ann, bob, cid a week each, hand-off Friday 08:00 Amsterdam (Jan 1 2027 a Friday). */
    static Map<String, Object> fridayAmsterdam(String name) {
        return Map.of("name", name, "timeZone", "Europe/Amsterdam",
                "rotations", List.of(Map.of("name", "primary", "type", "weekly", "shiftLength", 1,
                        "start", "2027-01-01T08:00", "members", List.of(ann, bob, cid))));
    }

    static long create(Map<String, Object> body) {
        Res r = app.api("POST", "/api/schedules", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    @Test
    void should_create_a_schedule_and_return_it_by_id_and_by_name_as_sent() {
        String name = unique("day-shift");
        Map<String, Object> body = Map.of("name", name, "timeZone", "Europe/Amsterdam",
                "rotations", List.of(Map.of("name", "primary", "type", "weekly", "shiftLength", 1,
                        "start", "2026-12-07T08:00", "members", List.of(ann, bob, cid),
                        "restrict", List.of(Map.of("days", List.of("MON", "TUE", "WED", "THU", "FRI"),
                                "from", "08:00", "to", "18:00")))));
        Res created = app.api("POST", "/api/schedules", body);
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String expected = "{\"id\":" + id + ",\"name\":\"" + name + "\",\"timeZone\":\"Europe/Amsterdam\","
                + "\"rotations\":[{\"name\":\"primary\",\"type\":\"weekly\",\"shiftLength\":1,"
                + "\"start\":\"2026-12-07T08:00\",\"members\":[" + ann + "," + bob + "," + cid + "],"
                + "\"restrict\":[{\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\"],\"from\":\"08:00\",\"to\":\"18:00\"}]}]}";
        assertThat(created.body()).isEqualTo(expected);
        assertThat(app.api("GET", "/api/schedules/" + id, null).body()).isEqualTo(expected);
        assertThat(app.api("GET", "/api/schedules/" + name, null).body()).isEqualTo(expected);
        assertThat(app.api("GET", "/api/schedules", null).json().findValuesAsText("name")).contains(name);
        assertThat(service().exists(name)).isTrue();
        assertThat(service().exists(String.valueOf(id))).isTrue();
        assertThat(service().exists("no-such-schedule")).isFalse();
    }

    @Test
    void should_give_the_right_person_across_the_2027_dst_changes_with_the_next_change_as_until() {
        long id = create(fridayAmsterdam(unique("acceptance")));
        // Fri Apr 2 08:00 CEST is 06:00Z: bob from then (week 13), ann before
        assertOnCall(id, "2027-04-02T05:59:00Z", ann, "2027-04-02T06:00:00Z");
        assertOnCall(id, "2027-04-02T06:00:00Z", bob, "2027-04-09T06:00:00Z");
        // Fri Nov 5 08:00 CET is 07:00Z: cid from then (week 44), bob before
        assertOnCall(id, "2027-11-05T06:30:00Z", bob, "2027-11-05T07:00:00Z");
        assertOnCall(id, "2027-11-05T07:00:00Z", cid, "2027-11-12T07:00:00Z");
        assertThat(service().onCallUserIds(String.valueOf(id), Instant.parse("2027-04-02T06:00:00Z")))
                .containsExactly(bob);
    }

    private static void assertOnCall(long id, String at, long user, String until) {
        Res r = app.api("GET", "/api/schedules/" + id + "/oncall?at=" + at, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("at").asText()).isEqualTo(at);
        assertThat(r.json().get("users").toString())
                .isEqualTo("[{\"id\":" + user + ",\"username\":\"" + name(user) + "\"}]");
        assertThat(r.json().get("until").asText()).isEqualTo(until);
    }

    private static String name(long user) {
        return user == ann ? "s-ann" : user == bob ? "s-bob" : user == cid ? "s-cid" : "s-dan";
    }

    @Test
    void should_let_an_override_replace_one_shift_and_list_shifts_with_it() {
        String name = unique("overridden");
        long id = create(fridayAmsterdam(name));
        // bob's week from Apr 2: dan instead
        Res o = app.api("POST", "/api/schedules/" + id + "/overrides", Map.of("start", "2027-04-02T06:00:00Z",
                "end", "2027-04-09T06:00:00Z", "replace", Map.of("from", bob, "to", dan)));
        assertThat(o.status()).as(o.body()).isEqualTo(201);
        long oid = o.json().get("id").asLong();
        assertThat(o.body()).isEqualTo("{\"id\":" + oid + ",\"start\":\"2027-04-02T06:00:00Z\","
                + "\"end\":\"2027-04-09T06:00:00Z\",\"replace\":{\"from\":" + bob + ",\"to\":" + dan + "}}");
        assertThat(service().onCallUserIds(name, Instant.parse("2027-04-05T12:00:00Z"))).containsExactly(dan);

        Res shifts = app.api("GET", "/api/schedules/" + name + "/shifts?from=2027-03-30T00:00:00Z&to=2027-04-10T00:00:00Z",
                null);
        assertThat(shifts.status()).isEqualTo(200);
        assertThat(shifts.body()).isEqualTo("["
                + "{\"userId\":" + ann + ",\"start\":\"2027-03-26T07:00:00Z\",\"end\":\"2027-04-02T06:00:00Z\"},"
                + "{\"userId\":" + dan + ",\"start\":\"2027-04-02T06:00:00Z\",\"end\":\"2027-04-09T06:00:00Z\"},"
                + "{\"userId\":" + cid + ",\"start\":\"2027-04-09T06:00:00Z\",\"end\":\"2027-04-16T06:00:00Z\"}]");

        assertThat(app.api("GET", "/api/schedules/" + id + "/overrides", null).json().get(0).get("id").asLong())
                .isEqualTo(oid);
        assertThat(app.api("DELETE", "/api/schedules/" + id + "/overrides/" + oid, null).status()).isEqualTo(204);
        assertThat(service().onCallUserIds(name, Instant.parse("2027-04-05T12:00:00Z"))).containsExactly(bob);
        assertThat(app.api("DELETE", "/api/schedules/" + id + "/overrides/" + oid, null).status()).isEqualTo(404);
    }

    @Test
    void should_add_and_remove_people_with_overrides() {
        long id = create(fridayAmsterdam(unique("add-remove")));
        assertThat(app.api("POST", "/api/schedules/" + id + "/overrides", Map.of("start", "2027-04-05T00:00:00Z",
                "end", "2027-04-06T00:00:00Z", "add", dan)).status()).isEqualTo(201);
        assertThat(app.api("POST", "/api/schedules/" + id + "/overrides", Map.of("start", "2027-04-05T12:00:00+02:00",
                "end", "2027-04-05T13:00:00+02:00", "remove", bob)).status()).isEqualTo(201);
        assertThat(service().onCallUserIds(String.valueOf(id), Instant.parse("2027-04-05T09:00:00Z")))
                .containsExactly(bob, dan);
        assertThat(service().onCallUserIds(String.valueOf(id), Instant.parse("2027-04-05T10:00:00Z")))
                .containsExactly(dan);
        assertThat(service().onCallUserIds(String.valueOf(id), Instant.parse("2027-04-05T11:00:00Z")))
                .containsExactly(bob, dan);
    }

    @Test
    void should_replace_a_schedule_and_answer_from_the_new_rotations_at_once() {
        String name = unique("replaced");
        long id = create(fridayAmsterdam(name));
        assertThat(service().onCallUserIds(name, Instant.parse("2027-01-29T09:00:00Z"))).containsExactly(bob);
        // bob leaves the rotation: turns are counted from the start with [ann, cid], week 4 is ann's
        Map<String, Object> body = new HashMap<>(fridayAmsterdam(name));
        body.remove("name");
        body.put("rotations", List.of(Map.of("type", "weekly", "start", "2027-01-01T08:00", "members", List.of(ann, cid))));
        Res r = app.api("PUT", "/api/schedules/" + id, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo(name);
        assertThat(r.json().get("rotations").get(0).get("shiftLength").asInt()).isEqualTo(1);
        assertThat(service().onCallUserIds(name, Instant.parse("2027-01-29T09:00:00Z"))).containsExactly(ann);
    }

    @Test
    void should_delete_a_schedule_then_answer_404_and_no_one_on_call() {
        String name = unique("deleted");
        long id = create(fridayAmsterdam(name));
        assertThat(app.api("DELETE", "/api/schedules/" + name, null).status()).isEqualTo(204);
        assertThat(app.api("GET", "/api/schedules/" + id, null).status()).isEqualTo(404);
        assertThat(app.api("GET", "/api/schedules/" + id + "/oncall", null).status()).isEqualTo(404);
        assertThat(service().onCallUserIds(name, Instant.parse("2027-04-05T09:00:00Z"))).isEmpty();
        assertThat(service().exists(name)).isFalse();
    }

    @Test
    void should_refuse_to_delete_or_rename_a_schedule_a_policy_still_targets() {
        String name = unique("targeted");
        long id = create(fridayAmsterdam(name));
        // a fake of the policies' check: policy "operators" targets this schedule by name
        service().setReferencedBy(ref -> ref.equals(name) ? List.of("operators") : List.of());
        Res del = app.api("DELETE", "/api/schedules/" + id, null);
        assertThat(del.status()).isEqualTo(409);
        assertThat(del.json().get("field").asText()).isEqualTo("id");
        assertThat(del.json().get("error").asText()).contains("operators");
        Map<String, Object> renamed = new HashMap<>(fridayAmsterdam(name + "-new"));
        Res put = app.api("PUT", "/api/schedules/" + id, renamed);
        assertThat(put.status()).isEqualTo(409);
        assertThat(put.json().get("field").asText()).isEqualTo("name");
        assertThat(app.api("GET", "/api/schedules/" + id, null).status()).isEqualTo(200);

        service().setReferencedBy(ref -> List.of());
        assertThat(app.api("DELETE", "/api/schedules/" + id, null).status()).isEqualTo(204);
    }

    @Test
    void should_refuse_a_taken_name_with_409() {
        String name = unique("taken");
        create(fridayAmsterdam(name));
        Res r = app.api("POST", "/api/schedules", fridayAmsterdam(name));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("field").asText()).isEqualTo("name");
    }

    static Stream<Arguments> badSchedules() {
        return Stream.of(
                bad("unknown time zone", "timeZone", "Europe/Atlantis", rotation("weekly", 1, "2027-01-01T08:00", null)),
                bad("shift length 0", "rotations[0].shiftLength", "UTC", rotation("weekly", 0, "2027-01-01T08:00", null)),
                bad("unknown type", "rotations[0].type", "UTC", rotation("monthly", 1, "2027-01-01T08:00", null)),
                bad("start with an offset", "rotations[0].start", "UTC", rotation("daily", 1, "2027-01-01T08:00Z", null)),
                bad("to equal to from", "rotations[0].restrict[0].to", "UTC", rotation("daily", 1, "2027-01-01T08:00",
                        Map.of("days", List.of("MON"), "from", "08:00", "to", "08:00"))),
                bad("unknown day", "rotations[0].restrict[0].days[0]", "UTC", rotation("daily", 1, "2027-01-01T08:00",
                        Map.of("days", List.of("MOON"), "from", "08:00", "to", "09:00"))),
                bad("bad from", "rotations[0].restrict[0].from", "UTC", rotation("daily", 1, "2027-01-01T08:00",
                        Map.of("days", List.of("MON"), "from", "8 am", "to", "09:00"))));
    }

    static Map<String, Object> rotation(String type, int length, String start, Map<String, Object> restrict) {
        Map<String, Object> r = new HashMap<>(Map.of("type", type, "shiftLength", length, "start", start,
                "members", List.of(1)));
        if (restrict != null) {
            r.put("restrict", List.of(restrict));
        }
        return r;
    }

    static Arguments bad(String what, String field, String zone, Map<String, Object> rotation) {
        return Arguments.of(what, field, Map.of("name", "bad", "timeZone", zone, "rotations", List.of(rotation)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSchedules")
    void should_refuse_a_bad_schedule_naming_the_field(String what, String field, Map<String, Object> body) {
        Map<String, Object> b = new HashMap<>(body);
        @SuppressWarnings("unchecked")
        Map<String, Object> rot = new HashMap<>(((List<Map<String, Object>>) b.get("rotations")).get(0));
        rot.put("members", List.of(ann));
        b.put("rotations", List.of(rot));
        Res r = app.api("POST", "/api/schedules", b);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).as(r.body()).isEqualTo(field);
    }

    @Test
    void should_refuse_a_member_who_does_not_exist_naming_the_field() {
        Res r = app.api("POST", "/api/schedules", Map.of("name", unique("ghost"), "timeZone", "UTC", "rotations",
                List.of(Map.of("type", "daily", "start", "2027-01-01T08:00", "members", List.of(ann, 987654)))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("rotations[0].members[1]");
        assertThat(r.json().get("error").asText()).isEqualTo("no user 987654");
    }

    static Stream<Arguments> badOverrides() {
        return Stream.of(
                Arguments.of("end before start", Map.of("start", "2027-04-02T06:00:00Z", "end", "2027-04-02T05:00:00Z",
                        "add", 1), "end"),
                Arguments.of("end equal to start", Map.of("start", "2027-04-02T06:00:00Z", "end", "2027-04-02T06:00:00Z",
                        "add", 1), "end"),
                Arguments.of("bad start", Map.of("start", "yesterday", "end", "2027-04-02T06:00:00Z", "add", 1), "start"),
                Arguments.of("no end", Map.of("start", "2027-04-02T06:00:00Z", "add", 1), "end"),
                Arguments.of("unknown user to add", Map.of("start", "2027-04-02T06:00:00Z", "end", "2027-04-03T06:00:00Z",
                        "add", 987654), "add"),
                Arguments.of("unknown replacement", Map.of("start", "2027-04-02T06:00:00Z", "end", "2027-04-03T06:00:00Z",
                        "replace", Map.of("from", 1, "to", 987654)), "replace.to"),
                Arguments.of("nothing to do", Map.of("start", "2027-04-02T06:00:00Z", "end", "2027-04-03T06:00:00Z"),
                        "add"),
                Arguments.of("two things to do", Map.of("start", "2027-04-02T06:00:00Z", "end", "2027-04-03T06:00:00Z",
                        "add", 1, "remove", 1), "remove"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOverrides")
    void should_refuse_a_bad_override_naming_the_field(String what, Map<String, Object> body, String field) {
        long id = create(fridayAmsterdam(unique("bad-override")));
        Map<String, Object> b = new HashMap<>(body);
        // user 1 may not be this app's: use real ids where the case means an existing user
        b.replaceAll((k, v) -> v instanceof Integer i && i == 1 ? ann : v);
        if (b.get("replace") instanceof Map<?, ?> m && m.get("from") instanceof Integer) {
            b.put("replace", Map.of("from", ann, "to", m.get("to")));
        }
        Res r = app.api("POST", "/api/schedules/" + id + "/overrides", b);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).as(r.body()).isEqualTo(field);
    }

    @Test
    void should_refuse_bad_instants_and_ranges_naming_the_parameter() {
        long id = create(fridayAmsterdam(unique("instants")));
        JsonNode at = app.api("GET", "/api/schedules/" + id + "/oncall?at=tomorrow", null).json();
        assertThat(at.get("field").asText()).isEqualTo("at");
        Res shifts = app.api("GET", "/api/schedules/" + id + "/shifts?from=2027-04-02T06:00:00Z&to=2027-04-01T06:00:00Z",
                null);
        assertThat(shifts.status()).isEqualTo(400);
        assertThat(shifts.json().get("field").asText()).isEqualTo("to");
        Res tooLong = app.api("GET", "/api/schedules/" + id + "/shifts?from=2027-01-01T00:00:00Z&to=2029-01-01T00:00:00Z",
                null);
        assertThat(tooLong.json().get("field").asText()).isEqualTo("to");
        assertThat(app.api("DELETE", "/api/schedules/" + id + "/overrides/x", null).json().get("field").asText())
                .isEqualTo("oid");
    }

    @Test
    void should_answer_oncall_now_by_default_and_404_for_an_unknown_schedule() {
        long id = create(Map.of("name", unique("now"), "timeZone", "UTC", "rotations",
                List.of(Map.of("type", "daily", "start", "2026-01-01T00:00", "members", List.of(ann)))));
        Instant before = Instant.now();
        Res r = app.api("GET", "/api/schedules/" + id + "/oncall", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(Instant.parse(r.json().get("at").asText())).isBetween(before, Instant.now());
        assertThat(r.json().get("users").toString()).isEqualTo("[{\"id\":" + ann + ",\"username\":\"s-ann\"}]");
        Res unknown = app.api("GET", "/api/schedules/no-such-schedule/oncall", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("no schedule 'no-such-schedule'");
        assertThat(app.api("GET", "/api/schedules/999999", null).status()).isEqualTo(404);
    }

    @Test
    void should_answer_nobody_before_the_first_hand_off() {
        long id = create(Map.of("name", unique("future"), "timeZone", "UTC", "rotations",
                List.of(Map.of("type", "daily", "start", "2099-01-01T00:00", "members", List.of(ann)))));
        Res r = app.api("GET", "/api/schedules/" + id + "/oncall?at=2098-12-31T23:00:00Z", null);
        assertThat(r.body()).isEqualTo("{\"at\":\"2098-12-31T23:00:00Z\",\"users\":[],\"until\":\"2099-01-01T00:00:00Z\"}");
    }
}
