package dev.attrib.spi;

/**
 * Shows an explanation in one format ({@code ansi}, {@code plain}, {@code html}, {@code json},
 * {@code svg}, {@code png}, ...). Returns bytes; the CLI decides where they go.
 *
 * <pre>{@code
 * byte[] json = text.renderer("json").render(explanation, Options.NONE);
 * }</pre>
 *
 * <p>Contract: a renderer receives the whole explanation, every row of it (one per target), and
 * shows them all or says it cannot (a picture of one target refuses several rows with an {@link
 * AttribException}); any text that came from the input is escaped for the format (control
 * characters for terminals, markup for HTML/SVG), and the output is never empty.
 *
 * @param <E> the encoding of the modality whose explanations it shows
 */
public interface Renderer<E extends Encoding> {
  /** The format name, as given to {@code --format}. */
  String format();

  byte[] render(Explanation<E> explanation, Options options);
}
