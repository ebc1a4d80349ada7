package dev.attrib.text;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The text baselines: {@code zero}, {@code pad}, {@code mask}, {@code unk}, {@code uniform}.
 *
 * <pre>{@code
 * Baseline pad = new TextModality().baseline("pad");
 * List<List<Tensor>> samples = pad.create(encoded, model, Options.NONE, 0);  // one [L, D] sample
 * }</pre>
 *
 * <p>Contract: one {@code [L, D]} tensor per sample, for the one attributable input {@code
 * inputs_embeds}. Token baselines and {@code uniform} keep special tokens' embeddings as they are
 * in the input (so special tokens get exactly zero attribution and the comparison is between
 * contents of the same length and layout); {@code zero} replaces everything, as in the IG paper.
 * {@code uniform} draws only from the seed: the same seed gives the same baseline.
 */
final class TextBaseline implements Baseline<TextEncoding> {

  enum Kind {
    ZERO("zero", "all-zero embeddings (the IG paper's choice)"),
    PAD("pad", "each non-special token replaced by the pad token (usual for BERT-style models)"),
    MASK("mask", "each non-special token replaced by the mask token"),
    UNK("unk", "each non-special token replaced by the unknown token"),
    UNIFORM(
        "uniform",
        "each non-special token replaced by noise uniform in the embeddings' range (seeded;"
            + " samples=N averages N draws)");

    final String id;
    final String description;

    Kind(String id, String description) {
      this.id = id;
      this.description = description;
    }
  }

  private final Kind kind;

  private TextBaseline(Kind kind) {
    this.kind = kind;
  }

  static List<Baseline<TextEncoding>> all() {
    List<Baseline<TextEncoding>> out = new ArrayList<>();
    for (Kind k : Kind.values()) {
      out.add(new TextBaseline(k));
    }
    return List.copyOf(out);
  }

  @Override
  public String name() {
    return kind.id;
  }

  @Override
  public String description() {
    return kind.description;
  }

  @Override
  public List<List<Tensor>> create(
      TextEncoding encoded, LoadedModel model, Options options, long seed) {
    Tensor input = encoded.tensors().get(0).value();
    long[] shape = input.shape();
    if (kind == Kind.ZERO) {
      return List.of(List.of(Tensor.zeros(shape)));
    }
    TextResources r = TextResources.of(model);
    List<Boolean> special = encoded.special();
    int n = special.size();
    int d = r.dim;
    if (shape[0] != n || shape[1] != d) {
      throw new AttribException(
          "encoded input does not fit model " + r.modelName + ": encode it with this model");
    }
    float[] x = input.floats();
    if (kind == Kind.UNIFORM) {
      int samples = samples(options);
      SplittableRandom rnd = new SplittableRandom(seed);
      List<List<Tensor>> out = new ArrayList<>(samples);
      for (int s = 0; s < samples; s++) {
        float[] b = x.clone();
        for (int i = 0; i < n; i++) {
          if (!special.get(i)) {
            for (int j = 0; j < d; j++) {
              b[i * d + j] = (float) (r.low[j] + rnd.nextDouble() * (r.high[j] - r.low[j]));
            }
          }
        }
        out.add(List.of(Tensor.of(b, shape)));
      }
      return List.copyOf(out);
    }
    long id =
        switch (kind) {
          case PAD -> r.require(r.pad, "pad baseline", "padToken", List.of("[PAD]", "<pad>"));
          case MASK -> r.require(r.mask, "mask baseline", "maskToken", List.of("[MASK]", "<mask>"));
          default -> r.require(r.unk, "unk baseline", "unkToken", List.of("[UNK]", "<unk>"));
        };
    return List.of(List.of(Tensor.of(replaced(x, special, r, id), shape)));
  }

  /** {@code x} with every non-special row replaced by embedding row {@code id}. */
  static float[] replaced(float[] x, List<Boolean> special, TextResources r, long id) {
    float[] b = x.clone();
    for (int i = 0; i < special.size(); i++) {
      if (!special.get(i)) {
        r.copyRow(id, b, i);
      }
    }
    return b;
  }

  private static int samples(Options o) {
    String v = o.get("samples", "1");
    try {
      int s = Integer.parseInt(v);
      if (s >= 1 && s <= 10_000) {
        return s;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new AttribException("option samples=" + v + " must be a whole number from 1 to 10000");
  }
}
