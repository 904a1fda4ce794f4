package dev.resvec.kernels.internal;

import java.util.function.Supplier;

/**
 * The outcome of a one-time initialisation, kept whether it succeeded or failed: for the provider's lazy holder
 * classes.
 *
 * <p>An exception thrown from a class initialiser surfaces as an {@link ExceptionInInitializerError} on the first
 * call and as a bare {@code NoClassDefFoundError: Could not initialize class …} on every later one, which no longer
 * says what was wrong (a malformed {@code -Dresvec.kernels}, say). A holder that keeps a {@code Settled} instead
 * never fails to initialise, and {@link #get()} throws the same clear {@link IllegalStateException} on every call.
 *
 * @param <T> the initialised value
 */
public final class Settled<T> {
    private final T value;
    private final IllegalStateException failure;

    private Settled(T value, IllegalStateException failure) {
        this.value = value;
        this.failure = failure;
    }

    /**
     * Runs {@code init} now and keeps its result or the {@link IllegalStateException} it threw (a setting the user
     * got wrong); any other exception is a bug and propagates.
     *
     * @param init the initialisation
     * @param <T>  its result type
     * @return the kept outcome
     */
    public static <T> Settled<T> of(Supplier<T> init) {
        try {
            return new Settled<>(init.get(), null);
        } catch (IllegalStateException e) {
            return new Settled<>(null, e);
        }
    }

    /**
     * @return the value
     * @throws IllegalStateException on every call when the initialisation failed: a new exception (this caller's
     *                               stack trace) with the original's message, and the original as its cause
     */
    public T get() {
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        return value;
    }
}
