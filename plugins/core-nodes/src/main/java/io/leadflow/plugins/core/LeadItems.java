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

    /** One item's work for the lead it names; completes with the item to emit. */
    @FunctionalInterface
    interface PerLead {
        java.util.concurrent.CompletionStage<Item> apply(String leadId, Item item, int index);
    }

    /**
     * Runs {@code step} for each item's lead, one after another (a lead store or a provider is
     * never hit by a burst), and emits what the steps produced; the first failure ends the run.
     */
    static java.util.concurrent.CompletableFuture<NodeResult> eachLead(java.util.List<Item> items, String configuredLeadId,
                                                                       PerLead step) {
        java.util.List<Item> out = new java.util.ArrayList<>();
        java.util.concurrent.CompletableFuture<NodeResult> chain = java.util.concurrent.CompletableFuture.completedFuture(null);
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            Item item = items.get(i);
            chain = chain.thenCompose(failed -> {
                if (failed != null) {
                    return java.util.concurrent.CompletableFuture.completedFuture(failed);
                }
                String leadId = leadId(configuredLeadId, item);
                if (leadId == null) {
                    return java.util.concurrent.CompletableFuture.completedFuture(noLeadId(index));
                }
                java.util.concurrent.CompletionStage<Item> stage;
                try {
                    stage = step.apply(leadId, item, index);
                } catch (RuntimeException e) {
                    return java.util.concurrent.CompletableFuture.completedFuture(failure(e));
                }
                return stage.toCompletableFuture().handle((result, error) -> {
                    if (error != null) {
                        return failure(error);
                    }
                    out.add(result);
                    return null;
                });
            });
        }
        return chain.thenApply(failed -> failed != null ? failed : NodeResult.items(out));
    }

    /** The lead, or a failed stage saying it does not exist. */
    static java.util.concurrent.CompletableFuture<java.util.Map<String, Object>> existing(
            java.util.Optional<java.util.Map<String, Object>> found, String leadId) {
        return found.isPresent() ? java.util.concurrent.CompletableFuture.completedFuture(found.get())
                : java.util.concurrent.CompletableFuture.failedFuture(
                        new IllegalArgumentException("lead " + leadId + " does not exist"));
    }

    static NodeResult noLeadId(int index) {
        return Items.permanent("no_lead", "item " + index + " names no lead: set 'Lead id' or pass items with "
                + "'leadId' or 'id'");
    }
}
