package io.leadflow.api.trigger;

import io.leadflow.api.node.Item;
import java.util.List;
import java.util.Objects;

/** What a webhook trigger decided about a request. */
public sealed interface WebhookOutcome permits WebhookOutcome.Start, WebhookOutcome.Reply, WebhookOutcome.Reject {

    /**
     * Start a run with these items.
     *
     * @param items the trigger's output items
     * @return the outcome
     */
    static WebhookOutcome start(List<Item> items) {
        return new Start(items);
    }

    /**
     * Refuse the request (bad signature, stale timestamp, malformed payload); no run starts.
     *
     * @param status 4xx status to answer with
     * @param reason why, for the provider's logs (never a secret)
     * @return the outcome
     */
    static WebhookOutcome reject(int status, String reason) {
        return new Reject(status, reason);
    }

    /**
     * Start a run with the given items.
     *
     * @param items the trigger's output items
     */
    record Start(List<Item> items) implements WebhookOutcome {
        /**
         * Copies the items.
         *
         * @param items the items
         */
        public Start {
            items = List.copyOf(items);
        }
    }

    /**
     * Answer without starting a run (a verification challenge, an event the trigger ignores).
     *
     * @param status the status
     * @param contentType the Content-Type of {@code body}
     * @param body the body
     */
    record Reply(int status, String contentType, String body) implements WebhookOutcome {
        /**
         * Validates.
         *
         * @param status the status
         * @param contentType the content type
         * @param body the body
         */
        public Reply {
            Objects.requireNonNull(contentType, "contentType");
            body = body == null ? "" : body;
        }
    }

    /**
     * Refuse the request.
     *
     * @param status the 4xx status
     * @param reason why
     */
    record Reject(int status, String reason) implements WebhookOutcome {
        /**
         * Validates.
         *
         * @param status the status
         * @param reason why
         */
        public Reject {
            if (status < 400 || status > 499) {
                throw new IllegalArgumentException("a rejection is a 4xx status, not " + status);
            }
            Objects.requireNonNull(reason, "reason");
        }
    }
}
