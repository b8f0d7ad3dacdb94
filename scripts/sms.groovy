// Callout SMS script: answers texts to Callout's number that are not PIN acknowledgements.
// Bindings: callAction, params (Twilio's: From, Body...), user (record or null: user.username),
// callout (CalloutApi), twiml (MessagingTwiml builder), response (Callout's default reply), log.
// Return a String or the twiml builder, or assign response; returning response keeps the default.
//
// 'STATUS' is answered by the default response: the sender's active alarms with their codes.
// To word it yourself:
//   if (params.Body?.trim()?.equalsIgnoreCase('STATUS') && user) {
//       def alarms = callout.activeAlarms(user.id)
//       return twiml.message(alarms ? alarms.collect { "${it.ackCode}: ${it.name}" }.join('\n') : 'All clear.')
//   }

return response
