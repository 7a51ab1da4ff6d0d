package io.leadflow.kernel.circuit;

import io.leadflow.kernel.auth.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The state of every circuit breaker (closed, open, half-open) per endpoint and credential. */
@Path("/api/v1/circuits")
@Tag(name = "circuits")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public final class CircuitResource {
    private final CircuitRegistry circuits;

    public CircuitResource(CircuitRegistry circuits) {
        this.circuits = circuits;
    }

    @GET
    @Operation(summary = "Circuit breaker state per integration endpoint and credential")
    public Map<String, List<Map<String, Object>>> states() {
        return Map.of("items", circuits.states());
    }
}
