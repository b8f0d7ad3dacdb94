package routes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import sandbox.SandboxRequest;
import sandbox.SandboxResponse;
import sandbox.TwilioSandbox;

/** Serves the simulated Twilio (bean {@code twilioSandbox}) under {@code /sandbox}. */
public class SandboxRoute extends EndpointRouteBuilder {

    @Override
    public void configure() {
        if (getContext().getRegistry().lookupByName("twilioSandbox") == null) {
            return; // a real Twilio account is configured: no simulator
        }
        // every request below /sandbox goes to the sandbox core; request headers are not echoed back
        from(platformHttp("/sandbox").matchOnUriPrefix(true))
                .routeId("sandbox-http")
                .process(new SandboxExchangeAdapter());
    }

    /** Turns the HTTP exchange into a {@link SandboxRequest} and writes the {@link SandboxResponse} back. */
    public static class SandboxExchangeAdapter implements Processor {

        @Override
        public void process(Exchange exchange) {
            TwilioSandbox sandbox = exchange.getContext().getRegistry()
                    .lookupByNameAndType("twilioSandbox", TwilioSandbox.class);
            SandboxResponse res = sandbox.handle(toRequest(exchange.getMessage()));
            Message out = exchange.getMessage();
            out.removeHeaders("*");
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, res.status());
            if (res.contentType() != null) {
                out.setHeader(Exchange.CONTENT_TYPE, res.contentType());
            }
            res.headers().forEach(out::setHeader);
            out.setBody(web.JsonReply.bytes(res.body()));
        }

        static SandboxRequest toRequest(Message in) {
            String uri = in.getHeader(Exchange.HTTP_URI, String.class);
            String path = uri == null ? in.getHeader(Exchange.HTTP_PATH, "", String.class) : uri;
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
            int at = path.indexOf("/sandbox");
            if (at >= 0) {
                path = path.substring(at + "/sandbox".length());
            }
            Map<String, List<String>> form = new LinkedHashMap<>();
            String body = null;
            Object raw = in.getBody();
            if (raw instanceof Map<?, ?> map) {
                map.forEach((k, v) -> form.put(String.valueOf(k), values(v)));
            } else if (raw != null) {
                body = in.getBody(String.class);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            in.getHeaders().forEach((k, v) -> {
                if (v instanceof String s) {
                    headers.put(k, s);
                }
            });
            return new SandboxRequest(in.getHeader(Exchange.HTTP_METHOD, "GET", String.class), path,
                    parseQuery(in.getHeader(Exchange.HTTP_QUERY, String.class)), form, headers, body);
        }

        private static List<String> values(Object v) {
            List<String> out = new ArrayList<>();
            if (v instanceof Iterable<?> it) {
                it.forEach(x -> out.add(String.valueOf(x)));
            } else if (v != null) {
                out.add(String.valueOf(v));
            }
            return out;
        }

        static Map<String, List<String>> parseQuery(String query) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            if (query == null || query.isEmpty()) {
                return out;
            }
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
            return out;
        }
    }
}
