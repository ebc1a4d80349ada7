package dev.attrib.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Test helper: model folders in a temporary directory, made from the committed TorchScript test
 * modules ({@code src/test/resources/torchscript}, written by {@code make_torchscript.py}).
 */
public final class ModelFolders {
  private ModelFolders() {}

  /** The tanh MLP's hand-set weights, as in make_torchscript.py. */
  public static final double[][] W1 = {
    {0.5, -0.25, 0.75}, {-0.5, 0.5, 0.25}, {0.3, 0.2, -0.1}, {0.1, -0.7, 0.4}
  };

  public static final double[] B1 = {0.1, -0.2, 0.05, 0.0};
  public static final double[][] W2 = {{1.0, -0.5, 0.25, 0.8}, {-0.6, 0.9, 0.4, -0.3}};
  public static final double[] B2 = {0.05, -0.05};

  /** masked_sum's projection (no bias). */
  public static final double[][] PROJ = {{1.0, 2.0}, {-1.0, 0.5}};

  /** tanh_mlp by hand, in double: {@code W2 tanh(W1 x + b1) + b2}. */
  public static double[] tanhMlp(double[] x) {
    double[] h = new double[4];
    for (int i = 0; i < 4; i++) {
      double s = B1[i];
      for (int j = 0; j < 3; j++) {
        s += W1[i][j] * x[j];
      }
      h[i] = Math.tanh(s);
    }
    double[] out = new double[2];
    for (int k = 0; k < 2; k++) {
      double s = B2[k];
      for (int i = 0; i < 4; i++) {
        s += W2[k][i] * h[i];
      }
      out[k] = s;
    }
    return out;
  }

  /** masked_sum by hand: {@code PROJ tanh(masked mean of the rows of e [L,2])}. */
  public static double[] maskedSum(double[][] e, long[] mask) {
    double[] pooled = new double[2];
    double count = 0;
    for (int l = 0; l < e.length; l++) {
      for (int d = 0; d < 2; d++) {
        pooled[d] += e[l][d] * mask[l];
      }
      count += mask[l];
    }
    count = Math.max(count, 1.0);
    double[] out = new double[2];
    for (int k = 0; k < 2; k++) {
      for (int d = 0; d < 2; d++) {
        out[k] += PROJ[k][d] * Math.tanh(pooled[d] / count);
      }
    }
    return out;
  }

  /** Copies the test module {@code name} (e.g. {@code tanh_mlp.pt}) into {@code dir}. */
  public static Path copyModule(String name, Path dir) {
    try (InputStream in = ModelFolders.class.getResourceAsStream("/torchscript/" + name)) {
      if (in == null) {
        throw new IllegalStateException("test resource torchscript/" + name + " is missing");
      }
      Files.createDirectories(dir);
      Path target = dir.resolve(name);
      Files.copy(in, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code json} as {@code dir/attrib.json}. */
  public static Path writeManifest(Path dir, String json) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve("attrib.json"), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TorchScript model folder {@code parent/folder} holding the test module {@code name}. */
  public static Path torchScriptFolder(Path parent, String folder, String name) {
    Path dir = parent.resolve(folder);
    copyModule(name, dir);
    writeManifest(
        dir, "{\"modality\": \"test\", \"format\": \"torchscript\", \"file\": \"" + name + "\"}");
    return dir;
  }

  /**
   * A "djl" model folder {@code parent/folder} for {@link TinyTanhMlp} (modality {@code modality})
   * whose {@code tiny-0000.params} has the size of real saved parameters but random bytes: what a
   * truncated download, a wrong file renamed or a disk error leaves behind.
   */
  public static Path randomParamsFolder(Path parent, String folder, String modality) {
    Path dir = parent.resolve(folder);
    try {
      Files.createDirectories(dir);
      try (Model model = Model.newInstance("tiny", Device.cpu(), "PyTorch")) {
        TinyTanhMlp block = new TinyTanhMlp();
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
        model.save(dir, "tiny");
      }
      Path params = dir.resolve("tiny-0000.params");
      byte[] junk = new byte[(int) Files.size(params)];
      new Random(7).nextBytes(junk);
      Files.write(params, junk);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeManifest(
        dir,
        "{\"modality\": \""
            + modality
            + "\", \"format\": \"djl\", \"block\": \""
            + TinyTanhMlp.class.getName()
            + "\", \"params\": \"tiny\"}");
    return dir;
  }
}
