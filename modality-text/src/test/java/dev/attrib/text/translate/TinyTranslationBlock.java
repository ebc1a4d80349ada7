package dev.attrib.text.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import com.google.gson.JsonObject;

/**
 * A tiny translation network with the DESIGN.md signature, for the modality's own tests: {@code
 * logits[b,t] = tanh(E_tgt[tgt_ids[b,t]] + Σ_s mask[b,s] tanh(src[b,s] A)) W}.
 */
public class TinyTranslationBlock extends AbstractBlock {
  private final int targetVocab;
  private final Parameter a;
  private final Parameter tgt;
  private final Parameter w;

  public TinyTranslationBlock(JsonObject c) {
    int sourceVocab = c.get("sourceVocab").getAsInt();
    targetVocab = c.get("targetVocab").getAsInt();
    int dim = c.get("dim").getAsInt();
    addParameter(param("srcEmbedding", new Shape(sourceVocab, dim)));
    a = addParameter(param("a", new Shape(dim, dim)));
    tgt = addParameter(param("tgtEmbedding", new Shape(targetVocab, dim)));
    w = addParameter(param("w", new Shape(dim, targetVocab)));
  }

  private static Parameter param(String name, Shape shape) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.WEIGHT)
        .optShape(shape)
        .optInitializer(new NormalInitializer(0.8f))
        .build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    NDArray src = in.get(0);
    NDArray mask = in.get(1).toType(DataType.FLOAT32, false).expandDims(2);
    NDArray ids = in.get(2);
    NDArray h =
        src.matMul(ps.getValue(a, src.getDevice(), training))
            .tanh()
            .mul(mask)
            .sum(new int[] {1}, true);
    NDArray y =
        ids.oneHot(targetVocab)
            .toType(DataType.FLOAT32, false)
            .matMul(ps.getValue(tgt, src.getDevice(), training));
    return new NDList(y.add(h).tanh().matMul(ps.getValue(w, src.getDevice(), training)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {new Shape(inputs[2].get(0), inputs[2].get(1), targetVocab)};
  }
}
