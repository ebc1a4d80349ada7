/**
 * The {@code image} modality: images, attributed per pixel.
 *
 * <p>Not implemented yet: {@link dev.attrib.image.ImageModality} only registers the name {@code
 * image} so the CLI and the registry can list it; encoding and summarising fail with a clear
 * message.
 */
package dev.attrib.image;
