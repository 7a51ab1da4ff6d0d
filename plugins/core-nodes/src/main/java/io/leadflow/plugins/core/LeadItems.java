package io.leadflow.plugins.core;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.channel.ChannelException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What the lead nodes share: which lead an item is about, and how a failed lead call is reported. */
final class LeadItems {
    private LeadItems() {
    }

    /**
     * The lead an item is about: the configured id if one is given, else the item's {@code leadId}
     * (what lead and message triggers emit), else its {@code id} (what lead actions emit).
     */
    static String leadId(String configured, Item item) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Object value = item.get("leadId");
        if (value == null) {
            value = item.get("id");
        }
        return value == null ? null : value.toString();
    }

    /** The failure a lead or message call ended with, as a node result. */
    static NodeResult failure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ChannelException channel) {
            return new NodeResult.Failure(channel.getMessage(), channel.retryable(), channel.code(), java.util.Map.of());
        }
        if (cause instanceof IllegalArgumentException) {
            return Items.permanent("invalid_lead", cause.getMessage());
        }
        return new NodeResult.Failure("the lead store failed: " + cause.getMessage(), true, "lead_store", java.util.Map.of());
    }

    static NodeResult noLeadId(int index) {
        return Items.permanent("no_lead", "item " + index + " names no lead: set 'Lead id' or pass items with "
                + "'leadId' or 'id'");
    }
}
