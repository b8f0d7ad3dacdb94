package sandbox;

import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.SandboxRoute;

/**
 * {@code bin/callout-sandbox}: the Twilio simulator alone, in its own process with its own port and no database,
 * shared by several Callout instances (each with {@code callout.twilio.api-url={sandbox}/sandbox/twilio} and the
 * sandbox's account SID and token). Its phones text and call {@code callout.sandbox.webhook-url}, the Callout (or load
 * balancer) URL; status callbacks go wherever each message or call says. Settings: {@code sandbox.properties}.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        create().run(args);
    }

    /** The sandbox's Camel Main, not yet started (the tests start this one too). */
    public static Main create() {
        Main main = new Main();
        // its own properties: Callout's application.properties (database, brokers, routes) is not read
        main.setDefaultPropertyPlaceholderLocation("classpath:sandbox.properties");
        main.configure().addConfiguration(SandboxConfiguration.class);
        main.configure().addRoutesBuilder(new SandboxRoute());
        return main;
    }

    /** Binds {@code twilioSandbox} from the {@code callout.sandbox.*} properties. */
    public static final class SandboxConfiguration implements CamelConfiguration {

        private static final Logger LOG = LoggerFactory.getLogger("callout.sandbox");

        @Override
        public void configure(CamelContext context) throws Exception {
            PropertiesComponent p = context.getPropertiesComponent();
            SandboxConfig config = new SandboxConfig(get(p, "callout.sandbox.account-sid"),
                    get(p, "callout.sandbox.auth-token"), get(p, "callout.sandbox.from-number"),
                    () -> stripSlash(get(p, "callout.sandbox.webhook-url")),
                    Duration.parse(get(p, "callout.sandbox.step-delay")));
            TwilioSandbox sandbox = new TwilioSandbox(config);
            context.getRegistry().bind("twilioSandbox", sandbox);
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    sandbox.close();
                }
            });
            LOG.info("Twilio sandbox on port {}: REST API under /sandbox/twilio (account {}, from {}), phones under "
                    + "/sandbox/phones text and call {}", get(p, "camel.server.port"), config.accountSid(),
                    config.fromNumber(), config.calloutBaseUrl().get());
        }

        private static String get(PropertiesComponent p, String key) {
            return p.resolveProperty(key).map(String::trim).orElseThrow(
                    () -> new IllegalStateException(key + " is not set"));
        }

        private static String stripSlash(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }
}
