package app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/** Starts Callout: Camel Main with application.properties, routes from package {@code routes} and YAML inputs. */
public final class CalloutMain {

    /**
     * {@code -Dcallout.exit-after-start=true}: start, wait until {@code /observe/health} answers 200, then stop
     * cleanly. The build's class-data-sharing training run uses it (see pom.xml); ports left unset are free ones.
     */
    static final String EXIT_AFTER_START = "callout.exit-after-start";

    private CalloutMain() {
    }

    public static void main(String[] args) throws Exception {
        if (wantsHelp(args)) {
            // Callout's own help, not Camel Main's generic one
            System.out.print(help());
            System.exit(0);
        }
        useJdkXmlFactories();
        Main main = create();
        boolean exitAfterStart = Boolean.getBoolean(EXIT_AFTER_START);
        if (exitAfterStart) {
            main.addMainListener(new ExitAfterStart(main));
        }
        try {
            main.run(args);
        } catch (Exception e) {
            StartupFailure failure = StartupFailure.in(e);
            if (failure == null) {
                throw e;
            }
            System.err.println("callout: cannot start: " + failure.getMessage());
            System.err.flush();
            // thrown before anything was opened; halt, not exit: Camel's shutdown hook would otherwise add lines
            // after this one claiming a "SIGTERM" the operator never sent
            Runtime.getRuntime().halt(StartupFailure.EXIT_CODE);
        }
        if (exitAfterStart) {
            // Camel has stopped; don't wait for pools' idle threads to time out before the JVM ends
            System.exit(main.getExitCode());
        }
    }

    static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-help") || a.equals("-h") || a.equals("-?")) {
                return true;
            }
        }
        return false;
    }

    /** The text of {@code bin/callout --help} (resource callout-help.txt). */
    static String help() {
        try (var in = CalloutMain.class.getResourceAsStream("/callout-help.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            return "Callout: see README.md\n";
        }
    }

    /** Callout's Camel Main, not yet started (the tests start this one too). */
    public static Main create() {
        Main main = new Main();
        main.configure().addConfiguration(CalloutConfiguration.class);
        main.addMainListener(new broker.InputFolders());
        main.addMainListener(new SandboxBinding());
        // Start-up defaults; application.properties, -D and environment variables override them.
        // JMX: an MBean for the context only, not one per route and processor (registering those took about a third
        // of the main thread's start-up and over 100 MB of idle memory); =Default brings them back.
        main.addInitialProperty("camel.main.jmx-management-m-beans-level", "ContextOnly");
        return main;
    }

    /**
     * The Twilio SDK builds every TwiML document with {@code DocumentBuilderFactory.newInstance()} and
     * {@code TransformerFactory.newInstance()}; without these properties each call searches every jar on the
     * class path (under a lock) for a provider, only to fall back to the JDK's own. Naming the JDK's own up front
     * skips that search (it was most of a voice webhook's time). A value set on the command line wins.
     */
    static void useJdkXmlFactories() {
        System.getProperties().putIfAbsent("javax.xml.parsers.DocumentBuilderFactory",
                "com.sun.org.apache.xerces.internal.jaxp.DocumentBuilderFactoryImpl");
        System.getProperties().putIfAbsent("javax.xml.transform.TransformerFactory",
                "com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl");
        System.getProperties().putIfAbsent("javax.xml.parsers.SAXParserFactory",
                "com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl");
        // Groovy 4 links a dynamic call site to its target only after 10,000 calls; until then every call in a
        // call script goes through a cache lookup (most of a script's time in the webhook profile)
        System.getProperties().putIfAbsent("groovy.indy.optimize.threshold", "0");
    }

    /** Once Camel has started: polls the health endpoint until 200 (at most a minute), then completes Main. */
    private static final class ExitAfterStart extends MainListenerSupport {
        private final Main main;

        ExitAfterStart(Main main) {
            this.main = main;
            // the server and the embedded broker need real ports: free ones unless given
            for (String key : new String[] {"camel.server.port", "callout.broker.jms-port", "callout.broker.mqtt-port"}) {
                if (System.getProperty(key) == null) {
                    System.setProperty(key, Integer.toString(freePort()));
                }
            }
        }

        @Override
        public void afterStart(BaseMainSupport ignored) {
            String health = "http://127.0.0.1:" + System.getProperty("camel.server.port") + "/observe/health";
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                int status = 0;
                while (status != 200 && System.nanoTime() < deadline) {
                    try {
                        status = http.send(HttpRequest.newBuilder(URI.create(health)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = 0;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    if (status != 200) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                }
                System.out.println(EXIT_AFTER_START + ": " + health + " answered " + status + "; stopping");
                main.completed();
            }, "callout-exit-after-start");
            t.setDaemon(true);
            t.start();
        }

        private static int freePort() {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port", e);
            }
        }
    }
}
