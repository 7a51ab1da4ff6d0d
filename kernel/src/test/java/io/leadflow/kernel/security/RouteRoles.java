package io.leadflow.kernel.security;

import java.util.Map;
import java.util.TreeMap;

/**
 * The least role each documented operation needs, written down independently of the resources'
 * annotations. {@link OwaspApiTop10IT} checks every operation of the OpenAPI document against
 * this table, so a new route without a rule here fails the build, and a rule that no longer holds
 * does too.
 */
final class RouteRoles {
    /** Needs no token at all. */
    static final String PUBLIC = "public";
    /** Any valid token. */
    static final String ANY = "viewer";

    static final Map<String, String> LEAST_ROLE = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /api/v1/health", PUBLIC),
            Map.entry("POST /api/v1/auth/login", PUBLIC),
            Map.entry("POST /hooks/channels/{pluginId}/{channelId}", PUBLIC),
            Map.entry("GET /hooks/channels/{pluginId}/{channelId}", PUBLIC),
            Map.entry("PUT /hooks/channels/{pluginId}/{channelId}", PUBLIC),
            Map.entry("GET /hooks/{path}", PUBLIC),
            Map.entry("PUT /hooks/{path}", PUBLIC),
            Map.entry("POST /hooks/{path}", PUBLIC),
            Map.entry("DELETE /hooks/{path}", PUBLIC),
            Map.entry("PATCH /hooks/{path}", PUBLIC),

            Map.entry("POST /api/v1/auth/logout", ANY),
            Map.entry("GET /api/v1/auth/tokens", ANY),
            Map.entry("POST /api/v1/auth/tokens", ANY),
            Map.entry("DELETE /api/v1/auth/tokens/{id}", ANY),
            Map.entry("GET /api/v1/users/me", ANY),
            Map.entry("GET /api/v1/circuits", ANY),
            Map.entry("GET /api/v1/dashboard", ANY),
            Map.entry("GET /api/v1/templates", ANY),
            Map.entry("GET /api/v1/credential-types", ANY),
            Map.entry("GET /api/v1/executions", ANY),
            Map.entry("GET /api/v1/executions/{id}", ANY),
            Map.entry("GET /api/v1/leads", ANY),
            Map.entry("GET /api/v1/leads/{id}", ANY),
            Map.entry("GET /api/v1/leads/{id}/messages", ANY),
            Map.entry("GET /api/v1/nodes", ANY),
            Map.entry("GET /api/v1/schemas/workflow.json", ANY),
            Map.entry("GET /api/v1/settings/quiet-hours", ANY),
            Map.entry("GET /api/v1/workflows", ANY),
            Map.entry("GET /api/v1/workflows/{id}", ANY),
            Map.entry("GET /api/v1/workflows/{id}/versions", ANY),

            Map.entry("GET /api/v1/leads/{id}/export", "editor"),
            Map.entry("GET /api/v1/workflows/{id}/export", ANY),
            // credentials and plugins are configuration: a viewer sees runs and leads, not how they are wired
            Map.entry("GET /api/v1/credentials", "editor"),
            Map.entry("GET /api/v1/credentials/{id}", "editor"),
            Map.entry("GET /api/v1/plugins", "admin"),
            Map.entry("GET /api/v1/plugins/{id}", "admin"),
            Map.entry("GET /api/v1/marketplace", "admin"),
            Map.entry("POST /api/v1/credentials", "editor"),
            Map.entry("DELETE /api/v1/credentials/{id}", "editor"),
            Map.entry("POST /api/v1/credentials/{id}/test", "editor"),
            Map.entry("POST /api/v1/executions/{id}/cancel", "editor"),
            Map.entry("POST /api/v1/executions/{id}/retry", "editor"),
            Map.entry("POST /api/v1/workflows/{id}/executions", "editor"),
            Map.entry("POST /api/v1/templates/{id}/import", "editor"),
            Map.entry("POST /api/v1/expressions/preview", "editor"),
            Map.entry("POST /api/v1/leads", "editor"),
            Map.entry("PATCH /api/v1/leads/{id}", "editor"),
            Map.entry("DELETE /api/v1/leads/{id}", "editor"),
            Map.entry("POST /api/v1/leads/import", "editor"),
            Map.entry("POST /api/v1/workflows", "editor"),
            Map.entry("PUT /api/v1/workflows/{id}", "editor"),
            Map.entry("DELETE /api/v1/workflows/{id}", "editor"),
            Map.entry("POST /api/v1/workflows/{id}/activate", "editor"),
            Map.entry("POST /api/v1/workflows/{id}/deactivate", "editor"),

            Map.entry("GET /api/v1/audit", "admin"),
            Map.entry("GET /api/v1/audit/verify", "admin"),
            Map.entry("GET /api/v1/users", "admin"),
            Map.entry("POST /api/v1/users", "admin"),
            Map.entry("GET /api/v1/users/{id}", "admin"),
            Map.entry("PATCH /api/v1/users/{id}", "admin"),
            Map.entry("GET /api/v1/keys", "admin"),
            Map.entry("POST /api/v1/keys/rotate", "admin"),
            Map.entry("POST /api/v1/plugins", "admin"),
            Map.entry("PUT /api/v1/plugins/{id}", "admin"),
            Map.entry("DELETE /api/v1/plugins/{id}", "admin"),
            Map.entry("POST /api/v1/plugins/{id}/start", "admin"),
            Map.entry("POST /api/v1/plugins/{id}/stop", "admin"),
            Map.entry("POST /api/v1/plugins/{id}/rollback", "admin"),
            Map.entry("POST /api/v1/marketplace/install", "admin"),
            Map.entry("PUT /api/v1/settings/quiet-hours", "admin")));

    private RouteRoles() {
    }
}
