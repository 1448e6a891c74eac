using System;
using System.Numerics;

namespace Kernels.Mlp;

/// <summary>The range checks every optimizer setting goes through, in constructors and setters alike.</summary>
internal static class HyperParameter
{
    /// <summary><paramref name="value"/> if it is positive and finite (a step size, ε).</summary>
    public static T Positive<T>(T value, string parameter, string what) where T : IFloatingPointIeee754<T> =>
        value > T.Zero && T.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(parameter, value, $"{what} must be positive and finite.");

    /// <summary><paramref name="value"/> if it is in [0, 1) (a decay rate: momentum, β1, β2).</summary>
    public static T Decay<T>(T value, string parameter, string what) where T : IFloatingPointIeee754<T> =>
        value >= T.Zero && value < T.One
            ? value
            : throw new ArgumentOutOfRangeException(parameter, value, $"{what} must be in [0, 1).");
}
