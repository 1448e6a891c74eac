using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Kernels.Bench.Workloads;

/// <summary>
/// The first of the two passes the fused δ = g ⊙ σ'(a) kernel replaces: σ'(a) alone, into a temporary, vectorised with
/// <see cref="Vector{T}"/> as a library without the fused kernel would write it. The second pass is
/// <c>ElementWise.Multiply(g, tmp, δ)</c>.
/// </summary>
internal static class UnfusedDerivative
{
    public static void Compute<T>(Activation activation, ReadOnlySpan<T> a, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, a.Length, nameof(destination));
        var va = MemoryMarshal.Cast<T, Vector<T>>(a);
        var vd = MemoryMarshal.Cast<T, Vector<T>>(destination[..a.Length]);
        var one = Vector<T>.One;
        switch (activation)
        {
            case Activation.Sigmoid:
                for (int i = 0; i < va.Length; i++) vd[i] = va[i] * (one - va[i]);
                break;
            case Activation.Tanh:
                for (int i = 0; i < va.Length; i++) vd[i] = one - va[i] * va[i];
                break;
            case Activation.Relu:
                for (int i = 0; i < va.Length; i++) vd[i] = Vector.ConditionalSelect(Vector.GreaterThan(va[i], Vector<T>.Zero), one, Vector<T>.Zero);
                break;
            default:
                vd.Fill(one);
                break;
        }
        for (int i = va.Length * Vector<T>.Count; i < a.Length; i++)
            destination[i] = Testing.Reference.ElementWiseReference.Derivative(activation, a[i]);
    }
}
