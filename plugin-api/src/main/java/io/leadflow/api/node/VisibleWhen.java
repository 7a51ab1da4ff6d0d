package io.leadflow.api.node;

import java.util.List;
import java.util.Objects;

/**
 * Shows a property in the editor only while another property has one of the given values, e.g. the
 * "body" field only when "method" is POST or PUT. Hidden properties are not validated.
 *
 * @param property the id of the property this one depends on
 * @param values the values of that property that make this one visible
 */
public record VisibleWhen(String property, List<String> values) {

    /**
     * Validates and copies.
     *
     * @param property the property depended on
     * @param values the values that show this one
     */
    public VisibleWhen {
        Objects.requireNonNull(property, "property");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("VisibleWhen needs at least one value");
        }
    }
}
