package dev.attrib.model;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/** A DJL block for the "djl" model-folder format: Linear(4) -> tanh -> Linear(2). */
public class TinyTanhMlp extends SequentialBlock {
  public TinyTanhMlp() {
    add(Linear.builder().setUnits(4).build());
    add(Activation::tanh);
    add(Linear.builder().setUnits(2).build());
  }
}
