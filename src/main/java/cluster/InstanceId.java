package cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** This instance's name in leases: {@code callout.instance-id}, else host-pid-random (unique per start). */
public final class InstanceId {

    private InstanceId() {
    }

    public static String of(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        // random part: a restarted process that gets the same pid (containers: always 1) is a new instance
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }
}
