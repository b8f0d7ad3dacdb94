package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Storm control: notifications held for a phone (bundled or over its rate limit) go out as one bundle SMS, or one
 * call, once the phone's window and limits allow. The hold is in the database, so a restart or another instance
 * carries on.
 */
public class StormRoute extends EndpointRouteBuilder {

    @Override
    public void configure() {
        // every poll: the phones with held notifications, one bundle each when it may be sent
        from(timer("storm-bundles").period("{{callout.bundle.poll:1000}}").delay(1000))
                .routeId("storm-bundles")
                .bean("stormControl", "prune")
                .bean("alarmStore", "heldContacts")
                .split(body())
                    .to(seda("storm-flush"));

        // one phone: take its held notifications out of the hold and send them as one SMS or call
        from(seda("storm-flush").concurrentConsumers(4)).routeId("storm-flush")
                .process(e -> {
                    String[] contact = e.getIn().getBody(String[].class);
                    e.getIn().setBody(Beans.bean(e, "stormControl", storm.StormControl.class)
                            .flush(contact[0], contact[1]));
                })
                .filter(body().isNotNull())
                    .setProperty("bundle", body())
                    .doTry()
                        .choice()
                            // one alarm held alone goes out as its own SMS (its own code and status callbacks)
                            .when(e -> bundle(e).channel().equals("sms") && bundle(e).notifications().size() == 1)
                                .process(e -> e.getIn().setBody(notifier(e).sms(bundle(e).notifications().get(0))))
                                .to(direct("twilio-sms"))
                            .when(e -> bundle(e).channel().equals("sms"))
                                .process(e -> e.getIn().setBody(notifier(e).bundleSms(bundle(e))))
                                .to(direct("twilio-sms"))
                            .otherwise()
                                .process(e -> e.getIn().setBody(notifier(e).call(bundle(e).notifications().get(0))))
                                .to(direct("twilio-call"))
                        .end()
                        .process(e -> notifier(e).bundleSent(bundle(e), e.getIn().getBody()))
                    .endDoTry()
                    .doCatch(Exception.class)
                        .process(e -> notifier(e).bundleFailed(bundle(e),
                                e.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class)))
                    .end()
                .end();
    }

    private static storm.StormControl.Bundle bundle(org.apache.camel.Exchange e) {
        return e.getProperty("bundle", storm.StormControl.Bundle.class);
    }

    private static notify.Notifier notifier(org.apache.camel.Exchange e) {
        return Beans.bean(e, "notifier", notify.Notifier.class);
    }
}
