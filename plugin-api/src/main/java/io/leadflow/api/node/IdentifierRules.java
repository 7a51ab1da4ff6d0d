package io.leadflow.api.node;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The exact rules for the identifiers a plugin declares, as regular expressions, and the checks
 * that say precisely which rule an identifier breaks. Node type ids, credential type ids and
 * channel ids are {@code <plugin id>.<name>}; the kernel also refuses, at install, a type id whose
 * plugin part is not the installing plugin's {@code Plugin-Id}.
 *
 * @since node 1.5.0
 */
public final class IdentifierRules {

    /** A plugin's {@code Plugin-Id}: a lower-case letter, then up to 40 lower-case letters, digits or {@code -}. */
    public static final String PLUGIN_ID = "[a-z][a-z0-9-]{0,40}";

    /**
     * A node type, credential type or channel id: {@code <plugin id>.<name>}, each part a lower-case
     * letter then lower-case letters, digits or {@code -} (plugin part at most 41, name at most 61
     * characters), e.g. {@code mailgun.send-email}.
     */
    public static final String TYPE_ID = PLUGIN_ID + "\\.[a-z][a-z0-9-]{0,60}";

    /**
     * A property (configuration key or credential field) id: a letter, then up to 63 letters, digits
     * or {@code _}, e.g. {@code apiKey} or {@code api_key}; it is a JSON key and a JSONata name.
     */
    public static final String PROPERTY_ID = "[a-zA-Z][a-zA-Z0-9_]{0,63}";

    /** A port name: a lower-case letter, then up to 63 letters, digits, {@code _} or {@code -}. */
    public static final String PORT_NAME = "[a-z][a-zA-Z0-9_-]{0,63}";

    private static final Pattern TYPE_ID_PATTERN = Pattern.compile(TYPE_ID);
    private static final Pattern PROPERTY_ID_PATTERN = Pattern.compile(PROPERTY_ID);
    private static final Pattern PORT_NAME_PATTERN = Pattern.compile(PORT_NAME);
    private static final int PLUGIN_PART_MAX = 41;
    private static final int NAME_PART_MAX = 61;
    private static final int PROPERTY_OR_PORT_MAX = 64;

    private IdentifierRules() {
    }

    /**
     * Checks a {@code <plugin>.<name>} type id.
     *
     * @param what what the id names, for the message (e.g. {@code "node type id"})
     * @param id the id
     * @return the id
     * @throws IllegalArgumentException naming the rule the id breaks
     */
    public static String requireTypeId(String what, String id) {
        Objects.requireNonNull(id, what);
        if (TYPE_ID_PATTERN.matcher(id).matches()) {
            return id;
        }
        throw new IllegalArgumentException(what + " '" + id + "' " + typeIdProblem(id));
    }

    /**
     * Checks a property id.
     *
     * @param id the id
     * @return the id
     * @throws IllegalArgumentException naming the rule the id breaks
     */
    public static String requirePropertyId(String id) {
        Objects.requireNonNull(id, "property id");
        if (PROPERTY_ID_PATTERN.matcher(id).matches()) {
            return id;
        }
        String problem;
        if (id.isEmpty()) {
            problem = "is empty";
        } else if (!isAsciiLetter(id.charAt(0))) {
            problem = "must start with a letter";
        } else if (id.length() > PROPERTY_OR_PORT_MAX) {
            problem = "is " + id.length() + " characters long, at most " + PROPERTY_OR_PORT_MAX;
        } else {
            problem = "may hold only letters, digits and '_' (it is a JSON key and a JSONata name), not "
                    + firstOffending(id, "_");
        }
        throw new IllegalArgumentException("property id '" + id + "' " + problem);
    }

    /**
     * Checks a port name.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException naming the rule the name breaks
     */
    public static String requirePortName(String name) {
        Objects.requireNonNull(name, "port name");
        if (PORT_NAME_PATTERN.matcher(name).matches()) {
            return name;
        }
        String problem;
        if (name.isEmpty()) {
            problem = "is empty";
        } else if (name.charAt(0) < 'a' || name.charAt(0) > 'z') {
            problem = "must start with a lower-case letter a-z";
        } else if (name.length() > PROPERTY_OR_PORT_MAX) {
            problem = "is " + name.length() + " characters long, at most " + PROPERTY_OR_PORT_MAX;
        } else {
            problem = "may hold only letters, digits, '_' and '-', not " + firstOffending(name, "_-");
        }
        throw new IllegalArgumentException("port name '" + name + "' " + problem);
    }

    /** Which rule a type id that does not match {@link #TYPE_ID} breaks, worded to follow the id. */
    private static String typeIdProblem(String id) {
        String example = "e.g. 'acme.send-invoice'";
        int dot = id.indexOf('.');
        if (dot < 0 || dot != id.lastIndexOf('.')) {
            return "must be '<plugin>.<name>' with exactly one dot, " + example + " (never a class name)";
        }
        String lowered = id.toLowerCase(Locale.ROOT);
        if (!lowered.equals(id)) {
            String hint = TYPE_ID_PATTERN.matcher(lowered).matches() ? "; '" + lowered + "' would do" : "";
            return "must be lower case: letters a-z, digits and '-'" + hint;
        }
        String pluginPart = id.substring(0, dot);
        String namePart = id.substring(dot + 1);
        String problem = partProblem("plugin part", pluginPart, PLUGIN_PART_MAX);
        if (problem == null) {
            problem = partProblem("name part", namePart, NAME_PART_MAX);
        }
        return problem == null ? "must match " + TYPE_ID : problem;
    }

    private static String partProblem(String label, String part, int max) {
        if (part.isEmpty()) {
            return "has an empty " + label + "; it must be '<plugin>.<name>'";
        }
        if (part.charAt(0) < 'a' || part.charAt(0) > 'z') {
            return "has a " + label + " '" + part + "' that does not start with a letter a-z";
        }
        if (part.length() > max) {
            return "has a " + label + " of " + part.length() + " characters, at most " + max;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return "may hold only letters a-z, digits and '-' in each part, not '" + c + "'";
            }
        }
        return null;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String firstOffending(String id, String extra) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && extra.indexOf(c) < 0) {
                return "'" + c + "'";
            }
        }
        return "what it holds";
    }
}
