package routes;

import com.twilio.exception.TwilioException;
import org.apache.camel.builder.RouteConfigurationBuilder;
import twilio.TwilioErrorReply;

/** Error policy of the /api/twilio routes (used with "api"): Twilio's errors keep Twilio's code and message. */
public class TwilioApiErrorConfiguration extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration("twilio-api")
                .onException(TwilioException.class).handled(true).process(new TwilioErrorReply()).end();
    }
}
