namespace Kernels.Mlp;

/// <summary>
/// A function of the whole output row that inference applies after the last layer's activation: what an ONNX graph's
/// trailing <c>Softmax</c> or <c>LogSoftmax</c> does. Training never applies it (a loss sees the last layer's activations).
/// </summary>
public enum OutputTransform
{
    /// <summary>The outputs are the last layer's activations.</summary>
    None = 0,

    /// <summary>Each output row becomes exp(z_i − m) / Σ_j exp(z_j − m), m the row maximum: probabilities.</summary>
    Softmax = 1,

    /// <summary>Each output row becomes z_i − m − log Σ_j exp(z_j − m), m the row maximum: log-probabilities.</summary>
    LogSoftmax = 2,
}
