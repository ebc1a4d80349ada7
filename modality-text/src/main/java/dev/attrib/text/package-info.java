/**
 * The {@code text} modality: text classification and translation, attributed on token embeddings.
 *
 * <p>Not implemented yet: {@link dev.attrib.text.TextModality} only registers the name {@code text}
 * so the CLI and the registry can list it; encoding and summarising fail with a clear message.
 */
package dev.attrib.text;
