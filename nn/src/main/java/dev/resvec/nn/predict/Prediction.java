package dev.resvec.nn.predict;

/**
 * One entry of {@link Predictor#topK}: a class and its softmax probability.
 *
 * @param classIndex  the class (the logit's column)
 * @param probability its softmax probability, in [0, 1]
 */
public record Prediction(int classIndex, float probability) {}
