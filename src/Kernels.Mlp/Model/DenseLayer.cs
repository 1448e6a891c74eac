using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Kernels.Mlp;

/// <summary>
/// One fully connected layer: X' = σ(X·Wᵀ + b) for a batch X with one sample per row. W is OutputSize×InputSize
/// (row i holds the weights into output unit i), b has OutputSize elements.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class DenseLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal readonly T[] W;
    internal readonly T[] B;
    internal T[]? MaskValues; // 1 where connected, 0 where not; null when fully connected

    internal DenseLayer(int inputSize, int outputSize, Activation activation)
    {
        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        W = new T[checked(inputSize * outputSize)];
        B = new T[outputSize];
    }

    /// <summary>Number of inputs (units of the layer below).</summary>
    public int InputSize { get; }

    /// <summary>Number of outputs (units of this layer).</summary>
    public int OutputSize { get; }

    /// <summary>The activation σ applied after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>The weights, OutputSize×InputSize: <c>Weights[i, j]</c> connects input j to unit i. Writable.</summary>
    /// <remarks>Writing while another thread runs the network, or writing a masked-out weight, is the caller's business:
    /// masked weights are zeroed again at the next optimizer update.</remarks>
    public Span2D<T> Weights => new(W, OutputSize, InputSize);

    /// <summary>The biases, one per output unit. Writable.</summary>
    public Span<T> Biases => B;

    /// <summary>Whether a connectivity mask restricts this layer.</summary>
    public bool HasMask => MaskValues is not null;

    /// <summary>The mask as 0/1 values shaped like <see cref="Weights"/> (empty when there is none).</summary>
    public ReadOnlySpan2D<T> Mask => MaskValues is null ? default : new(MaskValues, OutputSize, InputSize);

    /// <summary>
    /// Restricts the connections: unit i only sees input j where <paramref name="connected"/>[i, j] is true (the general
    /// feed-forward formulation, where a unit has a given set of upstream units). Masked weights are set to zero now and
    /// kept exactly zero after every update.
    /// </summary>
    /// <param name="connected">OutputSize×InputSize.</param>
    /// <exception cref="ArgumentException">The shape is not OutputSize×InputSize.</exception>
    public void SetMask(ReadOnlySpan2D<bool> connected)
    {
        if (connected.Height != OutputSize || connected.Width != InputSize)
            throw new ArgumentException($"The mask is {connected.Height}×{connected.Width} but the layer's weights are {OutputSize}×{InputSize}.", nameof(connected));
        var mask = new T[W.Length];
        for (int i = 0; i < OutputSize; i++)
            for (int j = 0; j < InputSize; j++)
                mask[i * InputSize + j] = connected[i, j] ? T.One : T.Zero;
        MaskValues = mask;
        ApplyMask();
    }

    /// <summary>Removes the connectivity mask (weights already zeroed stay zero until trained).</summary>
    public void ClearMask() => MaskValues = null;

    /// <summary>W ⊙= M: exact zeros where masked, untouched elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ApplyMask()
    {
        if (MaskValues is not null)
            ElementWise.Multiply<T>(W, MaskValues, W);
    }
}
