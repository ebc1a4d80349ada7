package dev.attrib.spi;

/**
 * Shows an explanation in one format ({@code ansi}, {@code plain}, {@code html}, {@code json},
 * {@code svg}, {@code png}, ...). Returns bytes; the CLI decides where they go.
 *
 * <p>Contract: any text that came from the input is escaped for the format (control characters for
 * terminals, markup for HTML/SVG), and the output is never empty.
 */
public interface Renderer {
  /** The format name, as given to {@code --format}. */
  String format();

  byte[] render(Explanation explanation, Options options);
}
