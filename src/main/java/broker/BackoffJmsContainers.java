package broker;

import java.time.Duration;
import org.apache.camel.component.jms.DefaultJmsMessageListenerContainer;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.jms.MessageListenerContainerFactory;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Listener containers for the JMS input that wait longer and longer between reconnects (1 s, 2 s, 4 s … up to
 * {@code callout.inputs.reconnect-max}) while the broker cannot be reached. Camel's default is a fixed 5 s, and Spring
 * logs an ERROR at every try: a missing broker wrote one every 5 s for ever. Endpoint option
 * {@code consumerType: Custom} with {@code messageListenerContainerFactory: "#jmsListenerContainers"}.
 */
public final class BackoffJmsContainers implements MessageListenerContainerFactory {

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final Duration maxInterval;

    public BackoffJmsContainers(Duration maxInterval) {
        this.maxInterval = maxInterval;
    }

    @Override
    public AbstractMessageListenerContainer createMessageListenerContainer(JmsEndpoint endpoint) {
        return new Container(endpoint, backOff(maxInterval));
    }

    /** Doubling from one second to {@code max}, never giving up. */
    static ExponentialBackOff backOff(Duration max) {
        ExponentialBackOff backOff = new ExponentialBackOff(FIRST_RETRY.toMillis(), 2.0);
        backOff.setMaxInterval(Math.max(FIRST_RETRY.toMillis(), max.toMillis()));
        return backOff;
    }

    /** Camel's container with the back-off above; Camel's fixed recovery interval does not replace it. */
    static final class Container extends DefaultJmsMessageListenerContainer {
        private final ExponentialBackOff backOff;

        Container(JmsEndpoint endpoint, ExponentialBackOff backOff) {
            super(endpoint);
            this.backOff = backOff;
            setBackOff(backOff);
        }

        @Override
        public void setRecoveryInterval(long ignored) {
            // Camel sets its fixed interval after creating the container: keep the exponential back-off
            setBackOff(backOff);
        }

        ExponentialBackOff backOff() {
            return backOff;
        }
    }
}
