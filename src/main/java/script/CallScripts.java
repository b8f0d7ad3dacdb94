package script;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.Script;
import groovy.transform.ThreadInterrupt;
import groovy.transform.TimedInterrupt;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.InputSource;
import twiml.Twiml;

/**
 * Runs the call scripts {@code <scriptsDir>/<name>.groovy} that decide the TwiML Twilio gets.
 * A changed file is used on the next call; compiled classes are cached by content hash. A
 * script that fails to compile, throws, times out or returns something that is not a TwiML
 * {@code <Response>} yields the default TwiML and an ERROR log: this class never throws.
 */
public final class CallScripts implements AutoCloseable {

    public static final String XML_HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    /** The outcome of one run: the TwiML to send, whether it is the fallback, and why (null on success). */
    public record ScriptOutcome(String xml, boolean fellBack, String error) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CallScripts.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
    /** Binding names scripts may rely on; absent ones are bound to null rather than failing. */
    private static final String[] KNOWN_BINDINGS =
            {"callAction", "params", "notification", "alarm", "user", "callout", "voice"};
    /** A file changed this recently may change again within the same mtime tick: re-hash it. */
    private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int COMPILED_CACHE_SIZE = 64;
    private static final DocumentBuilderFactory XML = twiml.RawXml.secureFactory();
    private static final ThreadLocal<DocumentBuilder> PARSER = ThreadLocal.withInitial(() -> {
        try {
            DocumentBuilder parser = XML.newDocumentBuilder();
            parser.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // throws on errors, prints nothing
            return parser;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    });

    private final Path scriptsDir;
    private final Duration timeout;
    private final CompilerConfiguration compilerConfig;
    /**
     * Interrupts a script still running at its deadline: one thread for all runs, which wakes every
     * {@link #watchdogTick} and looks at the runs in {@link #active}. A scheduled task per run (schedule, then cancel)
     * woke it for every webhook: 5-12% of Callout's CPU at 24,000 webhooks/s.
     */
    private final Thread watchdog;
    private final long watchdogTick;
    private final Set<Deadline> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final AtomicInteger running = new AtomicInteger();
    private final Map<String, FileState> files = new ConcurrentHashMap<>();
    private final Map<String, Compiled> compiled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
            return size() > COMPILED_CACHE_SIZE;
        }
    };
    private final AtomicInteger compiles = new AtomicInteger();

    /** What was last seen of a file, to skip re-reading it when nothing changed. */
    private record FileState(long mtimeNanos, long size, long hashedAtNanos, Compiled compiled) {
    }

    /** A compiled script class, or the compile error of that content. */
    /**
     * {@code keepsDefault}: the script does nothing but hand back the default ({@code return text}, as shipped, or
     * nothing at all besides comments); {@link #text} then skips running it, as its result is known.
     */
    private record Compiled(Class<? extends Script> type, String error, boolean keepsDefault) {
        Compiled(Class<? extends Script> type, String error) {
            this(type, error, false);
        }
    }

    private static final java.util.regex.Pattern COMMENTS =
            java.util.regex.Pattern.compile("/\\*.*?\\*/|//[^\\n]*", java.util.regex.Pattern.DOTALL);

    /** True when the source, without its comments, only returns the binding {@code text} (or is empty). */
    static boolean keepsDefault(String source) {
        String code = COMMENTS.matcher(source).replaceAll(" ").replaceAll("[\\s;]+", " ").strip();
        return code.isEmpty() || code.equals("text") || code.equals("return text");
    }

    /**
     * @param scriptsDir folder of the {@code *.groovy} call scripts
     * @param timeout    longest a script may run; enforced inside the script (interrupt checks in
     *                   loops, methods and closures) and by interrupting a script still blocked at the deadline
     */
    public CallScripts(Path scriptsDir, Duration timeout) {
        this.scriptsDir = scriptsDir;
        this.timeout = timeout;
        this.compilerConfig = compilerConfig(timeout);
        // deadlines are kept to within a tenth of the timeout (at most 50 ms late)
        this.watchdogTick = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                Math.min(TimeUnit.MILLISECONDS.toNanos(50), timeout.toNanos() / 10));
        this.watchdog = new Thread(this::watch, "callout-script-watchdog");
        this.watchdog.setDaemon(true);
        this.watchdog.start();
    }

    private void watch() {
        while (!closed) {
            LockSupport.parkNanos(watchdogTick);
            long now = System.nanoTime();
            for (Deadline d : active) {
                if (now - d.at >= 0) {
                    d.run();
                }
            }
        }
    }

    /**
     * Runs {@code <scriptsDir>/<scriptName>.groovy}.
     *
     * @param bindings     callAction, params, notification, alarm, user, callout, voice…
     * @param defaultXml   Callout's default TwiML for this request, bound as {@code response}
     * @param twimlBuilder bound as {@code twiml} (a {@link twiml.VoiceTwiml} or {@link twiml.MessagingTwiml})
     */
    public ScriptOutcome run(String scriptName, Map<String, Object> bindings, String defaultXml, Object twimlBuilder) {
        String fallback = withHeader(defaultXml);
        try {
            if (scriptName == null || !NAME.matcher(scriptName).matches()) {
                return fail(scriptName, fallback, "invalid script name '" + scriptName + "'", null);
            }
            Compiled script = load(scriptName);
            if (script == null) {
                return new ScriptOutcome(fallback, false, null);
            }
            if (script.error() != null) {
                return fail(scriptName, fallback, script.error(), null);
            }
            Binding binding = binding(scriptName, bindings, defaultXml, twimlBuilder);
            Object result = execute(script.type(), binding);
            Result xml = resultXml(result, binding, defaultXml, twimlBuilder);
            // the default is Callout's own TwiML, and a builder only writes well-formed TwiML: only text the
            // script wrote itself needs checking
            String problem = xml.checked() ? null : twimlProblem(xml.xml());
            if (problem != null) {
                return fail(scriptName, fallback, "script result is not TwiML: " + problem, null);
            }
            return new ScriptOutcome(withHeader(xml.xml()), false, null);
        } catch (TimedOut e) {
            return fail(scriptName, fallback, "timed out after " + timeout.toMillis() + " ms", null);
        } catch (ScriptFailed e) {
            return fail(scriptName, fallback, describe(e.getCause()), e.getCause());
        } catch (RuntimeException | IOException | LinkageError e) {
            return fail(scriptName, fallback, describe(e), e);
        }
    }

    /**
     * Runs {@code <scriptsDir>/<scriptName>.groovy} for a text (scripts/texts.groovy): {@code text} and
     * {@code response} are bound to Callout's default; what the script returns (a String, not blank) is the text,
     * else the default. No file means the default; a script that fails or times out gives the default with the error.
     */
    public ScriptOutcome text(String scriptName, Map<String, Object> bindings, String defaultText) {
        try {
            Compiled script = load(scriptName);
            if (script == null) {
                return new ScriptOutcome(defaultText, false, null);
            }
            if (script.error() != null) {
                return fail(scriptName, defaultText, script.error(), null);
            }
            if (script.keepsDefault()) {
                return new ScriptOutcome(defaultText, false, null);
            }
            Map<String, Object> vars = new HashMap<>(bindings);
            vars.put("text", defaultText);
            Binding binding = binding(scriptName, vars, defaultText, null);
            Object result = execute(script.type(), binding);
            if (result == null) {
                result = binding.getVariable("response");
            }
            String text = result == null ? null : result.toString();
            return new ScriptOutcome(text == null || text.isBlank() ? defaultText : text, false, null);
        } catch (TimedOut e) {
            return fail(scriptName, defaultText, "timed out after " + timeout.toMillis() + " ms", null);
        } catch (ScriptFailed e) {
            return fail(scriptName, defaultText, describe(e.getCause()), e.getCause());
        } catch (RuntimeException | IOException | LinkageError e) {
            return fail(scriptName, defaultText, describe(e), e);
        }
    }

    /**
     * True when {@code <scriptName>.groovy} would give back every default text unchanged: there is no such file, or
     * it only returns {@code text} (as shipped). A script that does not compile is not: each use must report it.
     */
    public boolean keepsDefaults(String scriptName) {
        try {
            Compiled script = load(scriptName);
            return script == null || (script.error() == null && script.keepsDefault());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Number of compilations so far (tests check that an unchanged file is not recompiled). */
    int compileCount() {
        return compiles.get();
    }

    /** Scripts executing right now (tests check that a timed-out script really stopped). */
    int runningCount() {
        return running.get();
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watchdog);
    }

    // --- loading ----------------------------------------------------------------------------

    /** The compiled script for the file's current content, or null when there is no file. */
    private Compiled load(String name) throws IOException {
        Path file = scriptsDir.resolve(name + ".groovy");
        if (!files.containsKey(name) && !file.toFile().exists()) {
            // no such script last time and none now: java.io.File answers without the NoSuchFileException (and its
            // stack trace) that readAttributes throws, which was most of the check's cost for an absent script
            // asked for on every webhook (texts.groovy is optional)
            return null;
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            files.remove(name);
            return null;
        }
        if (!attrs.isRegularFile()) {
            return null;
        }
        long mtime = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        FileState known = files.get(name);
        if (known != null && known.mtimeNanos() == mtime && known.size() == attrs.size()
                && known.hashedAtNanos() - mtime > RACY_NANOS) {
            return known.compiled();  // the usual case: no lock, no cache key to build
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            files.remove(name);
            return null;
        }
        String hash = sha256(bytes);
        Compiled hit = cached(name, hash);
        if (hit == null) {
            hit = compile(name, new String(bytes, StandardCharsets.UTF_8));
            synchronized (compiled) {
                compiled.put(name + ":" + hash, hit);
            }
        }
        files.put(name, new FileState(mtime, bytes.length, now, hit));
        return hit;
    }

    /** Keyed by name too: the class name and error messages come from the script's name. */
    private Compiled cached(String name, String hash) {
        synchronized (compiled) {
            return compiled.get(name + ":" + hash);
        }
    }

    @SuppressWarnings("unchecked")
    private Compiled compile(String name, String text) {
        compiles.incrementAndGet();
        // a loader per compilation, so a replaced version can be garbage collected
        GroovyClassLoader loader = new GroovyClassLoader(CallScripts.class.getClassLoader(), compilerConfig);
        try {
            // the class is named from the source name; "voice" would shadow the binding of that name
            String className = "Script_" + name.replace('-', '_');
            GroovyCodeSource source = new GroovyCodeSource(text, className + ".groovy", "/groovy/callout/scripts");
            source.setCachable(false);
            Class<?> type = loader.parseClass(source);
            if (!Script.class.isAssignableFrom(type)) {
                return new Compiled(null, name + ".groovy must be a script, not a class definition");
            }
            return new Compiled((Class<? extends Script>) type, null, keepsDefault(text));
        } catch (CompilationFailedException e) {
            return new Compiled(null, "compile error in " + name + ".groovy: " + e.getMessage().strip());
        }
    }

    private static CompilerConfiguration compilerConfig(Duration timeout) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setSourceEncoding(StandardCharsets.UTF_8.name());
        Map<String, Object> timed = new HashMap<>();
        timed.put("value", Math.max(1L, timeout.toMillis()));
        timed.put("unit", TimeUnit.MILLISECONDS);
        config.addCompilationCustomizers(
                new ASTTransformationCustomizer(ThreadInterrupt.class),
                new ASTTransformationCustomizer(timed, TimedInterrupt.class));
        return config;
    }

    // --- running ----------------------------------------------------------------------------

    private Binding binding(String name, Map<String, Object> bindings, String defaultXml, Object twimlBuilder) {
        Map<String, Object> vars = new HashMap<>();
        for (String known : KNOWN_BINDINGS) {
            vars.put(known, null);
        }
        if (bindings != null) {
            vars.putAll(bindings);
        }
        if (twimlBuilder instanceof Twiml builder) {
            builder.trust(defaultXml);
        }
        vars.put("twiml", twimlBuilder);
        vars.put("response", defaultXml);
        vars.put("log", LoggerFactory.getLogger("callout.script." + name));
        return new Binding(vars);
    }

    /**
     * Runs the script on the calling thread (a hand-off to another thread cost more than most scripts take). Loops,
     * methods and closures check the deadline themselves ({@code @TimedInterrupt}); a script blocked in a call
     * (a sleep, a latch, a lock) is interrupted by the watchdog at the deadline. The interrupt never outlives the
     * run: the caller's thread leaves here with its interrupt flag as it came.
     */
    private Object execute(Class<? extends Script> type, Binding binding) {
        Deadline deadline = new Deadline(Thread.currentThread(), System.nanoTime() + timeout.toNanos());
        boolean wasInterrupted = Thread.interrupted();
        active.add(deadline);
        running.incrementAndGet();
        try {
            return InvokerHelper.createScript(type, binding).run();
        } catch (Throwable t) {
            if (deadline.finish() || isTimeout(t)) {
                throw new TimedOut();
            }
            if (t instanceof Error e && !(t instanceof LinkageError) && !(t instanceof StackOverflowError)) {
                throw e;
            }
            throw new ScriptFailed(t);
        } finally {
            deadline.finish();
            active.remove(deadline);
            running.decrementAndGet();
            Thread.interrupted();  // an interrupt meant for the script stays with the script
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** One run's deadline ({@link System#nanoTime()}): interrupts the script's thread unless the run is over. */
    private static final class Deadline implements Runnable {
        private final Thread thread;
        final long at;
        private boolean finished;
        private boolean fired;

        Deadline(Thread thread, long at) {
            this.thread = thread;
            this.at = at;
        }

        @Override
        public synchronized void run() {
            if (!finished) {
                fired = true;
                thread.interrupt();
            }
        }

        /** Ends the run (no interrupt can come after this); true when the deadline had already fired. */
        synchronized boolean finish() {
            finished = true;
            return fired;
        }
    }

    /** The script ran past its deadline. */
    private static final class TimedOut extends RuntimeException {
        TimedOut() {
            super(null, null, false, false);
        }
    }

    /** The script threw. */
    private static final class ScriptFailed extends RuntimeException {
        ScriptFailed(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    /** The TwiML a script produced; {@code checked} when it needs no parse (the default, or a builder's output). */
    private record Result(String xml, boolean checked) {
    }

    /** The result rule: returned text or builder, else a reassigned response, else a used builder, else the default. */
    private static Result resultXml(Object result, Binding binding, String defaultXml, Object twimlBuilder) {
        if (result instanceof CharSequence text) {
            String xml = text.toString();
            return new Result(xml, xml == defaultXml);
        }
        if (result instanceof Twiml builder) {
            return new Result(builder.toXml(), true);
        }
        Object response = binding.getVariable("response");
        if (response != defaultXml && response != null) {
            return response instanceof Twiml builder ? new Result(builder.toXml(), true)
                    : new Result(response.toString(), false);
        }
        if (twimlBuilder instanceof Twiml builder && !builder.isEmpty()) {
            return new Result(builder.toXml(), true);
        }
        return new Result(defaultXml, true);
    }

    // --- checks and helpers -----------------------------------------------------------------

    /** Null when {@code xml} is a well-formed document whose root is {@code <Response>}. */
    static String twimlProblem(String xml) {
        if (xml == null || xml.isBlank()) {
            return "empty";
        }
        try {
            DocumentBuilder parser = PARSER.get();
            parser.reset();
            String root = parser.parse(new InputSource(new StringReader(xml.strip())))
                    .getDocumentElement().getTagName();
            return root.equals("Response") ? null : "root element is <" + root + ">, not <Response>";
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    static String withHeader(String xml) {
        if (xml == null) {
            return XML_HEADER + "<Response/>";
        }
        String s = xml.strip();
        if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
            s = s.substring(1);
        }
        return s.startsWith("<?xml") ? s : XML_HEADER + s;
    }

    private ScriptOutcome fail(String name, String fallback, String error, Throwable cause) {
        if (cause != null) {
            LOG.error("call script {} failed, default TwiML used: {}", name, error, cause);
        } else {
            LOG.error("call script {} failed, default TwiML used: {}", name, error);
        }
        return new ScriptOutcome(fallback, true, error);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
