package dev.attrib.molecule;

import org.openscience.cdk.tools.ILoggingTool;
import org.openscience.cdk.tools.LoggingToolFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends CDK's log messages to SLF4J, like the rest of the stack (DJL logs there too).
 *
 * <p>Why: CDK 2.9 looks for its SLF4J or Log4j bridge by class name and, finding neither on our
 * class path, falls back to a logger that prints to standard error, so a malformed SDF record
 * printed a raw {@code MDLV2000Reader ERROR: ...} line next to attrib's own report of the same
 * record. Through SLF4J the messages go wherever the application's binding sends them; the CLI's
 * binding ({@code slf4j-nop}) drops them, since every problem CDK logs also reaches us as the
 * exception we report. {@link #install()} respects a logging class someone else chose.
 *
 * <p>Public only because CDK creates its loggers reflectively through {@link #create(Class)}.
 */
public final class CdkLogging implements ILoggingTool {
  private final Logger log;
  private int level = ILoggingTool.WARN;

  private CdkLogging(Class<?> owner) {
    this.log = LoggerFactory.getLogger(owner);
  }

  /** Makes CDK log through SLF4J, unless a logging class was already set; call before CDK logs. */
  static void install() {
    if (LoggingToolFactory.getLoggingToolClass() == null) {
      LoggingToolFactory.setLoggingToolClass(CdkLogging.class);
    }
  }

  /** CDK's factory method: the logger of {@code owner}. */
  public static ILoggingTool create(Class<?> owner) {
    return new CdkLogging(owner);
  }

  private static String text(Object message, Object... more) {
    StringBuilder b = new StringBuilder(String.valueOf(message));
    for (Object o : more) {
      b.append(o);
    }
    return b.toString();
  }

  @Override
  public void dumpSystemProperties() {}

  @Override
  public void setStackLength(int length) {}

  @Override
  public void dumpClasspath() {}

  @Override
  public void debug(Object message) {
    if (log.isDebugEnabled()) {
      log.debug(text(message));
    }
  }

  @Override
  public void debug(Object message, Object... more) {
    if (log.isDebugEnabled()) {
      log.debug(text(message, more));
    }
  }

  @Override
  public void error(Object message) {
    log.error(text(message));
  }

  @Override
  public void error(Object message, Object... more) {
    log.error(text(message, more));
  }

  @Override
  public void fatal(Object message) {
    log.error(text(message));
  }

  @Override
  public void info(Object message) {
    log.info(text(message));
  }

  @Override
  public void info(Object message, Object... more) {
    log.info(text(message, more));
  }

  @Override
  public void warn(Object message) {
    log.warn(text(message));
  }

  @Override
  public void warn(Object message, Object... more) {
    log.warn(text(message, more));
  }

  @Override
  public boolean isDebugEnabled() {
    return log.isDebugEnabled();
  }

  /** Kept for CDK's callers; which messages show is the SLF4J binding's decision. */
  @Override
  public void setLevel(int level) {
    this.level = level;
  }

  @Override
  public int getLevel() {
    return level;
  }
}
