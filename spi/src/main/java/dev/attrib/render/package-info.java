/**
 * Shared drawing of attribution scores, for every modality and plugin: the one diverging colour
 * scale ({@link dev.attrib.render.DivergingScale}: red raises, blue lowers, grey is zero), its
 * sign-preserving mapping to terminal colours ({@link dev.attrib.render.TerminalPalette}, written
 * with Jansi, at the {@link dev.attrib.render.ColorDepth} a renderer is given), and legends ({@link
 * dev.attrib.render.Legend}).
 *
 * <pre>{@code
 * Rgb fill = DivergingScale.color(atomScore, maxAbs);                          // an SVG or PNG
 * String cell = TerminalPalette.paint(Escape.terminal(word), score, maxAbs,
 *     ColorDepth.option(options, ColorDepth.ANSI256));                         // a terminal
 * }</pre>
 *
 * <p>Nothing here decides whether to colour or how many colours a terminal has: that is the
 * caller's (the CLI's) decision, passed to renderers as the {@code color} option. See {@code
 * docs/colour.md} for the scale, the mappings and pictures of both on dark and light terminals.
 */
package dev.attrib.render;
