package io.leadflow.kernel.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.leadflow.kernel.boot.Version;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;

/**
 * The OpenAPI 3 document of the REST API, generated once from the registered resource classes
 * (their JAX-RS and swagger annotations), never written by hand.
 */
@Path("/api/v1/openapi.json")
@Hidden
public final class OpenApiResource {
    private final String document;

    private OpenApiResource(String document) {
        this.document = document;
    }

    /** Generates the document from the given resource classes. */
    public static OpenApiResource of(Set<Class<?>> resourceClasses) {
        return of(resourceClasses, java.util.Map.of());
    }

    /**
     * Generates the document from the given resource classes, plus paths served outside Jersey
     * (described by their handlers).
     */
    public static OpenApiResource of(Set<Class<?>> resourceClasses,
                                     java.util.Map<String, io.swagger.v3.oas.models.PathItem> otherPaths) {
        OpenAPI base = new OpenAPI()
                .info(new Info().title("LeadFlow API").version(Version.current())
                        .description("Workflow automation for lead generation. Errors are RFC 9457 "
                                + "application/problem+json."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
        OpenAPI generated = new Reader(new SwaggerConfiguration().openAPI(base)).read(resourceClasses);
        otherPaths.forEach(generated::path);
        try {
            return new OpenApiResource(Json.mapper().writeValueAsString(generated));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the OpenAPI model always serialises", e);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String document() {
        return document;
    }
}
