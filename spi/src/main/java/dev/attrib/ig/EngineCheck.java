package dev.attrib.ig;

import ai.djl.engine.Engine;
import dev.attrib.internal.ModelFunction;
import dev.attrib.spi.AttribException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Trusts the engine's batched gradients only as far as they are checked.
 *
 * <pre>{@code
 * Attribution a = IntegratedGradients.builder().build().attribute(model, example, target);
 * for (String note : EngineCheck.takeNotices()) {
 *   System.err.println("note: " + note);   // e.g. oneDNN was switched off for this process
 * }
 * }</pre>
 *
 * <p>Why: on some CPUs PyTorch 2.7.1's oneDNN convolution gives an input inside a batch of more
 * than one a wrong gradient (28–89% off, which batch sizes depending on the thread count), while
 * the same input alone — which takes PyTorch's own convolution, since oneDNN is only chosen for
 * batches — is right. Completeness shows the damage (a 10% delta that more steps do not cure), but
 * a user cannot be expected to debug an engine.
 *
 * <p>The contract: the first time a model's gradients are computed in a batch of a given size in
 * this process, the batch's first and last points are computed again alone, and scores and
 * gradients must agree to {@link #TOLERANCE} (relative, see {@link #difference}). If they do not,
 * attrib switches PyTorch's oneDNN kernels off for the whole process (every batch size is then
 * checked again), recomputes the batch and checks again; if they still disagree, that model's
 * gradients are computed one point at a time from then on. Either step leaves one notice, taken by
 * {@link #takeNotices()}; the results returned are always from a setting that passed the check.
 * Where the engine is sound the cost is two single-point passes per model and batch size, once per
 * process.
 */
public final class EngineCheck {
  private EngineCheck() {}

  /**
   * Largest relative difference between a point's scores and gradients in a batch and alone that
   * counts as agreement. Kernels that sum in a different order differ by 1e-7 to 4e-6 in float32 on
   * the demo and test models (measured over every check the test suite makes); the fault this
   * guards against is 10–90%. A ReLU or max-pool tie that float noise flips can move a point's
   * gradient by far more (up to 74% on a near-black image), which is why a difference must also
   * survive two probes off every tie before it counts.
   */
  public static final double TOLERANCE = 5e-3;

  /** What a check found. */
  enum Verdict {
    AGREES,
    DISAGREES
  }

  private static final Map<ModelFunction, Guard> GUARDS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private static final List<String> NOTICES = new ArrayList<>();

  /** Bumped when oneDNN is switched: every check made before is void (other kernels now run). */
  private static int epoch;

  private static Boolean nativeWarnings;

  private static volatile boolean engineReady;

  /**
   * Starts DJL's PyTorch engine, or fails with one line saying where attrib looks for its native
   * library. The library modules leave that choice to the application: DJL loads libtorch from
   * {@code PYTORCH_LIBRARY_PATH} when set, else from a {@code pytorch-native-*} jar on the class
   * path; offline, with neither, DJL's own error is an attempt to download ("Failed to save pytorch
   * index file"), which says nothing about the cause.
   */
  public static void requireEngine() {
    if (engineReady) {
      return;
    }
    try {
      Engine.getEngine("PyTorch");
      engineReady = true;
    } catch (RuntimeException | LinkageError e) {
      throw new AttribException(
          "the PyTorch engine cannot start ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "): attrib needs libtorch 2.7.1, either the jar"
              + " ai.djl.pytorch:pytorch-native-cpu:2.7.1 (classifier linux-x86_64) on the class"
              + " path or a local libtorch 2.7.1 folder in PYTORCH_LIBRARY_PATH with PYTORCH_FLAVOR"
              + " set to cpu or cu128",
          AttribException.RUNTIME,
          e);
    }
  }

  /** Whether {@link #requireEngine} has started the engine in this process. */
  static boolean engineStarted() {
    return engineReady;
  }

  /** The notices left since the last call, oldest first; each is one sentence. */
  public static synchronized List<String> takeNotices() {
    List<String> out = List.copyOf(NOTICES);
    NOTICES.clear();
    return out;
  }

  /** Whether PyTorch may use oneDNN kernels now; empty where attrib cannot tell. */
  public static Optional<Boolean> oneDnnEnabled() {
    return TorchNative.oneDnnEnabled();
  }

  /**
   * Whether libtorch's own C++ warnings (e.g. "Could not initialize NNPACK!") reach stderr. Left as
   * the engine has it unless called; the CLI hides them unless {@code --verbose}. Takes effect when
   * the engine is first used, or at once if it already is.
   */
  public static synchronized void showNativeWarnings(boolean show) {
    nativeWarnings = show;
    applied = false;
  }

  private static boolean applied;

  /**
   * Applies {@link #showNativeWarnings} to the loaded engine. Called by the core and by the model
   * loader before they run a model; idempotent and cheap.
   */
  public static void applySettings() {
    synchronized (EngineCheck.class) {
      if (applied || nativeWarnings == null) {
        return;
      }
      applied = true;
    }
    int level =
        nativeWarnings
            ? TorchNative.initialLogLevel().orElse(TorchNative.LOG_WARNING)
            : TorchNative.LOG_ERROR;
    TorchNative.setLogLevel(level);
  }

  static Guard guard(ModelFunction model) {
    return GUARDS.computeIfAbsent(model, m -> new Guard());
  }

  /**
   * The relative difference between row {@code row} of {@code batch} and {@code alone} (a batch of
   * one): the larger of the scores' and the gradients' (L2 over all attributable inputs), each
   * divided by the larger of the two magnitudes. A magnitude below 1e-4 of the largest in the batch
   * is floored there, so rows whose gradient has all but vanished (a saturated softmax) are judged
   * by the scale of the batch, not by float noise in what is left. NaN where the other has a number
   * is a full difference.
   */
  static double difference(
      PathEvaluator.BatchGradients batch,
      int row,
      PathEvaluator.BatchGradients alone,
      int[] sizes) {
    double sb = batch.scores()[row];
    double sa = alone.scores()[0];
    double scoreDiff = 0;
    if (Double.isNaN(sb) || Double.isNaN(sa)) {
      if (Double.isNaN(sb) != Double.isNaN(sa)) {
        return Double.POSITIVE_INFINITY;
      }
    } else if (sb != sa) {
      double maxScore = 0;
      for (double s : batch.scores()) {
        if (Double.isFinite(s)) {
          maxScore = Math.max(maxScore, Math.abs(s));
        }
      }
      scoreDiff = relative(Math.abs(sb - sa), Math.max(Math.abs(sb), Math.abs(sa)), maxScore);
    }
    double num = 0;
    double nb = 0;
    double na = 0;
    for (int i = 0; i < sizes.length; i++) {
      float[] gb = batch.gradients()[i];
      float[] ga = alone.gradients()[i];
      int off = row * sizes[i];
      for (int j = 0; j < sizes[i]; j++) {
        float x = gb[off + j];
        float y = ga[j];
        if (Float.isNaN(x) || Float.isNaN(y)) {
          if (Float.isNaN(x) != Float.isNaN(y)) {
            return Double.POSITIVE_INFINITY;
          }
          continue;
        }
        num += ((double) x - y) * ((double) x - y);
        nb += (double) x * x;
        na += (double) y * y;
      }
    }
    double maxRow = 0;
    for (int r = 0; r < batch.scores().length; r++) {
      double n = 0;
      for (int i = 0; i < sizes.length; i++) {
        float[] gb = batch.gradients()[i];
        for (int j = r * sizes[i]; j < (r + 1) * sizes[i]; j++) {
          if (Float.isFinite(gb[j])) {
            n += (double) gb[j] * gb[j];
          }
        }
      }
      maxRow = Math.max(maxRow, n);
    }
    return Math.max(
        scoreDiff, relative(Math.sqrt(num), Math.sqrt(Math.max(nb, na)), Math.sqrt(maxRow)));
  }

  private static double relative(double diff, double magnitude, double batchScale) {
    if (diff == 0) {
      return 0;
    }
    if (!Double.isFinite(diff)) {
      return Double.POSITIVE_INFINITY;
    }
    return diff / Math.max(magnitude, Math.max(1e-4 * batchScale, 1e-30));
  }

  /**
   * The engine check on one model and input, raw (nothing is switched or repaired): the gradients
   * of {@code points} points evenly spaced on the straight path from the example's first baseline
   * (zero when it has none) to its input, computed in one batch, against each computed alone.
   * Returns the largest relative difference ({@link #difference}); at most {@link #TOLERANCE} is
   * agreement. For {@code attrib check}, which reports it instead of acting on it.
   */
  public static double pathAgreement(Model model, Example example, Target target, int points) {
    if (points < 2) {
      throw new IllegalArgumentException("the engine check needs a batch of 2 or more");
    }
    PathEvaluator ev = new PathEvaluator(model, example);
    Target resolved = ev.resolve(target).target();
    float[][] x = ev.inputPoint();
    List<dev.attrib.spi.Tensor> base = example.baselinesOrZero().get(0);
    int[] sizes = new int[ev.attributableCount()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = ev.size(i);
    }
    PathEvaluator.PointFiller filler =
        (p, i, dest, off) -> {
          float a = (p + 1f) / points;
          float[] b = base.get(i).floats();
          for (int j = 0; j < sizes[i]; j++) {
            dest[off + j] = b[j] + a * (x[i][j] - b[j]);
          }
        };
    PathEvaluator.BatchGradients all = ev.batchGradients(0, points, filler, resolved);
    double worst = 0;
    for (int r = 0; r < points; r++) {
      PathEvaluator.BatchGradients alone = ev.batchGradients(r, r + 1, filler, resolved);
      worst = Math.max(worst, difference(all, r, alone, sizes));
    }
    return worst;
  }

  /** Voids every check made so far: the next batch of every size is checked again. */
  private static synchronized void newEpoch() {
    epoch++;
  }

  private static synchronized int currentEpoch() {
    return epoch;
  }

  private static synchronized void notice(String s) {
    NOTICES.add(s);
  }

  /**
   * Switches oneDNN off for the process (every check made before is void) and leaves {@code why} as
   * a notice; for {@link SelfCheck}, which tests the engine directly.
   */
  static synchronized void switchOneDnnOff(String why) {
    if (TorchNative.setOneDnnEnabled(false)) {
      newEpoch();
      notice(why);
    }
  }

  /** Restores the engine's defaults and forgets every check; for tests. */
  static synchronized void resetForTests() {
    TorchNative.setOneDnnEnabled(true);
    GUARDS.clear();
    NOTICES.clear();
    epoch++;
  }

  /** What is known about one model in this process. */
  static final class Guard {
    private final Set<Integer> agreed = new HashSet<>();
    private int agreedEpoch = -1;
    private volatile boolean onePointAtATime;

    boolean onePointAtATime() {
      return onePointAtATime;
    }

    /**
     * The epoch a batch of {@code b} points must be checked in, or -1 when it was checked already.
     * One point alone is its own reference, so it is never checked.
     */
    synchronized int epochToCheck(int b) {
      if (b < 2) {
        return -1;
      }
      int e = currentEpoch();
      if (agreedEpoch != e) {
        agreed.clear();
        agreedEpoch = e;
      }
      return agreed.contains(b) ? -1 : e;
    }

    /**
     * Records a check made in {@code epoch}. On a disagreement, switches oneDNN off if it is on
     * (the batch must then be recomputed and {@link #recordAfterSwitch} called), or else falls back
     * to one point at a time.
     */
    Verdict record(int b, int epoch, double diff) {
      if (diff <= TOLERANCE) {
        synchronized (this) {
          if (agreedEpoch == epoch) {
            agreed.add(b);
          }
        }
        return Verdict.AGREES;
      }
      synchronized (EngineCheck.class) {
        // Another thread may have switched already; then this batch just runs again.
        if (currentEpoch() == epoch && TorchNative.oneDnnEnabled().orElse(false)) {
          TorchNative.setOneDnnEnabled(false);
          newEpoch();
          return Verdict.DISAGREES;
        }
        if (currentEpoch() != epoch) {
          return Verdict.DISAGREES;
        }
      }
      fallBack(b, diff, false);
      return Verdict.DISAGREES;
    }

    /** Records the check of a batch recomputed after oneDNN was switched off. */
    Verdict recordAfterSwitch(int b, double before, double after) {
      if (after <= TOLERANCE) {
        synchronized (this) {
          agreed.add(b);
          agreedEpoch = currentEpoch();
        }
        notice(
            String.format(
                Locale.ROOT,
                "the engine gave an input in a batch of %d a different gradient than the same"
                    + " input alone (relative difference %s); PyTorch's oneDNN kernels are now off"
                    + " for this run and the batched gradients agree (slower convolutions; see"
                    + " 'attrib selfcheck')",
                b,
                percent(before)));
        return Verdict.AGREES;
      }
      fallBack(b, after, true);
      return Verdict.DISAGREES;
    }

    private void fallBack(int b, double diff, boolean oneDnnOff) {
      if (onePointAtATime) {
        return;
      }
      onePointAtATime = true;
      notice(
          String.format(
              Locale.ROOT,
              "the engine gave an input in a batch of %d a different gradient than the same input"
                  + " alone (relative difference %s%s); this model's gradients are now computed"
                  + " one input at a time for this run (slower; see 'attrib selfcheck')",
              b,
              percent(diff),
              oneDnnOff ? ", with PyTorch's oneDNN kernels off too" : ""));
    }
  }

  static String percent(double d) {
    if (!Double.isFinite(d)) {
      return "NaN or infinite values";
    }
    return d >= 0.01
        ? String.format(Locale.ROOT, "%.1f%%", d * 100)
        : String.format(Locale.ROOT, "%.2g", d);
  }
}
