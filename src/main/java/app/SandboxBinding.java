package app;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's /sandbox/** (phones, faults) has no authentication, so in sandbox mode (no account SID) the HTTP
 * server listens on 127.0.0.1 unless camel.server.host is configured. Runs before Camel Main applies camel.server.*,
 * which only sets the keys it finds, so the host chosen here stays.
 */
final class SandboxBinding extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger("callout");

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent pc = main.getCamelContext().getPropertiesComponent();
        if (!pc.resolveProperty("callout.twilio.account-sid").orElse("").isBlank()) {
            return;
        }
        String host = pc.resolveProperty("camel.server.host")
                .or(() -> java.util.Optional.ofNullable(System.getenv("CAMEL_SERVER_HOST"))).orElse("");
        if (host.isBlank()) {
            main.configure().httpServer().setHost("127.0.0.1");
            LOG.warn("SANDBOX MODE: HTTP server bound to 127.0.0.1 only (the sandbox's phones and faults have no "
                    + "authentication); set camel.server.host=0.0.0.0 to listen on every interface");
        } else {
            LOG.warn("SANDBOX MODE: HTTP server bound to {} as configured (camel.server.host); /sandbox has no "
                    + "authentication", host);
        }
    }
}
