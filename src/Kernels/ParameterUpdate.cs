using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kernels.Simd;
using Kernels.Validation;
using Kernels.Vectors;

namespace Kernels;

/// <summary>
/// Fused optimizer steps on parameter vectors, each one pass over its arrays: plain SGD, SGD with momentum, and Adam.
/// </summary>
/// <remarks>
/// Every path evaluates the same IEEE operations in the same order (no fused multiply-add; square root and division
/// are correctly rounded everywhere), so all paths give bitwise identical results. All spans must have the same length
/// and must not overlap one another. Nothing allocates.
/// </remarks>
public static class ParameterUpdate
{
    /// <summary>Plain gradient descent: <c>weights[i] -= learningRate * gradient[i]</c>.</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="learningRate">The step size.</param>
    /// <param name="gradient">∂J/∂w.</param>
    /// <param name="weights">The parameters, updated in place.</param>
    /// <exception cref="ArgumentException">Lengths differ or the spans overlap.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgd<T>(T learningRate, ReadOnlySpan<T> gradient, Span<T> weights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(gradient, weights, nameof(gradient), nameof(weights));
        Run(new SgdStep<T>(learningRate), gradient, weights, default, default);
    }

    /// <summary>
    /// Gradient descent with momentum: <c>velocity = momentum·velocity + gradient; weights -= learningRate·velocity</c>.
    /// </summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="learningRate">The step size.</param>
    /// <param name="momentum">The decay of the velocity, typically 0.9.</param>
    /// <param name="gradient">∂J/∂w.</param>
    /// <param name="velocity">The optimizer state, updated in place (start it at zero).</param>
    /// <param name="weights">The parameters, updated in place.</param>
    /// <exception cref="ArgumentException">Lengths differ or the spans overlap.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Momentum<T>(T learningRate, T momentum, ReadOnlySpan<T> gradient, Span<T> velocity, Span<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(gradient, weights, nameof(gradient), nameof(weights));
        Check(gradient, velocity, nameof(gradient), nameof(velocity));
        Check(velocity, weights, nameof(velocity), nameof(weights));
        Run(new MomentumStep<T>(learningRate, momentum), gradient, weights, velocity, default);
    }

    /// <summary>
    /// One Adam step (Kingma and Ba): m = β1·m + (1 − β1)·g, v = β2·v + (1 − β2)·g², then
    /// <c>weights -= learningRate·m̂/(√v̂ + ε)</c> with m̂ = m/(1 − β1^t) and v̂ = v/(1 − β2^t).
    /// </summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="learningRate">The step size, typically 1e-3.</param>
    /// <param name="beta1">Decay of the first moment, typically 0.9.</param>
    /// <param name="beta2">Decay of the second moment, typically 0.999.</param>
    /// <param name="epsilon">Added to √v̂ to avoid division by zero, typically 1e-8.</param>
    /// <param name="step">The 1-based step number t, for the bias corrections.</param>
    /// <param name="gradient">∂J/∂w.</param>
    /// <param name="firstMoment">m, updated in place (start it at zero).</param>
    /// <param name="secondMoment">v, updated in place (start it at zero).</param>
    /// <param name="weights">The parameters, updated in place.</param>
    /// <exception cref="ArgumentException">Lengths differ or the spans overlap.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is below 1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam<T>(T learningRate, T beta1, T beta2, T epsilon, int step,
        ReadOnlySpan<T> gradient, Span<T> firstMoment, Span<T> secondMoment, Span<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        Check(gradient, weights, nameof(gradient), nameof(weights));
        Check(gradient, firstMoment, nameof(gradient), nameof(firstMoment));
        Check(gradient, secondMoment, nameof(gradient), nameof(secondMoment));
        Check(firstMoment, weights, nameof(firstMoment), nameof(weights));
        Check(secondMoment, weights, nameof(secondMoment), nameof(weights));
        Check(firstMoment, secondMoment, nameof(firstMoment), nameof(secondMoment));
        T c1 = T.One / (T.One - T.Pow(beta1, T.CreateChecked(step)));
        T c2 = T.One / (T.One - T.Pow(beta2, T.CreateChecked(step)));
        Run(new AdamStep<T>(learningRate, beta1, beta2, epsilon, c1, c2), gradient, weights, firstMoment, secondMoment);
    }

    private static void Check<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, string xName, string yName)
    {
        if (x.Length != y.Length)
            Guard.ThrowLengthMismatch(x.Length, y.Length, yName);
        if (x.Overlaps(y))
            Guard.ThrowOverlap(xName, yName);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T, TStep>(TStep step, ReadOnlySpan<T> g, Span<T> w, Span<T> s1, Span<T> s2)
        where T : unmanaged, IFloatingPointIeee754<T> where TStep : struct, IUpdateStep<T>
    {
        ref T gr = ref Guard.Ref(g);
        ref T wr = ref Guard.Ref(w);
        ref T ar = ref Guard.Ref(s1);
        ref T br = ref Guard.Ref(s2);
        nint n = g.Length;
        nint i = Isa.Current switch
        {
            IsaPath.Vector512 or IsaPath.Vector256 when Vector256Ops<T>.IsAccelerated => UpdateLoop<T, Vector256<T>, Vector256Ops<T>, TStep>.Run(step, ref gr, ref wr, ref ar, ref br, n),
            IsaPath.Vector512 or IsaPath.Vector256 or IsaPath.Vector128 when Vector128Ops<T>.IsAccelerated => UpdateLoop<T, Vector128<T>, Vector128Ops<T>, TStep>.Run(step, ref gr, ref wr, ref ar, ref br, n),
            IsaPath.VectorT when VectorTOps<T>.IsAccelerated => UpdateLoop<T, Vector<T>, VectorTOps<T>, TStep>.Run(step, ref gr, ref wr, ref ar, ref br, n),
            _ => 0,
        };
        for (; i < n; i++)
            step.Invoke(Unsafe.Add(ref gr, i), ref Unsafe.Add(ref wr, i), ref Unsafe.Add(ref ar, i), ref Unsafe.Add(ref br, i));
    }
}

