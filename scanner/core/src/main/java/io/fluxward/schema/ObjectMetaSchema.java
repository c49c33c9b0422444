package io.fluxward.schema;

import org.json.JSONObject;

/**
 * JSON Schema of {@code metadata} (ObjectMeta), which CRD schemas leave to the API server. Only
 * the fields a manifest can set; unknown fields are errors, as the API server drops them.
 * {@code creationTimestamp: null}, common in generated manifests, passes because null values are
 * pruned before validation.
 */
final class ObjectMetaSchema {

    private static final String TEXT = """
            {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "name": {"type": "string", "maxLength": 253},
                "generateName": {"type": "string"},
                "namespace": {"type": "string", "maxLength": 63},
                "selfLink": {"type": "string"},
                "uid": {"type": "string"},
                "resourceVersion": {"type": "string"},
                "generation": {"type": "integer"},
                "creationTimestamp": {"type": "string"},
                "deletionTimestamp": {"type": "string"},
                "deletionGracePeriodSeconds": {"type": "integer"},
                "labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 63}},
                "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
                "ownerReferences": {"type": "array", "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["apiVersion", "kind", "name", "uid"],
                  "properties": {
                    "apiVersion": {"type": "string"},
                    "kind": {"type": "string"},
                    "name": {"type": "string"},
                    "uid": {"type": "string"},
                    "controller": {"type": "boolean"},
                    "blockOwnerDeletion": {"type": "boolean"}
                  }
                }},
                "finalizers": {"type": "array", "items": {"type": "string"}},
                "managedFields": {"type": "array"}
              }
            }
            """;

    private ObjectMetaSchema() {
    }

    /** A fresh copy (JSON objects are mutable). */
    static JSONObject json() {
        return new JSONObject(TEXT);
    }
}
