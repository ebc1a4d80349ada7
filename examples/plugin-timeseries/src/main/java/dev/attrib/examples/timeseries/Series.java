package dev.attrib.examples.timeseries;

import java.util.List;

/**
 * A parsed series before it becomes a tensor: {@code values[t][c]}, one row per time step.
 *
 * @param values the numbers, {@code [T][C]}, every row the same length
 * @param channelNames one name per channel (from the header, the manifest, or {@code ch0, ch1,
 *     ...})
 * @param stepLabels one label per step: the time column's value, or the step index
 * @param starts per step, the start offset of its text in an inline input, or -1 (file input)
 * @param ends per step, the end offset (exclusive), or -1
 * @param lines per step, its 1-based line number in the file, or empty for an inline input
 */
record Series(
    float[][] values,
    List<String> channelNames,
    List<String> stepLabels,
    int[] starts,
    int[] ends,
    List<Integer> lines) {

  Series {
    channelNames = List.copyOf(channelNames);
    stepLabels = List.copyOf(stepLabels);
    lines = List.copyOf(lines);
  }

  int length() {
    return values.length;
  }

  int channels() {
    return channelNames.size();
  }

  /** Row-major {@code [T, C]} data for a tensor. */
  float[] flat() {
    int c = channels();
    float[] out = new float[values.length * c];
    for (int t = 0; t < values.length; t++) {
      System.arraycopy(values[t], 0, out, t * c, c);
    }
    return out;
  }
}
