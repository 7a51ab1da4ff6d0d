package io.leadflow.plugins.core;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeConfig;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.Property;
import io.leadflow.api.trigger.TriggerContext;
import io.leadflow.api.trigger.WebhookOutcome;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.api.trigger.WebhookRoute;
import io.leadflow.api.trigger.WebhookTrigger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.webhook}: starts a run for each HTTP request to {@code /hooks/<path>}, optionally
 * guarded by a shared secret in a header. The run's single item is
 * {@code {method, path, headers, query, body}}, the body parsed as JSON, as form fields, or kept as
 * text according to its Content-Type.
 */
@Extension
public final class WebhookTriggerNode implements WebhookTrigger {
    /** The path below {@code /hooks/}, e.g. {@code forms/contact}. */
    static final Property<String> PATH = Property.string("path").label("Path").required()
            .description("Below /hooks/; letters, digits and . _ ~ - / only").placeholder("forms/contact").build();
    /** The HTTP method the hook accepts. */
    static final Property<String> METHOD = Property.options("method", "GET", "POST", "PUT", "PATCH", "DELETE")
            .label("HTTP method").defaultValue("POST").build();
    /** The header that must carry the secret. */
    static final Property<String> SECRET_HEADER = Property.string("secretHeader").label("Secret header")
            .defaultValue("X-Webhook-Secret").description("Checked only when a secret is set").build();
    /** The shared secret; when set, requests without it are refused with 401. */
    static final Property<String> SECRET = Property.string("secret").label("Secret").secret()
            .description("Optional: requests must send it in the secret header").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.trigger("core.webhook")
            .label("Webhook")
            .description("Starts the workflow when an HTTP request reaches /hooks/<path>.")
            .category("Core")
            .icon("webhook")
            .properties(PATH, METHOD, SECRET_HEADER, SECRET)
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public WebhookTriggerNode() {
        // stateless: everything comes from the trigger context
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@inheritDoc} */
    @Override
    public WebhookRoute route(TriggerContext context) {
        NodeConfig config = context.config();
        String path = config.get(PATH);
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the webhook needs a path");
        }
        return new WebhookRoute(stripSlashes(path.trim()), Set.of(config.get(METHOD)));
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<WebhookOutcome> receive(WebhookRequest request, TriggerContext context) {
        return CompletableFuture.completedFuture(decide(request, context.config()));
    }

    private WebhookOutcome decide(WebhookRequest request, NodeConfig config) {
        String method = config.get(METHOD);
        if (!method.equalsIgnoreCase(request.method())) {
            return WebhookOutcome.reject(405, "this hook accepts " + method + " only");
        }
        String secret = config.get(SECRET);
        String secretHeader = config.get(SECRET_HEADER);
        boolean guarded = secret != null && !secret.isEmpty();
        if (guarded && !sameSecret(secret, request.header(secretHeader))) {
            return WebhookOutcome.reject(401, "missing or wrong secret in header " + secretHeader);
        }
        Object body;
        try {
            body = body(request);
        } catch (IllegalArgumentException e) {
            return WebhookOutcome.reject(400, "malformed JSON body: " + e.getMessage());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", request.method().toUpperCase(Locale.ROOT));
        json.put("path", request.path());
        json.put("headers", headers(request, guarded ? secretHeader : null));
        json.put("query", collapse(request.query()));
        json.put("body", body);
        return WebhookOutcome.start(List.of(Item.of(json)));
    }

    /**
     * Compares digests rather than the raw values so the time taken reveals neither where the
     * values first differ nor how long the secret is.
     */
    static boolean sameSecret(String expected, String presented) {
        if (presented == null) {
            return false;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] expectedDigest = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
            byte[] presentedDigest = sha.digest(presented.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expectedDigest, presentedDigest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Object body(WebhookRequest request) {
        String contentType = mediaType(request.header("Content-Type"));
        if (contentType.equals("application/json") || contentType.endsWith("+json")) {
            String text = request.bodyText();
            return text.isBlank() ? null : Json.parse(text);
        }
        if (contentType.equals("application/x-www-form-urlencoded")) {
            return collapse(request.formFields());
        }
        return request.bodyText();
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Header names lower-cased; the secret header is left out so the secret never enters run data. */
    private static Map<String, Object> headers(WebhookRequest request, String secretHeader) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (secretHeader == null || !name.equalsIgnoreCase(secretHeader)) {
                kept.put(name.toLowerCase(Locale.ROOT), values);
            }
        });
        return collapse(kept);
    }

    /** A single value stays a string; a repeated one becomes a list, as n8n and Express do. */
    private static Map<String, Object> collapse(Map<String, List<String>> multi) {
        Map<String, Object> collapsed = new LinkedHashMap<>();
        multi.forEach((name, values) -> collapsed.put(name, values.size() == 1 ? values.get(0) : List.copyOf(values)));
        return collapsed;
    }

    private static String stripSlashes(String path) {
        String stripped = path;
        while (stripped.startsWith("/")) {
            stripped = stripped.substring(1);
        }
        while (stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped;
    }
}
