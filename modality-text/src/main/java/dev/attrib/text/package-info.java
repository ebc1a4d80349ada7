/**
 * The {@code text} modality: which word-pieces made a text classifier decide, attributed on the
 * token embeddings.
 *
 * <p>Entry points: {@link dev.attrib.text.TextModality} (registered through {@code
 * META-INF/services}; encoding, baselines, summaries), {@link dev.attrib.text.TextRenderers} (ansi,
 * plain, html, json) and {@link dev.attrib.text.TextFaithfulness} (ERASER comprehensiveness and
 * sufficiency for {@code attrib eval}). The model folder's text keys are described by {@link
 * dev.attrib.text.TextManifest}.
 */
package dev.attrib.text;
