using System;
using System.Numerics;

namespace Kernels.Mlp;

/// <summary>
/// A network read from another format, in plain arrays, fully validated: what the ONNX and safetensors readers
/// produce before any <see cref="Network{T}"/> exists, so a bad file never leaves a half-built one behind. Weights are
/// already in T (each rounded once from the file's element type, with any scaling the graph applies folded in first).
/// </summary>
/// <param name="Sizes">[N0, …, NL], each 1 to 2^24.</param>
/// <param name="Activations">One per layer.</param>
/// <param name="Weights">Per layer, N_h×N_(h−1) row-major (row i = weights into unit i).</param>
/// <param name="Biases">Per layer, N_h values.</param>
/// <param name="Transform">What inference applies to the output rows.</param>
/// <typeparam name="T">float or double.</typeparam>
internal sealed record ImportedNetwork<T>(int[] Sizes, Activation[] Activations, T[][] Weights, T[][] Biases, OutputTransform Transform)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Checks the invariants every reader must establish; a failure here is a bug in a reader, not a bad file.</summary>
    public void AssertConsistent()
    {
        if (Sizes.Length < 2 || Activations.Length != Sizes.Length - 1 || Weights.Length != Activations.Length || Biases.Length != Activations.Length)
            throw new InvalidOperationException("An imported network's arrays disagree in length.");
        for (int h = 0; h < Activations.Length; h++)
            if (Weights[h].Length != (long)Sizes[h] * Sizes[h + 1] || Biases[h].Length != Sizes[h + 1])
                throw new InvalidOperationException($"An imported network's layer {h} has arrays of the wrong length.");
    }
}
