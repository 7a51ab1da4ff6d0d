package io.leadflow.kernel.message;

import io.leadflow.api.trigger.WebhookOutcome;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.CompletionCallback;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * {@code /hooks/channels/{pluginId}/{channelId}}: a channel provider's inbound webhook (an email
 * route, an SMS callback, ...). The channel verifies and reads it, the message is stored against
 * its lead and {@code message.received} is published. Answers 200 with {@code messageId},
 * {@code leadId} and {@code duplicate} of the first message and {@code messages} listing all (one
 * provider post may carry several), 204 when the request is authentic but carries no message (a
 * delivery receipt), or exactly what the channel chose (a subscription check's challenge, or 403). {@code ?credential=<id>} names the credential to verify with when several
 * of the channel's type exist. The webhook handler leaves {@code /hooks/channels/} to Jersey.
 */
@Path("/hooks/channels/{pluginId}/{channelId}")
@Tag(name = "hooks")
@PermitAll
public final class ChannelHookResource {
    private final MessageService messages;
    /** Requests being handled; past the limit new ones are refused at once rather than queued without bound. */
    private final Semaphore inFlight;

    public ChannelHookResource(MessageService messages, int maxInFlight) {
        this.messages = messages;
        this.inFlight = new Semaphore(maxInFlight);
    }

    @POST
    @Operation(summary = "Inbound message of a channel (POST)")
    public void post(@PathParam("pluginId") String pluginId, @PathParam("channelId") String channelId,
                     @QueryParam("credential") String credential, byte[] body, @Context Request request,
                     @Context HttpHeaders headers, @Context UriInfo uri, @Context SecurityContext security,
                     @Suspended AsyncResponse response) {
        receive(pluginId, channelId, credential, body, request, headers, uri, security, response);
    }

    @PUT
    @Operation(summary = "Inbound message of a channel (PUT)")
    public void put(@PathParam("pluginId") String pluginId, @PathParam("channelId") String channelId,
                    @QueryParam("credential") String credential, byte[] body, @Context Request request,
                    @Context HttpHeaders headers, @Context UriInfo uri, @Context SecurityContext security,
                    @Suspended AsyncResponse response) {
        receive(pluginId, channelId, credential, body, request, headers, uri, security, response);
    }

    @GET
    @Operation(summary = "Inbound message of a channel (GET)")
    public void get(@PathParam("pluginId") String pluginId, @PathParam("channelId") String channelId,
                    @QueryParam("credential") String credential, @Context Request request,
                    @Context HttpHeaders headers, @Context UriInfo uri, @Context SecurityContext security,
                    @Suspended AsyncResponse response) {
        receive(pluginId, channelId, credential, new byte[0], request, headers, uri, security, response);
    }

    private void receive(String pluginId, String channelId, String credential, byte[] body, Request request,
                         HttpHeaders headers, UriInfo uri, SecurityContext security, AsyncResponse response) {
        if (!inFlight.tryAcquire()) {
            throw new ProblemException(503, "overloaded", "Overloaded",
                    "too many webhook requests in progress; retry shortly").withHeader("Retry-After", "1");
        }
        response.register((CompletionCallback) failure -> inFlight.release());
        WebhookRequest webhook = new WebhookRequest(request.getMethod(), "channels/" + pluginId + "/" + channelId,
                uri.getQueryParameters(), headers.getRequestHeaders(), body,
                CallerSecurityContext.caller(security).clientAddress(), Instant.now());
        messages.receive(pluginId, channelId, credential, webhook).whenComplete((received, error) -> {
            if (error != null) {
                response.resume(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error);
                return;
            }
            if (received.reply().isPresent()) {
                WebhookOutcome.Reply reply = received.reply().get();
                response.resume(Response.status(reply.status()).type(reply.contentType()).entity(reply.body()).build());
                return;
            }
            if (received.messages().isEmpty()) {
                response.resume(Response.noContent().build());
                return;
            }
            List<Map<String, Object>> stored = received.messages().stream().map(message -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("messageId", message.messageId().toString());
                one.put("leadId", message.leadId().toString());
                one.put("duplicate", message.duplicate());
                return one;
            }).toList();
            Map<String, Object> answer = new LinkedHashMap<>(stored.get(0));
            answer.put("messages", stored);
            response.resume(Response.ok(answer).build());
        });
    }
}
