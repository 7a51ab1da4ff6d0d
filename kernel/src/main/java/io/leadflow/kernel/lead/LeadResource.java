package io.leadflow.kernel.lead;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.auth.Ids;
import io.leadflow.kernel.auth.Role;
import io.leadflow.kernel.http.Json;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Leads: search, create (merging into an existing lead with the same email or phone), read,
 * patch, erase and export; bulk import. Viewers read; editors write. Every call is audited.
 */
@Path("/api/v1/leads")
@Tag(name = "leads")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public final class LeadResource {
    private final LeadService leads;

    private final LeadImport imports;

    public LeadResource(LeadService leads, AuditLog audit) {
        this.leads = leads;
        this.imports = new LeadImport(leads, audit, Json.mapper());
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.APPLICATION_JSON, "application/x-ndjson"})
    @RolesAllowed(Role.EDITOR_NAME)
    @Operation(summary = "Bulk import, streamed: CSV (header row naming the columns), a JSON array of lead objects, "
            + "or NDJSON. Each row is created like POST /api/v1/leads (dedupe, encryption, audit), 500 rows per "
            + "transaction, a bad row refused alone; the answer counts created, merged and failed rows and lists each failed row's number, "
            + "field and reason")
    public LeadImport.Report importLeads(InputStream body, @Context HttpHeaders headers,
                                         @Context SecurityContext context) {
        MediaType type = headers.getMediaType();
        LeadImport.Format format = type != null && "csv".equalsIgnoreCase(type.getSubtype())
                ? LeadImport.Format.CSV : LeadImport.Format.JSON;
        return imports.run(CallerSecurityContext.caller(context).actor(), format, body);
    }

    @GET
    @Operation(summary = "Search leads, newest first: q (name/company word prefixes, or an exact email or phone), "
            + "email, phone, tag (repeatable, all must match), status, source, owner, createdAfter, createdBefore; "
            + "keyset pagination with limit and after (the previous page's next)")
    public LeadService.LeadPage list(@QueryParam("q") String q, @QueryParam("email") String email,
                                     @QueryParam("phone") String phone, @QueryParam("tag") List<String> tags,
                                     @QueryParam("status") String status, @QueryParam("source") String source,
                                     @QueryParam("owner") String owner,
                                     @QueryParam("createdAfter") String createdAfter,
                                     @QueryParam("createdBefore") String createdBefore,
                                     @QueryParam("limit") Integer limit, @QueryParam("after") String after,
                                     @Context SecurityContext context) {
        return leads.list(CallerSecurityContext.caller(context).actor(), new LeadService.LeadQuery(q, email, phone,
                tags, status, source, owner, createdAfter, createdBefore, limit, after));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.EDITOR_NAME)
    @Operation(summary = "Create a lead; 201 if new, 200 with merged=true if merged into the lead with the same "
            + "email or phone (\"merge\":\"overwrite\" lets the request's values win)")
    public Response create(JsonNode body, @Context SecurityContext context) {
        LeadService.Created created = leads.create(CallerSecurityContext.caller(context).actor(), body);
        if (created.merged()) {
            return Response.ok(created.lead()).build();
        }
        return Response.created(UriBuilder.fromPath("/api/v1/leads/{id}").build(created.lead().id()))
                .entity(created.lead()).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One lead, decrypted")
    public LeadView get(@PathParam("id") String id, @Context SecurityContext context) {
        return leads.get(CallerSecurityContext.caller(context).actor(), Ids.parse("lead", id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.EDITOR_NAME)
    @Operation(summary = "Change a lead: present fields replace (lists whole), null clears; customFields and "
            + "consent change key by key")
    public LeadView update(@PathParam("id") String id, JsonNode body, @Context SecurityContext context) {
        return leads.update(CallerSecurityContext.caller(context).actor(), Ids.parse("lead", id), body);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.EDITOR_NAME)
    @Operation(summary = "Erase a lead's personal data, keeping an anonymous tombstone")
    public Response delete(@PathParam("id") String id, @Context SecurityContext context) {
        leads.delete(CallerSecurityContext.caller(context).actor(), Ids.parse("lead", id));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/export")
    @RolesAllowed(Role.EDITOR_NAME)
    @Operation(summary = "Everything held on a lead (fields, consent, audit trail) as JSON")
    public Map<String, Object> export(@PathParam("id") String id, @Context SecurityContext context) {
        return leads.export(CallerSecurityContext.caller(context).actor(), Ids.parse("lead", id));
    }
}
