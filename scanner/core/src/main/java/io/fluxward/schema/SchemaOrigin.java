package io.fluxward.schema;

import io.fluxward.model.Location;
import java.util.Optional;

/**
 * Where a schema came from, in the order of precedence: a user folder ({@code schemas:} or
 * {@code --schemas}), a CustomResourceDefinition in the scanned repository, or the CRDs bundled
 * with fluxward.
 *
 * @param kind        which of the three
 * @param description for messages, e.g. {@code bundled Flux CRD} or the file's path
 * @param location    the CRD's place in the scanned repository, when it is there
 * @param crd         true for a CRD's structural schema (the API server prunes unknown fields),
 *                    false for a plain JSON Schema given by the user (its own rules apply)
 */
public record SchemaOrigin(Kind kind, String description, Optional<Location> location, boolean crd) {

    /** Kinds of schema sources, highest precedence first. */
    public enum Kind { USER, REPOSITORY, BUNDLED }

    public static SchemaOrigin bundled(String description) {
        return new SchemaOrigin(Kind.BUNDLED, description, Optional.empty(), true);
    }

    public static SchemaOrigin repository(Location location) {
        return new SchemaOrigin(Kind.REPOSITORY, "CustomResourceDefinition in " + location.path(), Optional.of(location),
                true);
    }

    public static SchemaOrigin user(String file, Optional<Location> inRepository, boolean crd) {
        return new SchemaOrigin(Kind.USER, file, inRepository, crd);
    }
}
