using System.Numerics;
using System;
using Kernels.Shared;

namespace Kernels.Mlp;

/// <summary>
/// Weight initialisation by activation: He (uniform, ±√(6/fan_in)) for ReLU, Xavier/Glorot (uniform,
/// ±√(6/(fan_in + fan_out))) for the others; biases start at zero. Seeded, so the same seed gives the same network
/// everywhere.
/// </summary>
internal static class Initialization
{
    public static void Initialize<T>(DenseLayer<T> layer, ref SplitMix64 rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double limit = layer.Activation == Activation.Relu
            ? Math.Sqrt(6.0 / layer.InputSize)
            : Math.Sqrt(6.0 / (layer.InputSize + layer.OutputSize));
        for (int i = 0; i < layer.W.Length; i++)
            layer.W[i] = T.CreateChecked((2 * rng.NextDouble() - 1) * limit);
        Array.Clear(layer.B);
        layer.ApplyMask();
    }
}
