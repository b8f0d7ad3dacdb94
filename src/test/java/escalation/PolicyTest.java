package escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import roster.ContactRule;
import roster.Roster;
import roster.User;

/** The pure parts of escalation: a roster as a policy, who a step reaches, how each person is contacted. */
class PolicyTest {

    static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    static User user(long id, String sms, String phone, List<ContactRule> rules) {
        return new User(id, "u" + id, sms, phone, null, null, rules, null, List.of());
    }

    @Test
    void should_run_members_form_as_one_step_per_member_with_the_default_delay_and_rounds() {
        Policy p = Policy.of(new Roster("ops", List.of(3L, 1L), List.of("sms")), Duration.ofMinutes(5), 3);
        assertThat(p.rounds()).isEqualTo(3);
        assertThat(p.steps()).containsExactly(
                new Policy.Step(List.of(Roster.Target.user(3)), Duration.ofMinutes(5)),
                new Policy.Step(List.of(Roster.Target.user(1)), Duration.ofMinutes(5)));
        assertThat(p.roundLength()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void should_take_steps_delays_and_rounds_of_the_full_form() {
        Roster r = new Roster("ops", null, List.of("sms", "voice"), 2, List.of(
                new Roster.Step(List.of(new Roster.Target(null, "day-shift")), "PT5M"),
                new Roster.Step(List.of(Roster.Target.user(4), Roster.Target.user(5)), "PT10M")));
        Policy p = Policy.of(r, Duration.ofMinutes(1), 9);
        assertThat(p.rounds()).isEqualTo(2);
        assertThat(p.steps().get(1).delay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.roundLength()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void should_resolve_schedule_targets_at_the_step_time_once_per_person_skipping_unknown_users() {
        Map<Long, User> users = Map.of(1L, user(1, "+14155550101", null, List.of()),
                2L, user(2, "+14155550102", null, List.of()));
        OnCallLookup onCall = new OnCallLookup() {
            @Override
            public List<Long> onCall(String schedule, Instant at) {
                return at.equals(NOW) ? List.of(2L, 1L) : List.of();
            }

            @Override
            public boolean exists(String schedule) {
                return true;
            }
        };
        TargetResolver resolver = new TargetResolver(id -> Optional.ofNullable(users.get(id)), onCall);
        List<Roster.Target> targets = List.of(Roster.Target.user(1), new Roster.Target(null, "day-shift"),
                Roster.Target.user(99));

        assertThat(resolver.resolve(targets, NOW)).extracting(User::id).containsExactly(1L, 2L);
        assertThat(resolver.resolve(targets, NOW.plusSeconds(1))).extracting(User::id).containsExactly(1L);
        assertThat(TargetResolver.describe(targets)).isEqualTo("user 1, schedule day-shift, user 99");
    }

    @Test
    void should_contact_by_rules_after_their_delays_or_on_the_policy_channels_at_once() {
        User ruled = user(1, "+14155550101", "+14155550199", List.of(new ContactRule("sms", "PT0S"),
                new ContactRule("voice", "PT2M")));
        assertThat(ContactPlan.contacts(ruled, List.of("sms"), NOW)).containsExactly(
                new ContactPlan.Contact("sms", "+14155550101", NOW),
                new ContactPlan.Contact("voice", "+14155550199", NOW.plusSeconds(120)));

        User plain = user(2, null, "+14155550102", List.of());
        assertThat(ContactPlan.contacts(plain, List.of("sms", "voice"), NOW)).containsExactly(
                new ContactPlan.Contact("sms", "+14155550102", NOW),
                new ContactPlan.Contact("voice", "+14155550102", NOW));
    }
}
