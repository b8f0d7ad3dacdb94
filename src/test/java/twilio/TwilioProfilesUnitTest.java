package twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import web.ApiException;

/** Profiles from properties, their API bases, and the raw call's path placeholders. */
class TwilioProfilesUnitTest {

    static final TwilioProfile DEFAULT = new TwilioProfile("default", "twilio", "AC1", "t1", "+15550001",
            Optional.empty(), null);

    private static TwilioProfiles of(Map<String, String> props) {
        return TwilioProfiles.from(DEFAULT, props.keySet(), k -> Optional.ofNullable(props.get(k)), Optional.empty());
    }

    @Test
    void should_read_named_profiles_with_twilio_and_signalwire_bases() {
        TwilioProfiles p = of(Map.of(
                "callout.twilio.profiles.plant2.account-sid", "AC2",
                "callout.twilio.profiles.plant2.auth-token", "t2",
                "callout.twilio.profiles.plant2.from-number", "+15550002",
                "callout.twilio.profiles.sw.provider", "SignalWire",
                "callout.twilio.profiles.sw.space", "example",
                "callout.twilio.profiles.sw.account-sid", "uuid-1",
                "callout.twilio.profiles.sw.auth-token", "t3",
                "callout.twilio.profiles.sw.signing-key", "key3",
                "callout.twilio.profiles.sw.from-number", "+15550003"));

        assertThat(p.get("profile", "plant2").apiBase()).isEmpty();
        assertThat(p.get("profile", "sw").apiBase()).contains("https://example.signalwire.com/api/laml");
        assertThat(p.get("profile", "sw").url("api", "/2010-04-01/Accounts/uuid-1/Messages.json"))
                .isEqualTo("https://example.signalwire.com/api/laml/2010-04-01/Accounts/uuid-1/Messages.json");
        assertThat(p.get("profile", "sw").webhookKey()).isEqualTo("key3");
        assertThat(p.get("profile", "sw").signatureHeader()).isEqualTo("X-SignalWire-Signature");
        assertThat(p.get("profile", "plant2").webhookKey()).isEqualTo("t2");
        assertThat(p.byAccountSid("uuid-1").map(TwilioProfile::name)).contains("sw");
        assertThat(p.get("profile", null).name()).isEqualTo("default");
    }

    @Test
    void should_refuse_incomplete_profiles_unknown_providers_and_unknown_names() {
        assertThatThrownBy(() -> of(Map.of("callout.twilio.profiles.x.account-sid", "AC9")))
                .hasMessageContaining("callout.twilio.profiles.x.account-sid, .auth-token and .from-number");
        assertThatThrownBy(() -> of(Map.of("callout.twilio.profiles.x.account-sid", "AC9",
                "callout.twilio.profiles.x.auth-token", "t", "callout.twilio.profiles.x.from-number", "+1555",
                "callout.twilio.profiles.x.provider", "vonage"))).hasMessageContaining("twilio or signalwire");
        assertThatThrownBy(() -> of(Map.of()).get("profile", "plant9")).isInstanceOf(ApiException.class)
                .hasMessageContaining("no Twilio profile 'plant9'");
    }

    @Test
    void should_fill_account_placeholders_and_add_the_leading_slash() {
        assertThat(RawRelay.path("2010-04-01/Accounts/{{accountSid}}/Messages.json", "AC7"))
                .isEqualTo("/2010-04-01/Accounts/AC7/Messages.json");
        assertThat(RawRelay.path("/2010-04-01/Accounts/{AccountSid}/Calls.json", "AC7"))
                .isEqualTo("/2010-04-01/Accounts/AC7/Calls.json");
        assertThat(RawRelay.path("2010-04-01/Accounts/{{ accountSid }}.json", "AC7"))
                .isEqualTo("/2010-04-01/Accounts/AC7.json");
    }

    @Test
    void should_not_double_signalwires_prefix_in_paging_uris() {
        assertThat(BaseUrlHttpClient.rewriteUrl("https://api.twilio.com/api/laml/2010-04-01/Accounts/u/Messages.json"
                + "?Page=1", "https://example.signalwire.com/api/laml"))
                .isEqualTo("https://example.signalwire.com/api/laml/2010-04-01/Accounts/u/Messages.json?Page=1");
    }
}
