package dev.attrib.spi;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelFolders;
import dev.attrib.model.ModelLoader;
import dev.attrib.model.TinyTanhMlp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A sequence labeller as a plugin would write one: "1,2,3; 0,1,0" is two positions of three
 * features, the model ({@link TinyTanhMlp} applied at every position) gives {@code [B, T, 2]}, and
 * every position is one row, its predicted tag ({@link Target#predictedAt}).
 */
class SequenceModality implements Modality<SequenceModality.Steps> {

  /** The encoding: the positions, and how many features each has. */
  record Steps(String input, List<NamedTensor> tensors, List<Unit> units, int features)
      implements Encoding {
    Steps {
      tensors = List.copyOf(tensors);
      units = List.copyOf(units);
    }
  }

  @Override
  public String name() {
    return "sequence";
  }

  @Override
  public Steps encode(String input, LoadedModel model, Options options) {
    String[] rows = input.split(";");
    float[] v = new float[rows.length * 3];
    List<Unit> units = new ArrayList<>();
    for (int t = 0; t < rows.length; t++) {
      String[] f = rows[t].split(",");
      if (f.length != 3) {
        throw new AttribException("position " + t + " of '" + input + "' needs 3 numbers");
      }
      for (int k = 0; k < 3; k++) {
        v[t * 3 + k] = Float.parseFloat(f[k].trim());
      }
      units.add(Unit.of(t, "position", "t" + t));
    }
    return new Steps(
        input, List.of(NamedTensor.attributable("x", Tensor.of(v, rows.length, 3))), units, 3);
  }

  /** One row per position, in position order: the tag the model predicts there. */
  @Override
  public List<ExplainTarget> targets(Steps encoded, LoadedModel model, ExplainSettings s) {
    Activation act = s.on().equals("probability") ? Activation.SOFTMAX : Activation.NONE;
    List<ExplainTarget> out = new ArrayList<>();
    for (int t = 0; t < encoded.units().size(); t++) {
      out.add(ExplainTarget.of(Target.predictedAt(t, act)));
    }
    return out;
  }

  @Override
  public void checkTarget(ExplainSettings settings, dev.attrib.model.Manifest manifest) {
    if (settings.target() != null) {
      throw new AttribException("a sequence explains every position; --target does not apply");
    }
  }

  @Override
  public Prediction predict(Steps encoded, LoadedModel model) {
    return new Prediction(encoded.units().size() + " positions", -1, Double.NaN);
  }

  @Override
  public List<Baseline<Steps>> baselines() {
    return List.of(
        Baseline.of(
            "zero",
            "all features zero",
            (e, m, o, seed) -> List.of(List.of(Tensor.zeros(e.tensor("x").value().shape())))));
  }

  @Override
  public UnitScores summarize(Steps encoded, Attribution a) {
    float[] s = a.scores("x").floats();
    double[] per = new double[encoded.units().size()];
    for (int i = 0; i < s.length; i++) {
      per[i / encoded.features()] += s[i];
    }
    return new UnitScores(encoded.units(), per);
  }

  @Override
  public List<Renderer<Steps>> renderers() {
    return List.of(
        new Renderer<>() {
          @Override
          public String format() {
            return "plain";
          }

          @Override
          public byte[] render(Explanation<Steps> e, Options o) {
            StringBuilder b = new StringBuilder();
            for (Explanation.Row r : e.rows()) {
              b.append(r.label()).append(':');
              for (double d : r.units().scores()) {
                b.append(' ').append(d);
              }
              b.append('\n');
            }
            return b.toString().getBytes(StandardCharsets.UTF_8);
          }
        });
  }

  /** A "djl" folder of {@link TinyTanhMlp} with seeded weights, tags "in" and "out". */
  static LoadedModel load(Path dir) throws IOException {
    Engine.getInstance().setRandomSeed(11);
    try (Model m = Model.newInstance("tiny", Device.cpu(), "PyTorch")) {
      TinyTanhMlp block = new TinyTanhMlp();
      m.setBlock(block);
      block.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
      m.save(dir, "tiny");
    }
    ModelFolders.writeManifest(
        dir,
        "{\"modality\": \"sequence\", \"format\": \"djl\", \"block\": \""
            + TinyTanhMlp.class.getName()
            + "\", \"params\": \"tiny\", \"labels\": [\"in\", \"out\"], \"activation\":"
            + " \"softmax\"}");
    return ModelLoader.load(dir, Set.of(), Device.cpu());
  }
}
