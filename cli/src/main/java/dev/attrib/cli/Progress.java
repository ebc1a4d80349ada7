package dev.attrib.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr for batches, redrawn in place with a carriage return. Off
 * unless stderr is an interactive terminal and there is more than one input, so logs and pipes
 * never see it.
 */
final class Progress {
  private final PrintWriter err;
  private final int total;
  private final boolean on;
  private final long start = System.nanoTime();

  Progress(PrintWriter err, int total, boolean interactive) {
    this.err = err;
    this.total = total;
    this.on = interactive && total > 1;
  }

  void step(int done) {
    if (!on) {
      return;
    }
    int width = 30;
    int filled = (int) ((long) width * done / total);
    double secs = (System.nanoTime() - start) / 1e9;
    String eta = done == 0 ? "" : String.format(" eta %.0fs", secs / done * (total - done));
    err.print(
        "\r["
            + "=".repeat(filled)
            + (filled < width ? ">" : "")
            + " ".repeat(Math.max(0, width - filled - 1))
            + "] "
            + done
            + "/"
            + total
            + eta
            + "   ");
    err.flush();
  }

  void done() {
    if (on) {
      err.print("\r" + " ".repeat(60) + "\r");
      err.flush();
    }
  }
}
