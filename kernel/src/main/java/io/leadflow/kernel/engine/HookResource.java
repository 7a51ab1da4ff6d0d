package io.leadflow.kernel.engine;

import io.leadflow.api.node.Item;
import io.leadflow.api.trigger.WebhookOutcome;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.api.trigger.WebhookTrigger;
import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.http.Problem;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.plugin.NodeRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code /hooks/**}: the one kernel resource for every webhook trigger. It finds the active
 * workflow whose trigger claimed the path, lets the trigger verify and map the request, starts the
 * execution (stored before anything is answered), and answers 202 with the execution id — or,
 * when the workflow answers itself, holds the request (asynchronously, no thread waits) until its
 * response node runs, up to a timeout.
 */
@Path("/hooks/{path: .+}")
@Tag(name = "hooks")
@PermitAll
public final class HookResource {
    private static final Duration TRIGGER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private final TriggerRoutes routes;
    private final NodeRegistry registry;
    private final Engine engine;
    /** Requests being handled; past the limit new ones are refused at once rather than queued without bound. */
    private final java.util.concurrent.Semaphore inFlight;

    public HookResource(TriggerRoutes routes, NodeRegistry registry, Engine engine, int maxInFlight) {
        this.routes = routes;
        this.registry = registry;
        this.engine = engine;
        this.inFlight = new java.util.concurrent.Semaphore(maxInFlight);
    }

    @GET
    @Operation(summary = "Webhook (GET)")
    public void get(@PathParam("path") String path, byte[] body, @Context Request request, @Context HttpHeaders headers,
                    @Context UriInfo uri, @Context SecurityContext security, @Suspended AsyncResponse response) {
        receive(path, body, request, headers, uri, security, response);
    }

    @POST
    @Operation(summary = "Webhook (POST)")
    public void post(@PathParam("path") String path, byte[] body, @Context Request request, @Context HttpHeaders headers,
                     @Context UriInfo uri, @Context SecurityContext security, @Suspended AsyncResponse response) {
        receive(path, body, request, headers, uri, security, response);
    }

    @PUT
    @Operation(summary = "Webhook (PUT)")
    public void put(@PathParam("path") String path, byte[] body, @Context Request request, @Context HttpHeaders headers,
                    @Context UriInfo uri, @Context SecurityContext security, @Suspended AsyncResponse response) {
        receive(path, body, request, headers, uri, security, response);
    }

    @PATCH
    @Operation(summary = "Webhook (PATCH)")
    public void patch(@PathParam("path") String path, byte[] body, @Context Request request, @Context HttpHeaders headers,
                      @Context UriInfo uri, @Context SecurityContext security, @Suspended AsyncResponse response) {
        receive(path, body, request, headers, uri, security, response);
    }

    @DELETE
    @Operation(summary = "Webhook (DELETE)")
    public void delete(@PathParam("path") String path, byte[] body, @Context Request request, @Context HttpHeaders headers,
                       @Context UriInfo uri, @Context SecurityContext security, @Suspended AsyncResponse response) {
        receive(path, body, request, headers, uri, security, response);
    }

    private void receive(String path, byte[] body, Request request, HttpHeaders headers, UriInfo uri,
                         SecurityContext security, AsyncResponse response) {
        if (!inFlight.tryAcquire()) {
            throw new ProblemException(503, "overloaded", "Overloaded",
                    "too many webhook requests in progress; retry shortly").withHeader("Retry-After", "1");
        }
        Answer answer = new Answer(response);
        try {
            accept(path, body, request, headers, uri, security, answer);
        } catch (RuntimeException e) {
            answer.fail(e);
        }
    }

    private void accept(String path, byte[] body, Request request, HttpHeaders headers, UriInfo uri,
                        SecurityContext security, Answer answer) {
        String method = request.getMethod();
        Optional<TriggerRoutes.Route> route = routes.find(method, path);
        if (route.isEmpty()) {
            throw new ProblemException(404, "not-found", "Not found", "no active workflow listens on " + method
                    + " /hooks/" + path);
        }
        Optional<NodeRegistry.NodeLease> lease = registry.lease(route.get().type());
        if (lease.isEmpty() || !(lease.get().node().node() instanceof WebhookTrigger trigger)) {
            lease.ifPresent(NodeRegistry.NodeLease::close);
            throw new ProblemException(503, "trigger-unavailable", "Trigger unavailable",
                    "the trigger's plugin is not started");
        }
        WebhookRequest webhook = new WebhookRequest(method, path, uri.getQueryParameters(), headers.getRequestHeaders(),
                body, CallerSecurityContext.caller(security).clientAddress(), Instant.now());
        NodeRegistry.NodeLease held = lease.get();
        CompletableFuture<WebhookOutcome> outcome;
        try {
            outcome = trigger.receive(webhook, routes.context(route.get())).toCompletableFuture();
        } catch (RuntimeException e) {
            held.close();
            throw new ProblemException(500, "trigger-failed", "Trigger failed", "the trigger failed: " + e.getMessage());
        }
        outcome.orTimeout(TRIGGER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((decision, error) -> {
            held.close();
            try {
                if (error != null) {
                    answer.send(problem(502, "trigger-failed", "Trigger failed",
                            "the trigger did not decide within " + TRIGGER_TIMEOUT.toSeconds() + " s or failed"));
                    return;
                }
                decide(route.get(), decision, answer);
            } catch (RuntimeException e) {
                answer.fail(e);
            }
        });
    }

    private void decide(TriggerRoutes.Route route, WebhookOutcome decision, Answer answer) {
        if (decision instanceof WebhookOutcome.Reject reject) {
            answer.send(problem(reject.status(), "webhook-rejected", "Webhook rejected", reject.reason()));
        } else if (decision instanceof WebhookOutcome.Reply reply) {
            answer.send(Response.status(reply.status()).type(reply.contentType()).entity(reply.body()).build());
        } else if (decision instanceof WebhookOutcome.Start start) {
            List<Item> items = start.items();
            if (!route.answersLater()) {
                UUID executionId = engine.start(route.workflowId(), route.version(), route.nodeId(), items, "webhook");
                answer.send(Response.accepted(Map.of("executionId", executionId.toString())).build());
                return;
            }
            UUID[] executionId = new UUID[1];
            engine.startHeld(route.workflowId(), route.version(), route.nodeId(), items, "webhook", executionId)
                    .orTimeout(RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((answered, error) -> {
                        if (error instanceof IllegalStateException) {
                            answer.send(problem(503, "overloaded", "Not stored",
                                    "the execution could not be stored; retry shortly"));
                        } else {
                            // answered, ended without an answer, or still running after the timeout: stored
                            answer.send(answered == null
                                    ? Response.accepted(Map.of("executionId", executionId[0].toString())).build()
                                    : toResponse(answered));
                        }
                    });
        }
    }

    /**
     * The one answer to a held request. Its in-flight permit is given back before the answer is
     * written, so a client that sends its next request on receiving it never finds the permit taken.
     */
    private final class Answer {
        private final AsyncResponse response;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        Answer(AsyncResponse response) {
            this.response = response;
            // a safety net: a request Jersey ends some other way (a lost connection) gives the permit back too
            response.register((jakarta.ws.rs.container.CompletionCallback) failure -> release());
        }

        void send(Object entity) {
            release();
            response.resume(entity);
        }

        void fail(Throwable error) {
            release();
            response.resume(error);
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                inFlight.release();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Response toResponse(Map<String, Object> answer) {
        int status = answer.get("status") instanceof Number number ? number.intValue() : 200;
        Response.ResponseBuilder builder = Response.status(status);
        if (answer.get("headers") instanceof Map<?, ?> headers) {
            ((Map<String, Object>) headers).forEach((name, value) -> builder.header(name, String.valueOf(value)));
        }
        Object body = answer.get("body");
        if (body instanceof String text) {
            builder.entity(text).type("text/plain;charset=utf-8");
        } else if (body != null) {
            builder.entity(body).type("application/json");
        }
        return builder.build();
    }

    private static Response problem(int status, String slug, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA)
                .entity(Problem.body(status, slug, title, detail, Map.of())).build();
    }
}
