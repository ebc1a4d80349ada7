package dev.attrib.text.translate;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.util.List;

/**
 * The baselines of the translation modality, for the source embeddings {@code [S, D]}:
 *
 * <ul>
 *   <li>{@code nmt} (the default) — zero embeddings for every source piece except the start and end
 *       markers, which keep theirs: the baseline the IG paper used for its translation model; the
 *       markers then get exactly zero attribution;
 *   <li>{@code zero} — all-zero embeddings, markers included;
 *   <li>{@code pad} — every source piece replaced by the {@code [PAD]} embedding, markers kept (the
 *       text modality's {@code pad}).
 * </ul>
 *
 * <p>Each is one deterministic sample; the seed is not used.
 */
public final class TranslationBaselines {
  private TranslationBaselines() {}

  public static final String NMT = "nmt";
  public static final String ZERO = "zero";
  public static final String PAD = "pad";

  /** The baselines in the order {@code attrib modalities} lists them; the first is the default. */
  public static List<Baseline<TranslationEncoding>> all() {
    return List.of(
        new Named(
            NMT, "zero embeddings except the start and end markers (the IG paper's NMT baseline)"),
        new Named(ZERO, "all-zero embeddings, markers included"),
        new Named(PAD, "every source piece replaced by the [PAD] embedding, markers kept"));
  }

  private record Named(String name, String description) implements Baseline<TranslationEncoding> {
    @Override
    public List<List<Tensor>> create(
        TranslationEncoding encoded, LoadedModel model, Options options, long seed) {
      Tensor x = encoded.tensor(TranslationModality.SRC_EMBEDS).value();
      long[] shape = x.shape();
      int s = (int) shape[0];
      int d = (int) shape[1];
      float[] in = x.floats();
      float[] out = new float[in.length];
      // The source pieces, not the units: with words=true the units are words, the rows pieces.
      List<Piece> pieces = encoded.source();
      float[] pad = name.equals(PAD) ? padRow(model) : null;
      for (int i = 0; i < s; i++) {
        boolean marker = pieces.get(i).special();
        if (marker && !name.equals(ZERO)) {
          System.arraycopy(in, i * d, out, i * d, d);
        } else if (!marker && pad != null) {
          System.arraycopy(pad, 0, out, i * d, d);
        }
      }
      return List.of(List.of(Tensor.of(out, shape)));
    }

    private static float[] padRow(LoadedModel model) {
      TranslationFolder f = TranslationFolder.of(model);
      return f.row(f.sourceVocabulary().pad());
    }
  }
}
