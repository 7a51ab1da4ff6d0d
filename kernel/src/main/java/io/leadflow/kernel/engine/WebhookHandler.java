package io.leadflow.kernel.engine;

import io.leadflow.api.node.Item;
import io.leadflow.api.trigger.WebhookOutcome;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.api.trigger.WebhookTrigger;
import io.leadflow.kernel.http.ClientAddressFilter;
import io.leadflow.kernel.http.Json;
import io.leadflow.kernel.http.Problem;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.http.ProblemExceptionMapper;
import io.leadflow.kernel.http.RateLimiter;
import io.leadflow.kernel.plugin.NodeRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /hooks/**}: the one kernel endpoint for every webhook trigger. It finds the active
 * workflow whose trigger claimed the path, lets the trigger verify and map the request, starts the
 * execution (stored before anything is answered), and answers 202 with the execution id — or,
 * when the workflow answers itself, holds the request (suspended, no thread waits) until its
 * response node runs, up to a timeout.
 *
 * <p>It is a plain Grizzly handler rather than a Jersey resource: this is the hot path of every
 * inbound event, and Jersey's request and response pipeline cost more CPU than the engine's work
 * for a short workflow. It keeps the API's rules: per-IP rate limit, body size limit, a bounded
 * number of requests in flight, and every error as {@code application/problem+json}.
 */
public final class WebhookHandler extends HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    private static final String PREFIX = "/hooks/";
    private static final List<String> METHODS = List.of("DELETE", "GET", "PATCH", "POST", "PUT");
    private static final String ALLOWED = String.join(", ", METHODS);
    private static final Duration TRIGGER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private final TriggerRoutes routes;
    private final NodeRegistry registry;
    private final Engine engine;
    private final RateLimiter perIp;
    private final boolean trustProxy;
    private final long maxBodyBytes;
    /** Requests being handled; past the limit new ones are refused at once rather than queued without bound. */
    private final Semaphore inFlight;

    public WebhookHandler(TriggerRoutes routes, NodeRegistry registry, Engine engine, RateLimiter perIp,
                          boolean trustProxy, long maxBodyBytes, int maxInFlight) {
        this.routes = routes;
        this.registry = registry;
        this.engine = engine;
        this.perIp = perIp;
        this.trustProxy = trustProxy;
        this.maxBodyBytes = maxBodyBytes;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** How {@code /hooks/{path}} is described in the OpenAPI document. */
    public static io.swagger.v3.oas.models.PathItem openApi() {
        io.swagger.v3.oas.models.PathItem item = new io.swagger.v3.oas.models.PathItem()
                .addParametersItem(new io.swagger.v3.oas.models.parameters.PathParameter().name("path")
                        .schema(new io.swagger.v3.oas.models.media.StringSchema()));
        for (String method : METHODS) {
            io.swagger.v3.oas.models.Operation operation = new io.swagger.v3.oas.models.Operation()
                    .addTagsItem("hooks")
                    .summary("Webhook (" + method + ")")
                    .description("Public: the active workflow whose trigger owns the path verifies the request. "
                            + "202 with the execution id once it is stored, or the workflow's own answer.")
                    .security(List.of())
                    .responses(new io.swagger.v3.oas.models.responses.ApiResponses()
                            .addApiResponse("202", new io.swagger.v3.oas.models.responses.ApiResponse()
                                    .description("execution stored"))
                            .addApiResponse("404", new io.swagger.v3.oas.models.responses.ApiResponse()
                                    .description("no active workflow listens here"))
                            .addApiResponse("503", new io.swagger.v3.oas.models.responses.ApiResponse()
                                    .description("too many webhook requests in progress, or the database cannot "
                                            + "store the execution now (nothing accepted; retry after Retry-After)")));
            item.operation(io.swagger.v3.oas.models.PathItem.HttpMethod.valueOf(method), operation);
        }
        return item;
    }

    @Override
    public void service(Request request, Response response) {
        try {
            String clientAddress = ClientAddressFilter.resolve(trustProxy, request.getHeader("X-Forwarded-For"),
                    request.getRemoteAddr());
            perIp.check(clientAddress, "per-IP");
            String method = request.getMethod().getMethodString();
            if (!METHODS.contains(method)) {
                throw new ProblemException(405, "method-not-allowed", "Method not allowed",
                        "webhooks accept " + ALLOWED).withHeader("Allow", ALLOWED);
            }
            if (!inFlight.tryAcquire()) {
                throw new ProblemException(503, "overloaded", "Overloaded",
                        "too many webhook requests in progress; retry shortly").withHeader("Retry-After", "1");
            }
            Answer answer = new Answer(response);
            try {
                accept(request, method, clientAddress, answer);
            } catch (RuntimeException | IOException e) {
                answer.fail(e);
            }
        } catch (RuntimeException e) {
            write(response, ProblemExceptionMapper.toProblem(e));
        }
    }

    private void accept(Request request, String method, String clientAddress, Answer answer) throws IOException {
        String path = request.getDecodedRequestURI().substring(PREFIX.length());
        Optional<TriggerRoutes.Route> route = routes.find(method, path);
        if (route.isEmpty()) {
            throw new ProblemException(404, "not-found", "Not found", "no active workflow listens on " + method
                    + " /hooks/" + path);
        }
        byte[] body = readBody(request);
        Optional<NodeRegistry.NodeLease> lease = registry.lease(route.get().type());
        if (lease.isEmpty() || !(lease.get().node().node() instanceof WebhookTrigger trigger)) {
            lease.ifPresent(NodeRegistry.NodeLease::close);
            throw new ProblemException(503, "trigger-unavailable", "Trigger unavailable",
                    "the trigger's plugin is not started");
        }
        WebhookRequest webhook = new WebhookRequest(method, path, query(request.getQueryString()), headers(request),
                body, clientAddress, Instant.now());
        NodeRegistry.NodeLease held = lease.get();
        CompletableFuture<WebhookOutcome> outcome;
        try {
            outcome = trigger.receive(webhook, routes.context(route.get())).toCompletableFuture();
        } catch (RuntimeException e) {
            held.close();
            throw new ProblemException(500, "trigger-failed", "Trigger failed", "the trigger failed: " + e.getMessage());
        }
        if (outcome.isDone()) {
            decided(route.get(), held, outcome, answer); // the usual case: no need to suspend the request
        } else {
            answer.suspend();
            outcome.orTimeout(TRIGGER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((decision, error) -> decided(route.get(), held, outcome, answer));
        }
    }

    private void decided(TriggerRoutes.Route route, NodeRegistry.NodeLease held,
                         CompletableFuture<WebhookOutcome> outcome, Answer answer) {
        held.close();
        try {
            WebhookOutcome decision;
            try {
                decision = outcome.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                answer.problem(new ProblemException(502, "trigger-failed", "Trigger failed",
                        "the trigger did not decide within " + TRIGGER_TIMEOUT.toSeconds() + " s or failed"));
                return;
            }
            decide(route, decision, answer);
        } catch (RuntimeException e) {
            answer.fail(e);
        }
    }

    private void decide(TriggerRoutes.Route route, WebhookOutcome decision, Answer answer) {
        if (decision instanceof WebhookOutcome.Reject reject) {
            answer.problem(new ProblemException(reject.status(), "webhook-rejected", "Webhook rejected",
                    reject.reason()));
        } else if (decision instanceof WebhookOutcome.Reply reply) {
            answer.send(reply.status(), Map.of(), reply.contentType(),
                    reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8));
        } else if (decision instanceof WebhookOutcome.Start start) {
            List<Item> items = start.items();
            if (!route.answersLater()) {
                UUID executionId = engine.start(route.workflowId(), route.version(), route.nodeId(), items, "webhook");
                answer.accepted(executionId);
                return;
            }
            UUID[] executionId = new UUID[1];
            answer.suspend();
            engine.startHeld(route.workflowId(), route.version(), route.nodeId(), items, "webhook", executionId)
                    .orTimeout(RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((answered, error) -> {
                        if (error instanceof IllegalStateException) {
                            answer.problem(Engine.notStored(error.getMessage()));
                        } else if (error instanceof java.util.concurrent.TimeoutException) {
                            // still running after the timeout: acknowledged only if it is stored by now
                            engine.isStored(executionId[0]).whenComplete((stored, failure) -> {
                                if (Boolean.TRUE.equals(stored)) {
                                    answer.accepted(executionId[0]);
                                } else {
                                    answer.problem(Engine.notStored("it was not stored within "
                                            + RESPONSE_TIMEOUT.toSeconds() + " s"));
                                }
                            });
                        } else if (answered == null) {
                            // ended without an answer: stored
                            answer.accepted(executionId[0]);
                        } else {
                            answer.workflowAnswer(answered);
                        }
                    });
        } else {
            throw new IllegalStateException("unknown webhook outcome " + decision);
        }
    }

    private byte[] readBody(Request request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw ProblemException.payloadTooLarge(maxBodyBytes);
        }
        InputStream in = request.getInputStream();
        byte[] body = in.readNBytes((int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8));
        if (body.length > maxBodyBytes) {
            throw ProblemException.payloadTooLarge(maxBodyBytes);
        }
        return body;
    }

    private static Map<String, List<String>> query(String queryString) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return query;
        }
        try {
            for (String pair : queryString.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("the query string is not valid URL encoding");
        }
        return query;
    }

    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : request.getHeaderNames()) {
            List<String> values = new ArrayList<>(1);
            request.getHeaders(name).forEach(values::add);
            headers.put(name, values);
        }
        return headers;
    }

    private static void write(Response response, ProblemException problem) {
        problem.headers().forEach(response::setHeader);
        writeBody(response, problem.status(), Problem.MEDIA_TYPE, Problem.bytes(problem));
    }

    private static void writeBody(Response response, int status, String contentType, byte[] body) {
        try {
            response.setStatus(status);
            if (contentType != null) {
                response.setContentType(contentType);
            }
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Writing a webhook answer failed (client gone?)", e);
        }
    }

    /**
     * The one answer to a request. Its in-flight permit is given back before the answer is written,
     * so a client that sends its next request on receiving it never finds the permit taken.
     */
    private final class Answer {
        private final Response response;
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile boolean suspended;

        Answer(Response response) {
            this.response = response;
        }

        /** Keeps the request open after {@code service} returns; called before any asynchronous step. */
        void suspend() {
            if (!suspended) {
                suspended = true;
                response.suspend();
            }
        }

        void accepted(UUID executionId) {
            send(202, Map.of(), "application/json",
                    ("{\"executionId\":\"" + executionId + "\"}").getBytes(StandardCharsets.US_ASCII));
        }

        @SuppressWarnings("unchecked")
        void workflowAnswer(Map<String, Object> answer) {
            int status = answer.get("status") instanceof Number number ? number.intValue() : 200;
            Map<String, String> headers = new LinkedHashMap<>();
            if (answer.get("headers") instanceof Map<?, ?> given) {
                ((Map<String, Object>) given).forEach((name, value) -> headers.put(name, String.valueOf(value)));
            }
            Object body = answer.get("body");
            if (body instanceof String text) {
                send(status, headers, "text/plain;charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
            } else if (body != null) {
                try {
                    send(status, headers, "application/json", Json.mapper().writeValueAsBytes(body));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    fail(e);
                }
            } else {
                send(status, headers, null, new byte[0]);
            }
        }

        void problem(ProblemException problem) {
            send(problem.status(), problem.headers(), Problem.MEDIA_TYPE, Problem.bytes(problem));
        }

        void fail(Throwable error) {
            problem(ProblemExceptionMapper.toProblem(error));
        }

        void send(int status, Map<String, String> headers, String contentType, byte[] body) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            inFlight.release();
            headers.forEach(response::setHeader);
            writeBody(response, status, contentType, body);
            if (suspended) {
                response.resume();
            }
        }
    }
}
