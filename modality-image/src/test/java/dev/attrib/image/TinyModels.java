package dev.attrib.image;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.NormalInitializer;
import com.google.gson.JsonObject;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Tiny in-test models and images: the modality module must not depend on the demo models. */
final class TinyModels {
  private TinyModels() {}

  static final int SIZE = 8;

  /**
   * A small CNN: conv 3x3 (4 filters) + ReLU + max-pool 2 + conv (4) + ReLU + global max + linear
   * 2.
   */
  public static class TinyCnn extends SequentialBlock {
    public TinyCnn() {
      this(new JsonObject());
    }

    public TinyCnn(JsonObject config) {
      boolean bias = !config.has("bias") || config.get("bias").getAsBoolean();
      boolean tanh = config.has("tanh") && config.get("tanh").getAsBoolean();
      add(conv(8, bias));
      add(tanh ? Activation.tanhBlock() : Activation.reluBlock());
      add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
      add(conv(8, bias));
      add(tanh ? Activation.tanhBlock() : Activation.reluBlock());
      add(Pool.globalAvgPool2dBlock());
      add(Blocks.batchFlattenBlock());
      add(Linear.builder().setUnits(2).optBias(bias).build());
    }

    private static Conv2d conv(int filters, boolean bias) {
      return Conv2d.builder()
          .setKernelShape(new Shape(3, 3))
          .optPadding(new Shape(1, 1))
          .setFilters(filters)
          .optBias(bias)
          .build();
    }
  }

  /**
   * A parameter-free model with a known answer: logit 0 is {@code 10 · mean(red in the top-left 4x4
   * block) − 5}, logit 1 is 0. Only those 16 pixels' red values matter.
   */
  public static class KeyRegion extends LambdaBlock {
    public KeyRegion() {
      super(
          in -> {
            NDArray x = in.head(); // [B, 3, 8, 8]
            NDArray key = x.get(":, 0, 0:4, 0:4").reshape(-1, 16).mean(new int[] {1});
            NDArray l0 = key.mul(10).sub(5).reshape(-1, 1);
            return new NDList(l0.concat(l0.zerosLike(), 1));
          });
    }
  }

  /** Writes and loads a TinyCnn folder (seeded weights), with a normalising manifest. */
  static LoadedModel cnn(Path dir, boolean bias, long seed, String extraManifest)
      throws IOException {
    return cnn(dir, bias, false, seed, extraManifest);
  }

  static LoadedModel cnn(Path dir, boolean bias, boolean tanh, long seed, String extraManifest)
      throws IOException {
    JsonObject config = new JsonObject();
    config.addProperty("bias", bias);
    config.addProperty("tanh", tanh);
    Engine.getInstance().setRandomSeed((int) seed);
    try (Model m = Model.newInstance("tiny", Device.cpu(), "PyTorch")) {
      TinyCnn block = new TinyCnn(config);
      block.setInitializer(new NormalInitializer(0.2f), Parameter.Type.WEIGHT);
      m.setBlock(block);
      block.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
      if (bias) {
        // Non-zero biases, so the twin really is not homogeneous.
        Random r = new Random(seed);
        for (var p : block.getParameters()) {
          if (p.getKey().endsWith("bias")) {
            NDArray b = p.getValue().getArray();
            float[] v = new float[(int) b.size()];
            for (int i = 0; i < v.length; i++) {
              v[i] = (float) (0.3 * r.nextGaussian());
            }
            b.set(v);
          }
        }
      }
      Files.createDirectories(dir);
      m.save(dir, "model");
    }
    Files.writeString(
        dir.resolve("attrib.json"),
        "{\"modality\": \"image\", \"format\": \"djl\", \"block\": \""
            + TinyCnn.class.getName()
            + "\", \"labels\": [\"yes\", \"no\"], \"activation\": \"softmax\","
            + " \"size\": [8, 8], \"config\": {\"bias\": "
            + bias
            + ", \"tanh\": "
            + tanh
            + "}"
            + extraManifest
            + "}");
    return ModelLoader.load(dir, ImageSpec.KEYS, Device.cpu());
  }

  /** Writes and loads the KeyRegion folder: 8x8 RGB in [0, 1], no normalisation. */
  static LoadedModel keyRegion(Path dir) throws IOException {
    try (Model m = Model.newInstance("key", Device.cpu(), "PyTorch")) {
      KeyRegion block = new KeyRegion();
      m.setBlock(block);
      block.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
      Files.createDirectories(dir);
      m.save(dir, "model");
    }
    Files.writeString(
        dir.resolve("attrib.json"),
        "{\"modality\": \"image\", \"format\": \"djl\", \"block\": \""
            + KeyRegion.class.getName()
            + "\", \"labels\": [\"key\", \"other\"], \"activation\": \"softmax\", \"size\": [8, 8]}");
    return ModelLoader.load(dir, ImageSpec.KEYS, Device.cpu());
  }

  /** A seeded random RGB picture. */
  static BufferedImage randomImage(int w, int h, long seed) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    return img;
  }

  static Path png(Path dir, String name, BufferedImage img) throws IOException {
    Files.createDirectories(dir);
    Path p = dir.resolve(name);
    ImageIO.write(img, "png", p.toFile());
    return p;
  }
}
