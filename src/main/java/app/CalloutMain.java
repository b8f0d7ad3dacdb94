package app;

import org.apache.camel.main.Main;

/** Starts Callout: Camel Main with application.properties, routes from package {@code routes} and YAML inputs. */
public final class CalloutMain {

    private CalloutMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(CalloutConfiguration.class);
        main.addMainListener(new broker.InputFolders());
        main.run(args);
    }
}
