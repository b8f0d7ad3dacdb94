package console;

/** The Chart.js webjar's version (the pom's {@code chartjs.version}; the path inside the jar names it). */
final class ChartJs {
    static final String VERSION = "4.4.7";

    private ChartJs() {
    }
}
