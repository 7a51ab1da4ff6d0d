package io.leadflow.plugins.core;

import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.http.HttpResponse;
import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeConfig;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.pf4j.Extension;

/**
 * {@code core.http-request}: calls an HTTP API through the kernel's guarded client, once per input
 * item (once if there is none), and emits {@code {status, headers, body}} per call, the body parsed
 * when the response is JSON. Rate limits (429) and server errors (5xx) are retryable failures;
 * other 4xx answers are permanent failures unless {@code failOnHttpError} is off.
 */
@Extension
public final class HttpRequestNode implements Action {
    /** The HTTP method. */
    static final Property<String> METHOD = Property.options("method", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")
            .label("Method").defaultValue("GET").build();
    /** The absolute http(s) URL. */
    static final Property<String> URL = Property.string("url").label("URL").required().expressions()
            .placeholder("https://api.example.com/v1/leads").build();
    /** Extra headers, a JSON object of name to value. */
    static final Property<Object> HEADERS = Property.json("headers").label("Headers")
            .description("JSON object, e.g. {\"Authorization\": \"Bearer ...\"}").expressions().build();
    /** Query parameters, a JSON object of name to value (an array value repeats the parameter). */
    static final Property<Object> QUERY = Property.json("query").label("Query parameters")
            .description("JSON object; added to the URL, encoded").expressions().build();
    /** How the body is sent. */
    static final Property<String> BODY_TYPE = Property.options("bodyType", "none", "json", "form", "text")
            .label("Body").defaultValue("none").build();
    /** The body: any JSON value for json, an object for form, text for text. */
    static final Property<Object> BODY = Property.json("body").label("Body content").expressions()
            .visibleWhen("bodyType", "json", "form", "text").build();
    /** How long to wait for the whole response. */
    static final Property<Integer> TIMEOUT_SECONDS = Property.integer("timeoutSeconds").label("Timeout (seconds)")
            .defaultValue(30).range(1.0, 300.0).build();
    /** Whether a 4xx answer (other than 429) fails the node; when off, it is emitted like a success. */
    static final Property<Boolean> FAIL_ON_HTTP_ERROR = Property.bool("failOnHttpError")
            .label("Fail on 4xx answers").defaultValue(true).build();

    private static final int MAX_BODY_IN_FAILURE = 2_000;

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.http-request")
            .label("HTTP Request")
            .description("Calls an HTTP API and emits the status, headers and (parsed) body.")
            .category("Core")
            .icon("globe")
            .input(Port.mainPort())
            .output(Port.mainPort())
            // when connected, a failed call's error goes here instead of failing the execution
            .output(Port.errorPort())
            .properties(METHOD, URL, HEADERS, QUERY, BODY_TYPE, BODY, TIMEOUT_SECONDS, FAIL_ON_HTTP_ERROR)
            .retryPolicy(RetryPolicy.DEFAULT)
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public HttpRequestNode() {
        // stateless: everything comes from the node context
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        HttpRequest request;
        try {
            request = buildRequest(context.config());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Items.permanent("invalid_request", e.getMessage()));
        }
        int calls = Math.max(1, input.items().size());
        // one call after the other: a burst of parallel calls per run would hammer the API
        CompletionStage<Outcome> chain = CompletableFuture.completedFuture(new Outcome(new ArrayList<>(), null));
        for (int i = 0; i < calls; i++) {
            chain = chain.thenCompose(outcome -> outcome.failure() != null
                    ? CompletableFuture.completedFuture(outcome)
                    : call(request, context).thenApply(result -> outcome.add(result)));
        }
        return chain.thenApply(outcome -> outcome.failure() != null
                ? outcome.failure() : NodeResult.items(outcome.items()));
    }

    /** The items emitted so far, or the failure that stopped the calls. */
    private record Outcome(List<Item> items, NodeResult failure) {
        Outcome add(NodeResult result) {
            if (result instanceof NodeResult.Emit emit) {
                items.addAll(emit.byPort().get("main"));
                return this;
            }
            return new Outcome(items, result);
        }
    }

    private CompletionStage<NodeResult> call(HttpRequest request, NodeContext context) {
        CompletionStage<HttpResponse> sent;
        try {
            sent = context.http().send(request);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        boolean failOnHttpError = Boolean.TRUE.equals(context.config().get(FAIL_ON_HTTP_ERROR));
        return sent.handle((response, error) -> error != null
                ? unanswered(request, error)
                : answered(request, response, failOnHttpError));
    }

    private static NodeResult answered(HttpRequest request, HttpResponse response, boolean failOnHttpError) {
        int status = response.status();
        if (status == 429 || status >= 500 || (status >= 400 && failOnHttpError)) {
            boolean retryable = status == 429 || status >= 500;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", status);
            String text = response.bodyText();
            details.put("body", text.length() > MAX_BODY_IN_FAILURE ? text.substring(0, MAX_BODY_IN_FAILURE) : text);
            String retryAfter = response.header("Retry-After");
            if (retryAfter != null) {
                details.put("retryAfter", retryAfter);
            }
            return new NodeResult.Failure(request.method() + " " + describe(request.uri()) + " answered " + status,
                    retryable, "http_" + status, details);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status);
        Map<String, Object> headers = new LinkedHashMap<>();
        response.headers().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), values.size() == 1 ? values.get(0) : values));
        json.put("headers", headers);
        json.put("body", responseBody(response));
        return NodeResult.items(List.of(Item.of(json)));
    }

    private static Object responseBody(HttpResponse response) {
        String text = response.bodyText();
        String mediaType = WebhookTriggerNode.mediaType(response.header("Content-Type"));
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            if (text.isBlank()) {
                return null;
            }
            try {
                return Json.parse(text);
            } catch (IllegalArgumentException e) {
                // a server that mislabels its body still gave an answer worth keeping
                return text;
            }
        }
        return text;
    }

    private static NodeResult unanswered(HttpRequest request, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        boolean timeout = cause instanceof HttpTimeoutException || cause instanceof TimeoutException;
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new NodeResult.Failure(request.method() + " " + describe(request.uri())
                + (timeout ? " timed out" : " failed: " + why), true, timeout ? "timeout" : "connection_failed",
                Map.of("error", cause.getClass().getName()));
    }

    /** Scheme, host and path only: query strings often carry API keys, which must not reach run records. */
    private static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    static HttpRequest buildRequest(NodeConfig config) {
        URI uri = uri(config.get(URL), config.get(QUERY));
        HttpRequest.Builder builder = HttpRequest.builder(config.get(METHOD), uri)
                .timeout(Duration.ofSeconds(config.get(TIMEOUT_SECONDS)));
        String contentType = null;
        for (Map.Entry<String, List<String>> header : multiMap("headers", config.get(HEADERS)).entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = header.getValue().isEmpty() ? null : header.getValue().get(0);
            } else {
                header.getValue().forEach(value -> builder.header(header.getKey(), value));
            }
        }
        Object body = config.get(BODY);
        switch (config.get(BODY_TYPE)) {
            case "json" -> builder.body(contentType == null ? "application/json" : contentType,
                    jsonBody(body).getBytes(StandardCharsets.UTF_8));
            case "form" -> {
                String form = formBody(multiMap("body", body));
                builder.body(contentType == null ? "application/x-www-form-urlencoded" : contentType,
                        form.getBytes(StandardCharsets.UTF_8));
            }
            case "text" -> builder.body(contentType == null ? "text/plain; charset=utf-8" : contentType,
                    (body == null ? "" : body instanceof String text ? text : Json.write(body))
                            .getBytes(StandardCharsets.UTF_8));
            default -> {
                if (contentType != null) {
                    builder.header("Content-Type", contentType);
                }
            }
        }
        return builder.build();
    }

    /** JSON text given as a string is checked and sent as written; any other value is serialised. */
    private static String jsonBody(Object body) {
        if (body instanceof String text) {
            try {
                Json.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the JSON body is not valid JSON: " + e.getMessage(), e);
            }
            return text;
        }
        return Json.write(body);
    }

    private static String formBody(Map<String, List<String>> fields) {
        StringJoiner encoded = new StringJoiner("&");
        fields.forEach((name, values) -> values.forEach(value -> encoded.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return encoded.toString();
    }

    private static URI uri(String url, Object query) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the URL is empty");
        }
        URI base;
        try {
            base = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the URL is not valid: " + e.getMessage(), e);
        }
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
            throw new IllegalArgumentException("the URL must be an absolute http or https URL");
        }
        Map<String, List<String>> parameters = multiMap("query", query);
        if (parameters.isEmpty()) {
            return base;
        }
        StringJoiner added = new StringJoiner("&");
        parameters.forEach((name, values) -> values.forEach(value -> added.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        String text = base.toString();
        int fragment = text.indexOf('#');
        String beforeFragment = fragment < 0 ? text : text.substring(0, fragment);
        String separator = base.getRawQuery() == null ? "?" : "&";
        return URI.create(beforeFragment + separator + added + (fragment < 0 ? "" : text.substring(fragment)));
    }

    /**
     * A JSON object of name to value (or array of values) as strings; JSON text of an object is
     * accepted too, since the editor may store the field as text.
     */
    private static Map<String, List<String>> multiMap(String what, Object value) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        Object object = value;
        if (object instanceof String text) {
            if (text.isBlank()) {
                return result;
            }
            try {
                object = Json.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " must be a JSON object: " + e.getMessage(), e);
            }
        }
        if (object == null) {
            return result;
        }
        if (!(object instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " must be a JSON object of names to values");
        }
        map.forEach((name, member) -> {
            List<String> values = new ArrayList<>();
            if (member instanceof List<?> list) {
                list.forEach(element -> values.add(scalarText(element)));
            } else if (member != null) {
                values.add(scalarText(member));
            }
            result.put(String.valueOf(name), values);
        });
        return result;
    }

    private static String scalarText(Object value) {
        return value instanceof String text ? text : Json.write(value);
    }
}
