package dev.attrib.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads a memory size such as {@code --memory-budget}'s: a whole number of bytes, or a number with
 * a binary unit: {@code K}, {@code M}, {@code G} (also {@code KB}/{@code KiB} ...; 1K = 1024 bytes,
 * as the JVM's {@code -Xmx} reads it). A bad value is bad usage (exit 2), naming the value.
 */
final class MemorySize implements CommandLine.ITypeConverter<Long> {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);

  @Override
  public Long convert(String value) {
    Long v = parse(value);
    if (v == null) {
      throw new CommandLine.TypeConversionException(
          "'"
              + Terminal.sanitize(value)
              + "' is not a memory size: give bytes, or a number with K, M or G (e.g. 512M)");
    }
    return v;
  }

  /** The bytes {@code s} means, or null when it is not a positive size. */
  static Long parse(String s) {
    Matcher m = SIZE.matcher(s.trim());
    if (!m.matches()) {
      return null;
    }
    int shift =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    double bytes = Double.parseDouble(m.group(1)) * (1L << shift);
    if (!(bytes >= 1) || bytes > Long.MAX_VALUE / 2) {
      return null;
    }
    return (long) Math.floor(bytes);
  }
}
