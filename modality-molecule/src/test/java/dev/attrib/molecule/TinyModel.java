package dev.attrib.molecule;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny TorchScript molecule model of {@code src/test/python/make_tiny_molecule_model.py}, and
 * the same network recomputed in plain Java double precision from its {@code weights.json}.
 */
final class TinyModel {
  static final Path DIR = Path.of("src/test/resources/tiny-molecule");

  static LoadedModel load() {
    return ModelLoader.load(DIR, new MoleculeModality().manifestKeys(), Device.cpu());
  }

  /** A copy of the model folder with a different manifest, for manifest tests. */
  static Path withManifest(Path tmp, String json) {
    try {
      Files.copy(DIR.resolve("model.pt"), tmp.resolve("model.pt"));
      Files.writeString(tmp.resolve("attrib.json"), json);
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String manifest() {
    try {
      return Files.readString(DIR.resolve("attrib.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The network in double precision: weights as the generator saved them. */
  static final class Net {
    final double[][] we; // [H][FA]
    final double[] be;
    final double[][] wp; // [H][FP]
    final double[][] wu; // [H][H]
    final double[] bu;
    final double[][] wo; // [T][H]
    final double[] bo;
    final int hidden;

    Net() {
      JsonObject w;
      try {
        w = JsonParser.parseString(Files.readString(DIR.resolve("weights.json"))).getAsJsonObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      we = matrix(w.get("embed.weight"));
      be = vector(w.get("embed.bias"));
      wp = matrix(w.get("edge.weight"));
      wu = matrix(w.get("update.weight"));
      bu = vector(w.get("update.bias"));
      wo = matrix(w.get("out.weight"));
      bo = vector(w.get("out.bias"));
      hidden = be.length;
    }

    /** Logits for one molecule of {@code n} atoms ({@code a} [n*fa], {@code p} [n*n*fp]). */
    double[] logits(double[] a, double[] p, double[] mask, int n) {
      int fa = we[0].length;
      int fp = wp[0].length;
      double[][] h = new double[n][hidden];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < hidden; k++) {
          double s = be[k];
          for (int f = 0; f < fa; f++) {
            s += we[k][f] * a[i * fa + f];
          }
          h[i][k] = Math.tanh(s) * mask[i];
        }
      }
      double[] pooled = new double[hidden];
      for (int i = 0; i < n; i++) {
        double[] z = new double[hidden];
        for (int k = 0; k < hidden; k++) {
          double msg = 0;
          for (int j = 0; j < n; j++) {
            double e = 0;
            for (int f = 0; f < fp; f++) {
              e += wp[k][f] * p[(i * n + j) * fp + f];
            }
            msg += e * h[j][k];
          }
          z[k] = h[i][k] + msg;
        }
        for (int k = 0; k < hidden; k++) {
          double s = bu[k];
          for (int q = 0; q < hidden; q++) {
            s += wu[k][q] * z[q];
          }
          pooled[k] += Math.tanh(s) * mask[i];
        }
      }
      double[] out = new double[bo.length];
      for (int t = 0; t < out.length; t++) {
        double s = bo[t];
        for (int k = 0; k < hidden; k++) {
          s += wo[t][k] * pooled[k];
        }
        out[t] = s;
      }
      return out;
    }

    private static double[][] matrix(JsonElement e) {
      JsonArray rows = e.getAsJsonArray();
      double[][] m = new double[rows.size()][];
      for (int i = 0; i < m.length; i++) {
        m[i] = vector(rows.get(i));
      }
      return m;
    }

    private static double[] vector(JsonElement e) {
      JsonArray a = e.getAsJsonArray();
      double[] v = new double[a.size()];
      for (int i = 0; i < v.length; i++) {
        // The generator saved float32 values; the double is that float exactly.
        v[i] = (float) a.get(i).getAsDouble();
      }
      return v;
    }
  }
}
