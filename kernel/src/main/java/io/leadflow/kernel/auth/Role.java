package io.leadflow.kernel.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a user may do. Roles are ordered: an admin may do all an editor may, an editor all a viewer
 * may. Viewers read; editors build and run workflows and manage leads; admins manage users,
 * plugins and the audit trail.
 */
public enum Role {
    VIEWER, EDITOR, ADMIN;

    public static final String ADMIN_NAME = "admin";
    public static final String EDITOR_NAME = "editor";
    public static final String VIEWER_NAME = "viewer";

    /** Whether this role grants everything {@code other} grants. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The lower of two roles: a token never grants more than its user has. */
    public Role atMost(Role ceiling) {
        return includes(ceiling) ? ceiling : this;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role parse(String id) {
        for (Role role : values()) {
            if (role.id().equals(id)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "' (admin, editor or viewer)");
    }
}
