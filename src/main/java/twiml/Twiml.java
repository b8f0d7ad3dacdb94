package twiml;

/** A TwiML document under construction: what the script runner needs of a builder. */
public interface Twiml {

    /** The whole document, XML header included. */
    String toXml();

    /** True while no verb has been added. */
    boolean isEmpty();
}
