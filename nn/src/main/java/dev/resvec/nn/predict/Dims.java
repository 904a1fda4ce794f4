package dev.resvec.nn.predict;

/**
 * The shape of one image's activation, channels × height × width (a flattened value keeps its C×H×W here; only
 * the output shape reports it flat).
 */
record Dims(int channels, int height, int width) {
    /** @return C·H·W, checked against int overflow */
    int size() {
        long n = (long) channels * height * width;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Predictor: an activation of " + this + " has more than 2^31-1"
                    + " elements per image");
        }
        return (int) n;
    }

    @Override
    public String toString() {
        return channels + "×" + height + "×" + width;
    }
}
