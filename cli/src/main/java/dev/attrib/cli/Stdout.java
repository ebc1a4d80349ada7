package dev.attrib.cli;

import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * A standard stream as {@link Output} writes to it: text through the command's writer, bytes (a
 * binary format such as PNG) straight to the stream underneath.
 *
 * @param text where text goes; flushed before any bytes, so the two never interleave
 * @param bytes the byte stream under {@code text}, or null when there is none (a caller that embeds
 *     {@link Main} with a {@link java.io.Writer}): binary output there is refused
 * @param terminal whether the stream is an interactive terminal: binary output is refused there
 */
record Stdout(PrintWriter text, OutputStream bytes, boolean terminal) {}
