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
    /** Patterns by key, parsed once: parsing one cost more than filling it in (every spoken alarm, every reply). */
    private final Map<String, Plain> plains = new ConcurrentHashMap<>();

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
        Plain plain = plains.computeIfAbsent(key, k -> Plain.of(bundle.getString(k), locale));
        if (plain.fills(args)) {
            return plain.fill(args);
        }
        synchronized (plain.format()) {  // a MessageFormat is not thread-safe; filling one in takes about a microsecond
            return plain.format().format(args);
        }
    }

    /**
     * A pattern of text and plain {@code {n}} arguments, filled in by concatenation: MessageFormat takes a lock, a
     * StringBuffer and a FieldPosition for each use (every spoken alarm says four to six prompts). The split is
     * MessageFormat's own (quotes, {@code ''}): it formats marker arguments once and the text between them is kept.
     * Typed arguments ({@code {0,number}}, {@code {0,choice,...}}; {@code texts} null) and number or date values are
     * filled by {@code format}.
     */
    private record Plain(String[] texts, int[] args, MessageFormat format) {

        private static final java.util.regex.Pattern MARK = java.util.regex.Pattern.compile("\uFDD0(\\d+)\uFDD1");

        static Plain of(String pattern, Locale locale) {
            MessageFormat format = new MessageFormat(pattern, locale);
            if (pattern.indexOf('{') < 0) {
                return new Plain(new String[] {pattern}, new int[0], format);  // no argument: the text as written
            }
            for (java.text.Format f : format.getFormatsByArgumentIndex()) {
                if (f != null) {
                    return new Plain(null, null, format);
                }
            }
            Object[] marks = new Object[format.getFormatsByArgumentIndex().length];
            for (int i = 0; i < marks.length; i++) {
                marks[i] = "\uFDD0" + i + "\uFDD1";
            }
            String marked = format.format(marks);
            java.util.List<String> texts = new java.util.ArrayList<>();
            java.util.List<Integer> args = new java.util.ArrayList<>();
            java.util.regex.Matcher m = MARK.matcher(marked);
            int at = 0;
            while (m.find()) {
                texts.add(marked.substring(at, m.start()));
                args.add(Integer.parseInt(m.group(1)));
                at = m.end();
            }
            texts.add(marked.substring(at));
            if (texts.stream().anyMatch(t -> t.indexOf('\uFDD0') >= 0 || t.indexOf('\uFDD1') >= 0)) {
                return new Plain(null, null, format);  // a marker character in the pattern itself
            }
            return new Plain(texts.toArray(String[]::new), args.stream().mapToInt(Integer::intValue).toArray(),
                    format);
        }

        /** Whether concatenation gives what MessageFormat would: every value used is there and not a number or date. */
        boolean fills(Object[] values) {
            if (texts == null) {
                return false;
            }
            for (int a : args) {
                if (a >= values.length || values[a] instanceof Number || values[a] instanceof java.util.Date) {
                    return false;
                }
            }
            return true;
        }

        String fill(Object[] values) {
            if (args.length == 0) {
                return texts[0];
            }
            StringBuilder sb = new StringBuilder(texts[0].length() + 64).append(texts[0]);
            for (int i = 0; i < args.length; i++) {
                sb.append(values[args[i]]).append(texts[i + 1]);
            }
            return sb.toString();
        }
    }
}
