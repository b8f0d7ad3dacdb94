// Callout voice script: decides the TwiML for every voice webhook /twilio/voice/{callAction}/{id}.
// Bindings: callAction ('notify', 'ack', 'inbound', 'inbound-ack', or your own), params (Twilio's
// request parameters: From, To, Digits, CallSid...), notification (Map or null), alarm and user
// (records or null: alarm.name, user.username), callout (CalloutApi), twiml (VoiceTwiml
// builder), response (Callout's default TwiML for this action), voice ([voice:, language:]), log.
// Return a String or the twiml builder, or assign response; returning response keeps the default.
// A saved change is used on the next call; if the script fails, the default TwiML is used.

switch (callAction) {
    case 'inbound':
        // Greet a known caller by name, then carry on with the default:
        //   if (user) return twiml.say("Good morning ${user.username}.").raw(response)
        return response
    case 'menu':
        // A custom menu. Offer it from another action, e.g. instead of the default for 'inbound':
        //   return twiml.gather(numDigits: 1, action: '/twilio/voice/menu/0') { say 'Press 1 for the duty engineer.' }
        // and answer the key here:
        //   if (params.Digits == '1') return twiml.say('Connecting you.').dial('+12223334444')
        return response
    default:
        return response
}
