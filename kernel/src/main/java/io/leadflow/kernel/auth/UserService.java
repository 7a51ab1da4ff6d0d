package io.leadflow.kernel.auth;

import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.http.TextInput;
import io.leadflow.kernel.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Users: creation, changes and password checks, each change audited in its own transaction. */
public final class UserService {
    private static final int MAX_DISPLAY_NAME = 200;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{3,64}");
    static final int MIN_PASSWORD_LENGTH = 10;
    static final int MAX_PASSWORD_LENGTH = 256;

    private final Store store;
    private final AuditLog audit;
    private final PasswordHasher hasher;

    public UserService(Store store, AuditLog audit, PasswordHasher hasher) {
        this.store = store.register(UserMapper.class);
        this.audit = audit;
        this.hasher = hasher;
    }

    public long count() {
        return store.inTransaction(UserMapper.class, UserMapper::count);
    }

    public List<User> list() {
        return store.inTransaction(UserMapper.class, UserMapper::findAll).stream().map(UserRow::toUser).toList();
    }

    public User get(UUID id) {
        UserRow row = store.inTransaction(UserMapper.class, mapper -> mapper.findById(id));
        if (row == null) {
            throw ProblemException.notFound("user", id.toString());
        }
        return row.toUser();
    }

    /** Creates a user; empty if the username is taken (compared without case). */
    public Optional<User> create(Actor actor, String username, String displayName, Role role, String password) {
        requireUsername(username);
        requirePassword(password);
        UserRow row = new UserRow();
        row.id = UUID.randomUUID();
        row.username = username;
        row.displayName = TextInput.line("/displayName", displayName, MAX_DISPLAY_NAME);
        row.role = role.id();
        row.passwordHash = hasher.hash(password);
        return store.inTransaction(session -> {
            UserMapper users = session.getMapper(UserMapper.class);
            if (users.insert(row) == 0) {
                return Optional.empty();
            }
            audit.record(session, AuditEntry.of(actor, "user.created", AuditEntry.SUCCESS, "user",
                    row.id.toString(), Map.of("username", username, "role", role.id())));
            return Optional.of(users.findById(row.id).toUser());
        });
    }

    /** Applies the given changes (null means unchanged); refuses to leave no active admin. */
    public User update(Actor actor, UUID id, UserChanges changes) {
        if (changes.password() != null) {
            requirePassword(changes.password());
        }
        String newHash = changes.password() == null ? null : hasher.hash(changes.password());
        return store.inTransaction(session -> {
            UserMapper users = session.getMapper(UserMapper.class);
            UserRow row = users.findById(id);
            if (row == null) {
                throw ProblemException.notFound("user", id.toString());
            }
            boolean wasActiveAdmin = Role.ADMIN.id().equals(row.role) && !row.disabled;
            List<String> changed = new ArrayList<>();
            if (changes.displayName() != null && !changes.displayName().equals(row.displayName)) {
                row.displayName = TextInput.line("/displayName", changes.displayName(), MAX_DISPLAY_NAME);
                changed.add("displayName");
            }
            if (changes.role() != null && !changes.role().id().equals(row.role)) {
                row.role = changes.role().id();
                changed.add("role");
            }
            if (changes.disabled() != null && changes.disabled() != row.disabled) {
                row.disabled = changes.disabled();
                changed.add("disabled");
            }
            if (newHash != null) {
                row.passwordHash = newHash;
                changed.add("password");
            }
            boolean stillActiveAdmin = Role.ADMIN.id().equals(row.role) && !row.disabled;
            if (wasActiveAdmin && !stillActiveAdmin && users.countActiveAdmins() <= 1) {
                throw ProblemException.conflict("this is the last active admin; promote another user first");
            }
            if (!changed.isEmpty()) {
                users.update(row);
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("fields", changed);
                if (changed.contains("role")) {
                    detail.put("role", row.role);
                }
                audit.record(session, AuditEntry.of(actor, "user.updated", AuditEntry.SUCCESS, "user",
                        id.toString(), detail));
            }
            return users.findById(id).toUser();
        });
    }

    /** The user these credentials belong to, if the password matches and the user is enabled. */
    public Optional<User> checkPassword(String username, String password) {
        UserRow row = username == null ? null
                : store.inTransaction(UserMapper.class, mapper -> mapper.findByUsername(username));
        boolean matches = hasher.matches(password == null ? "" : password, row == null ? null : row.passwordHash);
        if (!matches || row.disabled) {
            return Optional.empty();
        }
        return Optional.of(row.toUser());
    }

    private static void requireUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ProblemException.invalidField("/username",
                    "username must be 3 to 64 letters, digits or . _ @ + -");
        }
    }

    private static void requirePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw ProblemException.invalidField("/password",
                    "password must be " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    /** Requested changes to a user; a null member leaves that attribute as it is. */
    public record UserChanges(String displayName, Role role, Boolean disabled, String password) {
    }
}
