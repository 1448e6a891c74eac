using System;
using System.Numerics;

namespace Kernels.Testing.Reference;

/// <summary>Naive loops computing what <see cref="ParameterUpdate"/> computes, operation for operation.</summary>
public static class ParameterUpdateReference
{
    /// <summary>weights[i] -= learningRate·gradient[i].</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="learningRate">The step size.</param>
    /// <param name="gradient">The gradient.</param>
    /// <param name="weights">The parameters.</param>
    public static void Sgd<T>(T learningRate, ReadOnlySpan<T> gradient, Span<T> weights) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < weights.Length; i++) weights[i] -= learningRate * gradient[i];
    }

    /// <summary>velocity = momentum·velocity + gradient; weights -= learningRate·velocity.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="learningRate">The step size.</param>
    /// <param name="momentum">The velocity decay.</param>
    /// <param name="gradient">The gradient.</param>
    /// <param name="velocity">The velocity.</param>
    /// <param name="weights">The parameters.</param>
    public static void Momentum<T>(T learningRate, T momentum, ReadOnlySpan<T> gradient, Span<T> velocity, Span<T> weights) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < weights.Length; i++)
        {
            velocity[i] = momentum * velocity[i] + gradient[i];
            weights[i] -= learningRate * velocity[i];
        }
    }

    /// <summary>One Adam step with bias corrections, as <see cref="ParameterUpdate.Adam{T}"/> documents.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="learningRate">The step size.</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="epsilon">The denominator guard.</param>
    /// <param name="step">The 1-based step number.</param>
    /// <param name="gradient">The gradient.</param>
    /// <param name="firstMoment">m.</param>
    /// <param name="secondMoment">v.</param>
    /// <param name="weights">The parameters.</param>
    public static void Adam<T>(T learningRate, T beta1, T beta2, T epsilon, int step,
        ReadOnlySpan<T> gradient, Span<T> firstMoment, Span<T> secondMoment, Span<T> weights) where T : IFloatingPointIeee754<T>
    {
        T c1 = T.One / (T.One - T.Pow(beta1, T.CreateChecked(step)));
        T c2 = T.One / (T.One - T.Pow(beta2, T.CreateChecked(step)));
        for (int i = 0; i < weights.Length; i++)
        {
            T g = gradient[i];
            firstMoment[i] = beta1 * firstMoment[i] + (T.One - beta1) * g;
            secondMoment[i] = beta2 * secondMoment[i] + (T.One - beta2) * (g * g);
            T mHat = firstMoment[i] * c1, vHat = secondMoment[i] * c2;
            weights[i] -= learningRate * mHat / (T.Sqrt(vHat) + epsilon);
        }
    }
}
