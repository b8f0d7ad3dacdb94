package console;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Console routes' guard: the session (cookie), its CSRF token on state changes and the role; sets CalloutSession. */
public final class SessionCheck implements Processor {

    public static final String HEADER = "CalloutSession";

    private final ConsoleSessions sessions;

    public SessionCheck(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void process(Exchange exchange) {
        var in = exchange.getIn();
        String uri = in.getHeader(Exchange.HTTP_URI, "", String.class);
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        Session s = sessions.authorize(in.getHeader(Exchange.HTTP_METHOD, "GET", String.class),
                path, in.getHeader("Cookie", String.class), in.getHeader("X-CSRF-Token", String.class));
        in.removeHeader("Cookie");
        in.setHeader(HEADER, s);
    }
}
