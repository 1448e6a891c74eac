namespace Kernels.Mlp;

/// <summary>The cost functions a <see cref="Trainer{T}"/> minimises. Every loss value is averaged over the batch.</summary>
public enum Loss
{
    /// <summary>J = (1/B)·Σ ½‖a − y‖², as the textbook derivations write it; ∂J/∂a = (a − y)/B. Any output activation.</summary>
    MeanSquaredError = 0,

    /// <summary>
    /// Binary log-loss J = −(1/B)·Σ [y·log a + (1 − y)·log(1 − a)] on a sigmoid output, whose δ at the output simplifies to
    /// (a − y)/B. The reported value clamps a to [u, 1 − u] (u the unit roundoff) so a saturated output gives a large
    /// finite loss instead of ∞; the gradient is unaffected.
    /// </summary>
    BinaryCrossEntropy = 1,

    /// <summary>
    /// Softmax over the (identity-activated) outputs followed by cross-entropy with class labels:
    /// J = −(1/B)·Σ log softmax(z)[label], computed stably; δ at the output = (softmax(z) − onehot(label))/B.
    /// </summary>
    SoftmaxCrossEntropy = 2,
}
