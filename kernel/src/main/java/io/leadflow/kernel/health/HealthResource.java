package io.leadflow.kernel.health;

import io.leadflow.kernel.boot.Version;
import io.leadflow.kernel.store.Database;
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
import java.util.OptionalLong;

/** Liveness and readiness in one: 200 when the database answers, 503 when it does not. */
@Path("/api/v1/health")
@Tag(name = "health")
@PermitAll
public final class HealthResource {
    private final Database database;
    private final Instant startedAt;

    public HealthResource(Database database, Instant startedAt) {
        this.database = database;
        this.startedAt = startedAt;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether LeadFlow and its database are up; version and uptime")
    public Response health() {
        OptionalLong latency = database.ping();
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("status", latency.isPresent() ? "up" : "down");
        db.put("embedded", database.embedded());
        latency.ifPresent(ms -> db.put("latencyMs", ms));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", latency.isPresent() ? "up" : "down");
        body.put("version", Version.current());
        body.put("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds());
        body.put("database", db);
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(latency.isPresent() ? 200 : 503).entity(body).cacheControl(noStore).build();
    }
}
