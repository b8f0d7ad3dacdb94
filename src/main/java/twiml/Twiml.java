package twiml;

/** A TwiML document under construction: what the script runner needs of a builder. */
public interface Twiml {

    /** The whole document, XML header included. */
    String toXml();

    /** True while no verb has been added. */
    boolean isEmpty();

    /**
     * Marks {@code xml}, this very String, as Callout's own TwiML (the script's {@code response}): {@code raw(xml)}
     * may then splice it without parsing it again. Other strings are parsed and checked as before.
     */
    default void trust(String xml) {
    }
}
