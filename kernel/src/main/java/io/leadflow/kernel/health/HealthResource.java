package io.leadflow.kernel.health;

import io.leadflow.kernel.boot.Version;
import io.leadflow.kernel.store.Database;
import io.leadflow.kernel.store.DatabaseMonitor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Liveness and readiness in one: 200 when the database answers ({@code degraded} while a plugin's
 * calls are stuck in its code), 503 (with {@code Retry-After}) when it does not, and the durability
 * settings the database runs with.
 */
@Path("/api/v1/health")
@Tag(name = "health")
@PermitAll
public final class HealthResource {
    private final Database database;
    private final Instant startedAt;
    private final Supplier<Map<String, Map<String, Object>>> stuckPlugins;

    /** {@code stuckPlugins}: the plugins whose calls are still blocked in their code past their deadline. */
    public HealthResource(Database database, Instant startedAt, Supplier<Map<String, Map<String, Object>>> stuckPlugins) {
        this.database = database;
        this.startedAt = startedAt;
        this.stuckPlugins = stuckPlugins;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether LeadFlow and its database are up; the database's durability settings, "
            + "version and uptime")
    public Response health() {
        // answered from what the database monitor last saw: health never waits on a database that is down
        DatabaseMonitor.State state = database.monitor().state();
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("status", state.up() ? "up" : "down");
        db.put("embedded", database.embedded());
        if (state.up()) {
            db.put("latencyMs", state.latencyMicros() / 1000.0);
        } else {
            db.put("downSince", state.since().toString());
            db.put("reason", state.reason());
        }
        db.put("durability", database.durability().toMap());
        db.put("pool", database.poolState());
        Map<String, Map<String, Object>> stuck = stuckPlugins.get();
        Map<String, Object> body = new LinkedHashMap<>();
        // degraded: serving, but a plugin's calls are stuck (its nodes fail on timeouts; others run)
        body.put("status", !state.up() ? "down" : stuck.isEmpty() ? "up" : "degraded");
        body.put("version", Version.current());
        body.put("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds());
        body.put("database", db);
        if (!stuck.isEmpty()) {
            body.put("plugins", stuck);
        }
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        Response.ResponseBuilder response = Response.status(state.up() ? 200 : 503).entity(body).cacheControl(noStore);
        if (!state.up()) {
            response.header("Retry-After", "1");
        }
        return response.build();
    }
}
