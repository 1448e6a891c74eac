using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Kernels.Validation;
using Kernels.Vectors;

namespace Kernels;

public static partial class ElementWise
{
    /// <summary>The Hadamard product: <c>destination[i] = x[i] * y[i]</c>.</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="x">The first factor.</param>
    /// <param name="y">The second factor; same length as <paramref name="x"/>.</param>
    /// <param name="destination">Receives the product; at least as long as <paramref name="x"/>. It may be exactly
    /// <paramref name="x"/> or <paramref name="y"/> (in place, e.g. <c>Multiply(x, y, y)</c> for y = x ⊙ y), but must not
    /// overlap them otherwise.</param>
    /// <exception cref="ArgumentException">Lengths differ, <paramref name="destination"/> is too short, or it partially overlaps an input.</exception>
    /// <remarks>Exact: each element is one correctly rounded product, identical on every path. On the <see cref="IsaPath.Vector512"/> path, calls of 8 or more 512-bit vectors run <c>TensorPrimitives</c>' 512-bit loop: the same bits.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination, nameof(x), nameof(y), nameof(destination));
        IsaPath path = Isa.Current;
        if (TensorPrimitivesHandOff.Applies<T>(x.Length, path))
            TensorPrimitives.Multiply(x, y, destination[..x.Length]);
        else
            BinaryLoop.Run(ref Guard.Ref(x), ref Guard.Ref(y), ref Guard.Ref(destination), (nuint)x.Length, default(MultiplyOperator<T>), path);
    }

    /// <summary>The element-wise sum: <c>destination[i] = x[i] + y[i]</c>.</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="x">The first term.</param>
    /// <param name="y">The second term; same length as <paramref name="x"/>.</param>
    /// <param name="destination">Receives the sum; at least as long as <paramref name="x"/>; may be exactly <paramref name="x"/> or <paramref name="y"/>.</param>
    /// <exception cref="ArgumentException">Lengths differ, <paramref name="destination"/> is too short, or it partially overlaps an input.</exception>
    /// <remarks>Exact: one correctly rounded sum per element, identical on every path. On the <see cref="IsaPath.Vector512"/> path, calls of 8 or more 512-bit vectors run <c>TensorPrimitives</c>' 512-bit loop: the same bits.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination, nameof(x), nameof(y), nameof(destination));
        IsaPath path = Isa.Current;
        if (TensorPrimitivesHandOff.Applies<T>(x.Length, path))
            TensorPrimitives.Add(x, y, destination[..x.Length]);
        else
            BinaryLoop.Run(ref Guard.Ref(x), ref Guard.Ref(y), ref Guard.Ref(destination), (nuint)x.Length, default(AddOperator<T>), path);
    }

    /// <summary>Scaling: <c>destination[i] = alpha * x[i]</c>.</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="alpha">The factor.</param>
    /// <param name="x">The vector to scale.</param>
    /// <param name="destination">Receives the result; at least as long as <paramref name="x"/>; may be exactly <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="x"/>.</exception>
    /// <remarks>Exact: one correctly rounded product per element, identical on every path. On the <see cref="IsaPath.Vector512"/> path, calls of 8 or more 512-bit vectors run <c>TensorPrimitives</c>' 512-bit loop: the same bits.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale<T>(T alpha, ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckUnary(x, destination, nameof(x), nameof(destination));
        IsaPath path = Isa.Current;
        if (TensorPrimitivesHandOff.Applies<T>(x.Length, path))
            TensorPrimitives.Multiply(x, alpha, destination[..x.Length]);
        else
            UnaryLoop.Run(ref Guard.Ref(x), ref Guard.Ref(destination), (nuint)x.Length, new ScaleOperator<T>(alpha), path);
    }

    /// <summary>BLAS axpy: <c>y[i] += alpha * x[i]</c>.</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="alpha">The factor applied to <paramref name="x"/>.</param>
    /// <param name="x">The vector added.</param>
    /// <param name="y">The vector updated in place; same length as <paramref name="x"/>; it may be exactly <paramref name="x"/>
    /// but must not overlap it otherwise.</param>
    /// <exception cref="ArgumentException">Lengths differ, or <paramref name="y"/> partially overlaps <paramref name="x"/>.</exception>
    /// <remarks>
    /// Vector paths use a fused multiply-add when the CPU has one (one rounding per element); the scalar path and
    /// vector paths without FMA round the product and the sum separately, as the reference does. Either way each element
    /// is within 2u·(|y| + |αx|) of the exact value, as long as α·x does not overflow; when it does, the fused form keeps
    /// the exact product (so ∞ − ∞ cannot arise and it may return ±∞ where the unfused form returns NaN).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy<T>(T alpha, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Length != x.Length) Guard.ThrowLengthMismatch(x.Length, y.Length, nameof(y));
        if (Guard.PartiallyOverlaps(x, y)) Guard.ThrowPartialOverlap(x, y, nameof(x), nameof(y));
        BinaryLoop.Run(ref Guard.Ref(y), ref Guard.Ref(x), ref Guard.Ref(y), (nuint)x.Length, new AxpyOperator<T>(alpha), Isa.Current);
    }
}
