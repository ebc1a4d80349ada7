package dev.attrib.spi;

/** What the model predicted for an input: label, index, and score (after the activation). */
public record Prediction(String label, int index, double score) {}
