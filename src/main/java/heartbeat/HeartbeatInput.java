package heartbeat;

/** The JSON of POST /api/heartbeats: {@code interval} ISO-8601, {@code priority} of the lost alarm (Critical). */
public record HeartbeatInput(String name, String interval, String roster, String priority) {
}
