package dev.attrib.ig;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The process's resident memory as Linux reports it: {@code VmRSS} and its high-water mark {@code
 * VmHWM} from {@code /proc/self/status}. Writing {@code 5} to {@code /proc/self/clear_refs} resets
 * the high-water mark to the current RSS (Linux 4.0 and later), so the peak of one piece of work is
 * {@code VmHWM} after it minus {@code VmRSS} before it.
 *
 * <p>Before each measurement glibc's {@code malloc_trim(0)} hands the pages of freed heap chunks
 * back to the kernel. Without it a measurement undercounts: libtorch frees a batch's tensors into
 * glibc's arenas (its dynamic mmap threshold soon puts tensors of a few MB there, not in their own
 * mappings), the next batch reuses those pages, and RSS never grows by what that batch needed.
 *
 * <p>{@link #open()} is empty where any of this is missing: not Linux, {@code /proc} not readable,
 * {@code clear_refs} not writable (some sandboxes), or no {@code malloc_trim} (musl). Then {@link
 * MemoryProbe} falls back to its fixed factor.
 */
final class ProcessMemory implements MemoryProbe.Meter {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private final Function mallocTrim;

  private ProcessMemory(Function mallocTrim) {
    this.mallocTrim = mallocTrim;
  }

  /** The meter, or empty where this process's peak RSS cannot be measured (see the class). */
  static Optional<MemoryProbe.Meter> open() {
    try {
      if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
        return Optional.empty();
      }
      Function trim = NativeLibrary.getInstance("c").getFunction("malloc_trim");
      ProcessMemory m = new ProcessMemory(trim);
      m.start();
      if (m.peak() <= 0) {
        return Optional.empty();
      }
      return Optional.of(m);
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  @Override
  public long start() {
    mallocTrim.invokeInt(new Object[] {0L});
    try {
      Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return status("VmRSS:");
  }

  @Override
  public long peak() {
    return status("VmHWM:");
  }

  /** A {@code kB} line of {@code /proc/self/status}, in bytes; -1 when it is missing. */
  private static long status(String key) {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith(key)) {
          String v = line.substring(key.length()).trim();
          int space = v.indexOf(' ');
          return Long.parseLong(space < 0 ? v : v.substring(0, space)) * 1024;
        }
      }
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
