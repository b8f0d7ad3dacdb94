package broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Creates the alarm inbox and the watched routes folder before Camel Main scans for routes: Camel fails to start
 * when a {@code file:} routes include pattern names a missing folder, and its route watcher ignores one.
 * Register with {@code main.addMainListener(new InputFolders())}.
 */
public final class InputFolders extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent pc = main.getCamelContext().getPropertiesComponent();
        create(pc.resolveProperty("callout.routes.dir").orElse("routes.d"));
        create(pc.resolveProperty("callout.inbox.dir").orElse("data/inbox"));
    }

    private static void create(String dir) {
        try {
            Files.createDirectories(Path.of(dir.trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + dir, e);
        }
    }
}
