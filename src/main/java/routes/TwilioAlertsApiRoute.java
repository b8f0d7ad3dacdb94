package routes;

import com.twilio.http.TwilioRestClient;
import twilio.MonitorAlerts;
import twilio.RawRelay;
import twilio.RawReply;
import twilio.RawRequest;
import twilio.TwilioHttp;
import web.JsonBody;

/**
 * /api/twilio/alerts (Monitor API through the SDK: camel-twilio has no Monitor endpoint) and
 * /api/twilio/request (any other Twilio call, relayed with the account's auth, answer unchanged).
 */
public class TwilioAlertsApiRoute extends TwilioApiRouteBuilder {

    @Override
    public void configure() {
        TwilioRestClient client = getContext().getRegistry()
                .lookupByNameAndType("twilioRestClient", TwilioRestClient.class);
        MonitorAlerts alerts = new MonitorAlerts(client);
        RawRelay relay = new RawRelay(getContext().getRegistry()
                .lookupByNameAndType("twilioProfiles", twilio.TwilioProfiles.class));

        twilioApi("GET", "/api/twilio/alerts", "api-twilio-alerts-list")
                .bean(alerts, "list(${header.logLevel}, ${header.startDate}, ${header.endDate}, "
                        + "${header.limit}, ${header.pageSize})")
                .process(JSON_REPLY);

        twilioApi("POST", "/api/twilio/request", "api-twilio-request")
                .process(JsonBody.of(RawRequest.class))
                .bean(relay, "relay")
                .process(new RawReply());
    }
}
