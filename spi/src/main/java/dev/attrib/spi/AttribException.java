package dev.attrib.spi;

/**
 * The one unchecked domain exception of attrib: bad input, a bad model folder, an unknown name.
 *
 * <p>The message is written for the person at the terminal: it names the offending input (file,
 * key, name, value) and, where there is a choice, lists what is available. The CLI prints the
 * message alone on one line and exits with {@link #exitCode()}.
 */
public class AttribException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code for bad usage or bad input. */
  public static final int BAD_INPUT = 2;

  /** Exit code for a failure at run time (engine error, I/O while writing). */
  public static final int RUNTIME = 1;

  private final int exitCode;

  public AttribException(String message) {
    this(message, BAD_INPUT, null);
  }

  public AttribException(String message, Throwable cause) {
    this(message, BAD_INPUT, cause);
  }

  public AttribException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** 2 for bad usage or input (the default), 1 for a run-time failure. */
  public int exitCode() {
    return exitCode;
  }
}
