package app;

import org.apache.camel.main.Main;

/** Starts Callout: Camel Main with application.properties, routes from package {@code routes} and YAML inputs. */
public final class CalloutMain {

    private CalloutMain() {
    }

    public static void main(String[] args) throws Exception {
        useJdkXmlFactories();
        Main main = new Main();
        main.configure().addConfiguration(CalloutConfiguration.class);
        main.run(args);
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
    }
}
