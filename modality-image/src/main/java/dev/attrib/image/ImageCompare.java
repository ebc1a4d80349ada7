package dev.attrib.image;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.Methods;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code attrib compare} for images: how do the baseline and the number of steps change IG? Runs
 * every baseline × step count on one image or a set and measures each attribution: deletion and
 * insertion AUC and the completeness delta.
 *
 * <pre>{@code
 * ImageCompare.Result r = ImageCompare.run(image, model, List.of("examples/shape-3.png"),
 *     ExplainSettings.defaults(), ImageCompare.Settings.defaults());
 * Files.writeString(Path.of("compare.csv"), ImageCompare.csv(r.rows()));
 * Files.write(Path.of("compare.png"), ImageCompare.grid(r, "examples/shape-3.png", Options.NONE));
 * }</pre>
 *
 * <p>Contract: one row per input × baseline × step count, in that nesting order; every run is IG
 * with fixed steps (adaptive mode off) and the quadrature, seed, target and output ({@code on}) of
 * the base settings; the curves track the class the first run of each input explained, so all
 * settings of an input are measured on the same class. Plain values, no printing.
 */
public final class ImageCompare {
  private ImageCompare() {}

  /** The step counts compared by default. */
  public static final List<Integer> DEFAULT_STEPS = List.of(5, 10, 20, 50, 100, 200);

  /** The baselines compared by default: all those without a parameter. */
  public static final List<String> DEFAULT_BASELINES =
      List.of("black", "white", "uniform", "gaussian", "blur", "max-distance");

  /**
   * What to compare.
   *
   * @param baselines baseline names (parametrised ones such as {@code image:PATH} work too)
   * @param steps step counts, each from 1 to 10000
   * @param curves how the deletion and insertion curves are made
   */
  public record Settings(List<String> baselines, List<Integer> steps, PixelCurves.Settings curves) {
    public Settings {
      baselines = List.copyOf(baselines);
      steps = List.copyOf(steps);
      if (baselines.isEmpty() || steps.isEmpty()) {
        throw new AttribException("compare needs at least one baseline and one step count");
      }
      for (int n : steps) {
        if (n < 1 || n > 10_000) {
          throw new AttribException("step counts must be from 1 to 10000, not " + n);
        }
      }
    }

    public static Settings defaults() {
      return new Settings(DEFAULT_BASELINES, DEFAULT_STEPS, PixelCurves.Settings.defaults());
    }
  }

  /**
   * One setting's measurements.
   *
   * @param input the image file
   * @param baseline the baseline name
   * @param steps IG steps
   * @param targetIndex the explained class
   * @param targetLabel its label
   * @param deletionAuc area under the deletion curve (lower is better)
   * @param insertionAuc area under the insertion curve (higher is better)
   * @param output F(x)
   * @param baselineOutput F(x'), the mean over baseline samples
   * @param delta sum of attributions minus (F(x) - F(x'))
   * @param relativeDelta |delta| / |F(x) - F(x')|
   * @param millis wall time of the attribution
   */
  public record Row(
      String input,
      String baseline,
      int steps,
      int targetIndex,
      String targetLabel,
      double deletionAuc,
      double insertionAuc,
      double output,
      double baselineOutput,
      double delta,
      double relativeDelta,
      long millis) {}

  /**
   * One setting's attribution map, for the grid picture.
   *
   * @param input the image file
   * @param baseline the baseline name
   * @param steps IG steps
   * @param scores one score per pixel
   * @param relativeDelta the completeness delta, for the caption
   */
  public record Cell(
      String input, String baseline, int steps, double[] scores, double relativeDelta) {
    public Cell {
      scores = scores.clone();
    }

    @Override
    public double[] scores() {
      return scores.clone();
    }
  }

  /**
   * All rows and maps, plus each input's picture for the grid.
   *
   * @param rows one per input × baseline × steps
   * @param cells the maps, in the same order
   * @param images each input's fitted picture (scaled space), in input order
   * @param spec the model's image spec
   */
  public record Result(List<Row> rows, List<Cell> cells, List<Pixels> images, ImageSpec spec) {
    public Result {
      rows = List.copyOf(rows);
      cells = List.copyOf(cells);
      images = List.copyOf(images);
    }
  }

  /** Runs the comparison; see the class comment. */
  public static Result run(
      ImageModality modality,
      LoadedModel model,
      List<String> inputs,
      ExplainSettings base,
      Settings s) {
    return run(modality, model, inputs, base, s, done -> {});
  }

  /**
   * As {@link #run(ImageModality, LoadedModel, List, ExplainSettings, Settings)}; {@code progress}
   * is told how many runs (input × baseline × step count) are done after each one, for a progress
   * bar: a comparison is many attributions and can take minutes.
   */
  public static Result run(
      ImageModality modality,
      LoadedModel model,
      List<String> inputs,
      ExplainSettings base,
      Settings s,
      IntConsumer progress) {
    if (inputs.isEmpty()) {
      throw new AttribException("compare needs at least one image");
    }
    Explainer<ImageEncoding> explainer = new Explainer<>(modality, model);
    List<Row> rows = new ArrayList<>();
    List<Cell> cells = new ArrayList<>();
    List<Pixels> images = new ArrayList<>();
    for (String input : inputs) {
      String target = base.target();
      Pixels picture = null;
      for (String baseline : s.baselines()) {
        for (int steps : s.steps()) {
          Methods.Config c = base.config();
          Methods.Config fixed =
              new Methods.Config(
                  steps,
                  c.quadrature(),
                  null,
                  Math.max(c.maxSteps(), steps),
                  c.batchSize(),
                  c.memoryBudget(),
                  c.noiseSamples(),
                  c.noiseStdev(),
                  c.seed(),
                  c.noiseOver());
          ExplainSettings run =
              base.withMethod("ig").withConfig(fixed).withBaseline(baseline).withTarget(target);
          long t0 = System.nanoTime();
          Explanation<ImageEncoding> e = explainer.explain(input, run);
          long millis = (System.nanoTime() - t0) / 1_000_000;
          int k = e.attribution().targetIndex();
          // Later settings explain the class the first one resolved (e.g. the predicted class).
          target = Integer.toString(k);
          if (picture == null) {
            picture = PixelBaselines.scaled(e.encoded());
          }
          Activation act =
              e.on().equals("probability") ? model.manifest().activation() : Activation.NONE;
          double[] scores = e.units().scores();
          PixelCurves.Curves curves =
              PixelCurves.measure(model, e.encoded(), scores, Target.index(k).on(act), s.curves());
          Completeness cm = e.attribution().completeness();
          rows.add(
              new Row(
                  input,
                  baseline,
                  steps,
                  k,
                  e.targetLabel(),
                  curves.deletion().auc(),
                  curves.insertion().auc(),
                  cm.output(),
                  cm.baselineOutput(),
                  cm.delta(),
                  cm.relativeDelta(),
                  millis));
          cells.add(new Cell(input, baseline, steps, scores, cm.relativeDelta()));
          progress.accept(rows.size());
        }
      }
      images.add(picture);
    }
    return new Result(rows, cells, images, ImageSpec.of(model.manifest()));
  }

  /** The rows as CSV (header first; fields quoted where needed; numbers in plain notation). */
  public static String csv(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    try (CSVPrinter p = CSV.print(b)) {
      p.printRecord(
          "input",
          "baseline",
          "steps",
          "target_index",
          "target_label",
          "deletion_auc",
          "insertion_auc",
          "output",
          "baseline_output",
          "delta",
          "relative_delta",
          "millis");
      for (Row r : rows) {
        List<Object> fields = new ArrayList<>();
        fields.add(r.input());
        fields.add(r.baseline());
        fields.add(r.steps());
        fields.add(r.targetIndex());
        fields.add(r.targetLabel());
        for (double v :
            new double[] {
              r.deletionAuc(),
              r.insertionAuc(),
              r.output(),
              r.baselineOutput(),
              r.delta(),
              r.relativeDelta()
            }) {
          fields.add(String.format(Locale.ROOT, "%.6g", v));
        }
        fields.add(r.millis());
        p.printRecord(fields);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
    return b.toString();
  }

  /**
   * RFC 4180 (quotes only where a field needs them, {@code ""} inside), with {@code \n} line ends
   * as the file has always had: scripts that split lines keep working.
   */
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

  /** The rows as an aligned plain-text table, one line per row. */
  public static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-24s %-14s %6s %10s %10s %10s %8s%n",
            "input",
            "baseline",
            "steps",
            "deletion",
            "insertion",
            "delta %",
            "ms"));
    for (Row r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-24s %-14s %6d %10.4f %10.4f %10.2f %8d%n",
              dev.attrib.spi.Escape.terminal(tail(r.input(), 24)),
              dev.attrib.spi.Escape.terminal(tail(r.baseline(), 14)),
              r.steps(),
              r.deletionAuc(),
              r.insertionAuc(),
              100 * r.relativeDelta(),
              r.millis()));
    }
    return b.toString();
  }

  /**
   * The attribution maps of one input as a grid PNG: a row per baseline, a column per step count,
   * the image in the top-left corner with a title beside it, each map normalised on its own ({@code
   * sign} and {@code clip} options as for {@link ImagePng}) and captioned with its completeness
   * delta.
   */
  public static byte[] grid(Result r, String input, Options options) {
    return drawGrid(r, input, options).png();
  }

  private static final float GRID_TITLE = 13f;
  private static final float GRID_TEXT = 12f;
  private static final float GRID_CAPTION = 11f;
  private static final int INK = 0x202020;

  /** The picture of {@link #grid}, before encoding. */
  static Canvas drawGrid(Result r, String input, Options options) {
    List<String> inputs = new ArrayList<>();
    String label = null;
    for (Row row : r.rows()) {
      if (!inputs.contains(row.input())) {
        inputs.add(row.input());
      }
      if (label == null && row.input().equals(input)) {
        label = row.targetLabel();
      }
    }
    int index = inputs.indexOf(input);
    if (index < 0) {
      throw new AttribException("'" + input + "' is not one of the compared images");
    }
    ImagePng.Style st = ImagePng.Style.of(options);
    Pixels img = r.images().get(index);
    List<String> baselines = new ArrayList<>();
    List<Integer> steps = new ArrayList<>();
    for (Cell c : r.cells()) {
      if (c.input().equals(input)) {
        if (!baselines.contains(c.baseline())) {
          baselines.add(c.baseline());
        }
        if (!steps.contains(c.steps())) {
          steps.add(c.steps());
        }
      }
    }
    int z =
        st.zoom() > 0
            ? st.zoom()
            : Math.max(1, (int) Math.ceil(96.0 / Math.max(img.height(), img.width())));
    int cw = img.width() * z;
    int chh = img.height() * z;
    int margin = 10;
    int gap = 6;
    int caption = Canvas.textHeight(GRID_CAPTION) + 4;
    int labelW = 0;
    for (String b : baselines) {
      labelW = Math.max(labelW, (int) Math.ceil(Canvas.textWidth(b, GRID_TEXT)));
    }
    labelW = Math.min(labelW, 160) + 8;
    int left = margin + Math.max(labelW, cw + gap);
    int headW = Math.max(steps.size() * (cw + gap) - gap, 240);
    // The title goes beside the image, as many lines as it needs.
    String tail = input.substring(Math.max(input.lastIndexOf('/'), input.lastIndexOf('\\')) + 1);
    String name = tail.isEmpty() ? input : tail;
    List<String> head = new ArrayList<>();
    head.add(Canvas.fit("IG of " + name, headW, GRID_TITLE));
    head.addAll(
        Canvas.wrap(
            List.of(
                "class " + (label == null ? "?" : label),
                ImagePng.display(st),
                "a row per baseline, a column per step count",
                "under each map its completeness delta"),
            ImagePng.SEP,
            headW,
            GRID_TEXT));
    int headH = Canvas.textHeight(GRID_TITLE) + 4 + (head.size() - 1) * lineHeight();
    int top = margin + Math.max(chh, headH) + gap + Canvas.textHeight(GRID_TEXT) + 4;
    int width = left + headW + margin;
    int height = top + baselines.size() * (chh + caption + gap) - gap + margin;
    Canvas canvas = new Canvas(width, height, 0xffffff);
    int[] picture = ImagePng.rgb(img, r.spec().max());
    canvas.picture(picture, img.width(), img.height(), margin, margin, z);
    int y0 = margin;
    canvas.text(head.get(0), left, y0, GRID_TITLE, INK, true);
    y0 += Canvas.textHeight(GRID_TITLE) + 4;
    for (String line : head.subList(1, head.size())) {
      canvas.text(line, left, y0, GRID_TEXT, INK);
      y0 += lineHeight();
    }
    for (int j = 0; j < steps.size(); j++) {
      String s = steps.get(j) + (steps.get(j) == 1 ? " step" : " steps");
      int x = left + j * (cw + gap);
      canvas.textCentred(
          Canvas.fit(s, cw, GRID_TEXT),
          x + cw / 2,
          top - Canvas.textHeight(GRID_TEXT) - 4,
          GRID_TEXT,
          INK);
    }
    for (int i = 0; i < baselines.size(); i++) {
      int y = top + i * (chh + caption + gap);
      canvas.text(
          Canvas.fit(baselines.get(i), labelW - 8, GRID_TEXT),
          margin,
          y + (chh - Canvas.textHeight(GRID_TEXT)) / 2,
          GRID_TEXT,
          INK);
      for (int j = 0; j < steps.size(); j++) {
        Cell c = find(r, input, baselines.get(i), steps.get(j));
        int x = left + j * (cw + gap);
        HeatMaps.Normalized n = HeatMaps.normalize(c.scores(), st.sign(), st.clip());
        canvas.picture(ImagePng.heat(n), img.width(), img.height(), x, y, z);
        String cap = String.format(Locale.ROOT, "delta %.1f%%", 100 * c.relativeDelta());
        canvas.textCentred(
            Canvas.fit(cap, cw, GRID_CAPTION), x + cw / 2, y + chh + 2, GRID_CAPTION, INK);
      }
    }
    return canvas;
  }

  private static int lineHeight() {
    return Canvas.textHeight(GRID_TEXT) + 2;
  }

  private static Cell find(Result r, String input, String baseline, int steps) {
    for (Cell c : r.cells()) {
      if (c.input().equals(input) && c.baseline().equals(baseline) && c.steps() == steps) {
        return c;
      }
    }
    throw new IllegalStateException("no cell " + baseline + "/" + steps);
  }

  private static String tail(String s, int n) {
    return s.length() <= n ? s : "..." + s.substring(s.length() - (n - 3));
  }
}
