package io.leadflow.api.trigger;

import java.util.concurrent.CompletionStage;

/**
 * A trigger fed by HTTP requests to {@code /hooks/<route>}. The kernel owns that resource and
 * routes each request to the trigger whose active workflow claimed the path; the trigger checks
 * the provider's signature and maps the request to items.
 */
public interface WebhookTrigger extends Trigger {

    /**
     * The route this trigger, with this configuration, listens on.
     *
     * @param context the trigger's configuration and ids
     * @return the route
     */
    WebhookRoute route(TriggerContext context);

    /**
     * Handles one request: verify it, then start a run, reply, or reject.
     *
     * @param request the request as received
     * @param context the trigger's configuration, credential and services
     * @return the decision
     */
    CompletionStage<WebhookOutcome> receive(WebhookRequest request, TriggerContext context);
}
