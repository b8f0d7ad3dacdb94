package stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.StatsRoute;

/** The statistics sink end to end (direct:stats -> SQL -> StatsService) on a database the subclass provides. */
abstract class StatsSinkScenario {

    static final String CALLOUT = "+15559990000";
    static final String ALICE_SMS = "+15550000001";
    static final String ALICE_PHONE = "+15550000011";
    static final String BOB_PHONE = "+15550000002";
    static final String CAROL_SMS = "+15550000003";
    static final String STRANGER = "+15550009999";

    /** A fresh, empty database for one test. */
    protected abstract DataSource createDatabase() throws Exception;

    protected abstract void dropDatabase() throws Exception;

    private DataSource dataSource;
    private CamelContext camel;
    private ProducerTemplate template;
    private StatsService stats;
    private long alice;
    private long bob;
    private long carol;

    @BeforeEach
    void startSink() throws Exception {
        dataSource = createDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        alice = insertUser("alice", ALICE_SMS, ALICE_PHONE);
        bob = insertUser("bob", null, BOB_PHONE);
        carol = insertUser("carol, \"the boss\"", CAROL_SMS, null);

        StatsWiring wiring = new StatsWiring(dataSource, new SimpleMeterRegistry());
        stats = wiring.service();
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("dataSource", dataSource);
        camel.addRoutes(new StatsRoute(wiring));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stopSink() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        dropDatabase();
    }

    /** The mix: 3 SMS delivered (sent + delivered callbacks), 1 undelivered, 2 outbound calls, 2 inbound SMS,
     * 1 inbound call, a busy call, and one number not on the roster. */
    static List<Event> mix() {
        List<Event> events = new ArrayList<>();
        for (String[] sms : new String[][] {{"SM001", ALICE_SMS}, {"SM002", ALICE_SMS}, {"SM003", STRANGER}}) {
            for (String status : List.of("queued", "sent", "delivered")) {
                events.add(message(sms[0], status, sms[1]));
            }
        }
        events.add(message("SM004", "queued", BOB_PHONE));
        events.add(message("SM004", "undelivered", BOB_PHONE));
        events.add(call("CA001", "ringing", "outbound-api", CALLOUT, ALICE_PHONE, null));
        events.add(call("CA001", "completed", "outbound-api", CALLOUT, ALICE_PHONE, "61"));
        events.add(call("CA002", "completed", "outbound-api", CALLOUT, BOB_PHONE, "5"));
        events.add(call("CA004", "busy", "outbound-api", CALLOUT, ALICE_PHONE, "0"));
        events.add(new Event("inbound-sms", Map.of("MessageSid", "SM101", "From", ALICE_SMS, "To", CALLOUT,
                "Body", "1234")));
        events.add(new Event("inbound-sms", Map.of("MessageSid", "SM102", "From", BOB_PHONE, "To", CALLOUT,
                "Body", "hello")));
        events.add(call("CA003", "completed", "inbound", BOB_PHONE, CALLOUT, "30"));
        return events;
    }

    @Test
    void should_count_the_mix_exactly() {
        List<Boolean> counted = mix().stream().map(this::send).toList();

        assertThat(counted).filteredOn(c -> c).hasSize(8);
        assertCountsOfMix();
    }

    @Test
    void should_not_count_replayed_events_again() {
        mix().forEach(this::send);

        List<Boolean> replayed = mix().stream().map(this::send).toList();

        assertThat(replayed).containsOnly(false);
        assertCountsOfMix();
    }

    @Test
    void should_not_count_concurrent_replays_again() throws Exception {
        mix().forEach(this::send);

        List<Boolean> replayed = inParallel(6, thread -> shuffled(mix(), thread));

        assertThat(replayed).containsOnly(false);
        assertCountsOfMix();
    }

    @Test
    void should_count_each_event_once_when_first_seen_concurrently() throws Exception {
        // carol has no counter row yet: concurrent first increments race to create it
        List<Event> fresh = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fresh.add(message("SMC" + i, "delivered", CAROL_SMS));
            fresh.add(call("CAC" + i, "completed", "outbound-api", CALLOUT, CAROL_SMS, "61"));
        }

        List<Boolean> counted = inParallel(6, thread -> shuffled(fresh, thread));

        assertThat(counted).filteredOn(c -> c).hasSize(40);
        assertThat(stats.getUser(carol)).isEqualTo(
                new TwilioUser(carol, "carol, \"the boss\"", CAROL_SMS, 20, 0, 20, 0, 40, 0));
    }

    @Test
    void should_list_every_user_and_unknown_as_csv() {
        mix().forEach(this::send);

        assertThat(stats.usersCsv()).isEqualTo(
                "userId,username,phoneNumber,messagesSent,messagesReceived,callsSent,callsReceived,"
                        + "callMinutesSent,callMinutesReceived\r\n"
                        + alice + ",alice," + ALICE_SMS + ",2,1,1,0,2,0\r\n"
                        + bob + ",bob," + BOB_PHONE + ",0,1,1,1,1,1\r\n"
                        + carol + ",\"carol, \"\"the boss\"\"\"," + CAROL_SMS + ",0,0,0,0,0,0\r\n"
                        + "0,unknown,,1,0,0,0,0,0\r\n");
    }

    @Test
    void should_report_zeros_and_no_unknown_row_before_any_event() {
        assertThat(stats.users()).extracting(TwilioUser::getUsername)
                .containsExactly("alice", "bob", "carol, \"the boss\"");
        assertThat(stats.totals()).containsOnly(Map.entry(StatsTags.MESSAGES_SENT, 0L),
                Map.entry(StatsTags.MESSAGES_RECEIVED, 0L), Map.entry(StatsTags.CALLS_SENT, 0L),
                Map.entry(StatsTags.CALLS_RECEIVED, 0L), Map.entry(StatsTags.CALL_MINUTES_SENT, 0L),
                Map.entry(StatsTags.CALL_MINUTES_RECEIVED, 0L));
        assertThat(stats.getUser(alice)).isEqualTo(new TwilioUser(alice, "alice", ALICE_SMS, 0, 0, 0, 0, 0, 0));
        assertThat(stats.getUser(0)).isEqualTo(new TwilioUser(0, "unknown", null, 0, 0, 0, 0, 0, 0));
        assertThat(stats.getUser(999)).isNull();
    }

    private void assertCountsOfMix() {
        assertThat(stats.getUser(alice)).isEqualTo(new TwilioUser(alice, "alice", ALICE_SMS, 2, 1, 1, 0, 2, 0));
        assertThat(stats.getUser(bob)).isEqualTo(new TwilioUser(bob, "bob", BOB_PHONE, 0, 1, 1, 1, 1, 1));
        assertThat(stats.getUser(0)).isEqualTo(new TwilioUser(0, "unknown", null, 1, 0, 0, 0, 0, 0));
        assertThat(stats.users()).containsExactly(
                new TwilioUser(alice, "alice", ALICE_SMS, 2, 1, 1, 0, 2, 0),
                new TwilioUser(bob, "bob", BOB_PHONE, 0, 1, 1, 1, 1, 1),
                new TwilioUser(carol, "carol, \"the boss\"", CAROL_SMS, 0, 0, 0, 0, 0, 0),
                new TwilioUser(0, "unknown", null, 1, 0, 0, 0, 0, 0));
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("System/Gateway/Twilio/MessagesSent", 3L);
        expected.put("System/Gateway/Twilio/MessagesReceived", 2L);
        expected.put("System/Gateway/Twilio/CallsSent", 2L);
        expected.put("System/Gateway/Twilio/CallsReceived", 1L);
        expected.put("System/Gateway/Twilio/CallMinutesSent", 3L);
        expected.put("System/Gateway/Twilio/CallMinutesReceived", 1L);
        assertThat(stats.totals()).containsExactlyEntriesOf(expected);
        assertThat(countRows("SELECT COUNT(*) FROM stats_events")).isEqualTo(8);
    }

    /** Sends one event; true when the sink counted it. */
    private boolean send(Event event) {
        Exchange done = template.send("direct:stats", exchange -> {
            exchange.getIn().setBody(event.params());
            exchange.getIn().setHeader(StatsEvents.KIND_HEADER, event.kind());
        });
        assertThat(done.getException()).as("sink failure for %s", event).isNull();
        assertThat(done.getMessage().getBody()).isEqualTo(event.params());
        assertThat(done.getMessage().getHeaders()).doesNotContainKey("CamelSqlUpdateCount");
        return done.getMessage().getHeader(StatsRoute.COUNTED_HEADER, Boolean.class);
    }

    private List<Boolean> inParallel(int threads, java.util.function.IntFunction<List<Event>> eventsOfThread)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<Boolean>>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Event> events = eventsOfThread.apply(t);
                jobs.add(() -> events.stream().map(this::send).toList());
            }
            List<Boolean> all = new ArrayList<>();
            for (Future<List<Boolean>> f : pool.invokeAll(jobs, 2, TimeUnit.MINUTES)) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Event> shuffled(List<Event> events, int seed) {
        List<Event> copy = new ArrayList<>(events);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    private long insertUser(String username, String sms, String phone) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO users (username, sms, phone) VALUES (?, ?, ?)")) {
            ps.setString(1, username);
            ps.setString(2, sms);
            ps.setString(3, phone);
            ps.executeUpdate();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long countRows(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    record Event(String kind, Map<String, String> params) {
    }

    static Event message(String sid, String status, String to) {
        return new Event("message-status", StatsEventsTest.message(sid, status, to));
    }

    static Event call(String sid, String status, String direction, String from, String to, String seconds) {
        Map<String, String> params = new LinkedHashMap<>(Map.of("CallSid", sid, "CallStatus", status,
                "Direction", direction, "From", from, "To", to));
        if (seconds != null) {
            params.put("CallDuration", seconds);
        }
        return new Event("call-status", params);
    }
}
