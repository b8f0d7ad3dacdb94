package twiml;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One language's words for everything Callout says or texts (the prompt packs {@code prompts/prompts_xx.properties}:
 * en, de, fr, es, nl), with the text-to-speech voice that speaks them. A user's {@code language} ("de", "de-AT")
 * picks the pack by its language part; an unknown language gets English.
 */
public final class Prompts {

    public static final Prompts EN = new Prompts(Locale.ENGLISH);
    private static final Map<String, Prompts> PACKS = new ConcurrentHashMap<>();

    private final Locale locale;
    private final ResourceBundle bundle;
    /** Parsed patterns by key: parsing one cost more than filling it in (every spoken alarm, every reply). */
    private final Map<String, MessageFormat> formats = new ConcurrentHashMap<>();

    private Prompts(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("prompts.prompts", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The pack for a language tag; English for null, blank or a language without a pack. */
    public static Prompts of(String languageTag) {
        if (languageTag == null || languageTag.isBlank()) {
            return EN;
        }
        String lang = Locale.forLanguageTag(languageTag.strip().replace('_', '-')).getLanguage();
        if (lang.isEmpty() || lang.equals("en")) {
            return EN;
        }
        return PACKS.computeIfAbsent(lang, l -> {
            Prompts p = new Prompts(Locale.forLanguageTag(l));
            // getBundle falls back to the base (English) file when there is no pack: share EN then
            return p.bundle.getLocale().getLanguage().equals(l) ? p : EN;
        });
    }

    /** The packs shipped. */
    public static java.util.List<String> languages() {
        return java.util.List.of("en", "de", "fr", "es", "nl");
    }

    public String language() {
        return locale.getLanguage();
    }

    /** The pack's own voice, e.g. Polly.Vicki for German. */
    public String voice() {
        return bundle.getString("voice");
    }

    /** The pack's speech language, e.g. de-DE. */
    public String speechLanguage() {
        return bundle.getString("language");
    }

    /** The text of {@code key} with its arguments filled in. */
    public String get(String key, Object... args) {
        String pattern = bundle.getString(key);
        if (args.length == 0 && pattern.indexOf('{') < 0) {
            return pattern;
        }
        MessageFormat format = formats.computeIfAbsent(key, k -> new MessageFormat(pattern, locale));
        synchronized (format) {  // a MessageFormat is not thread-safe; filling one in takes about a microsecond
            return format.format(args);
        }
    }
}
