using System;
using System.Globalization;

namespace Kernels.Mlp;

/// <summary>
/// A training step was refused because its loss, or a gradient it would have applied, is NaN or infinite (an input
/// so large that the products overflow, say). Nothing was changed: weights, biases, masks and the optimizer's state
/// (its step count, moments, velocities) are exactly as before the call, so training can go on with the next batch.
/// </summary>
public sealed class NonFiniteGradientException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    public NonFiniteGradientException() { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was not finite.</param>
    public NonFiniteGradientException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was not finite.</param>
    /// <param name="inner">The underlying error.</param>
    public NonFiniteGradientException(string message, Exception inner) : base(message, inner) { }

    private NonFiniteGradientException(string message, int layer) : base(message) => Layer = layer;

    /// <summary>The 0-based layer whose gradient was not finite, or −1 when the loss itself was not.</summary>
    public int Layer { get; } = -1;

    internal static NonFiniteGradientException Loss(double loss) =>
        new($"The batch's loss is {Format(loss)}; the step was not applied (weights, biases and optimizer state are unchanged).", -1);

    internal static NonFiniteGradientException Gradient(int layer, double maxDelta, double maxInput) =>
        new($"Layer {layer}'s gradient holds NaN or ∞" +
            (double.IsNaN(maxDelta) && double.IsNaN(maxInput) ? "" : $" (the batch's largest |δ| there is {Format(maxDelta)}, its largest input {Format(maxInput)})") +
            "; the step was not applied (weights, biases and optimizer state are unchanged).", layer);

    private static string Format(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
