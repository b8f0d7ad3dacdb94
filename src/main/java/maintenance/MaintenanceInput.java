package maintenance;

/** The JSON of POST /api/maintenance; times as ISO-8601 instants ({@code start} defaults to now). */
public record MaintenanceInput(String sources, String start, String end, String reason) {
}
