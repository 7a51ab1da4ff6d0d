package io.leadflow.kernel.auth;

import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * The paths that need no token, read once from the resource classes' {@link PermitAll}
 * annotations, so that authentication can run before Jersey matches a route (and before it
 * answers 404, 405 or 415 to a caller who has not said who they are).
 */
final class PublicRoutes {
    private final List<UriTemplate> templates;

    private PublicRoutes(List<UriTemplate> templates) {
        this.templates = List.copyOf(templates);
    }

    static PublicRoutes of(Set<Class<?>> resourceClasses) {
        List<UriTemplate> templates = new ArrayList<>();
        for (Class<?> type : resourceClasses) {
            Resource resource = Resource.from(type);
            if (resource == null) {
                continue;
            }
            boolean typeOpen = type.isAnnotationPresent(PermitAll.class);
            collect(resource, join("", resource.getPath()), typeOpen, templates);
        }
        return new PublicRoutes(templates);
    }

    private static void collect(Resource resource, String path, boolean open, List<UriTemplate> templates) {
        for (ResourceMethod method : resource.getResourceMethods()) {
            if (open || method.getInvocable().getHandlingMethod().isAnnotationPresent(PermitAll.class)) {
                templates.add(new UriTemplate(path));
                break;
            }
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, join(path, child.getPath()), open, templates);
        }
    }

    private static String join(String parent, String child) {
        String tail = child == null ? "" : child.replaceAll("^/+|/+$", "");
        String head = parent.replaceAll("/+$", "");
        return tail.isEmpty() ? (head.isEmpty() ? "/" : head) : head + "/" + tail;
    }

    /** Whether {@code path} (absolute, without the query) is served without a token. */
    boolean contains(String path) {
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (UriTemplate template : templates) {
            if (template.match(normalized, new ArrayList<>())) {
                return true;
            }
        }
        return false;
    }
}
