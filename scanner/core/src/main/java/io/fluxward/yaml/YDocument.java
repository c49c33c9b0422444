package io.fluxward.yaml;

/**
 * One document of a YAML stream.
 *
 * @param index 0-based position in the file
 * @param root  the document's root node ({@link YMissing} for an empty document)
 * @param span  where the document starts and ends
 */
public record YDocument(int index, YNode root, Span span) {
}
