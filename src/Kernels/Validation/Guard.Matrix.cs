using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Kernels.Matrices;

namespace Kernels.Validation;

/// <summary>Shape and aliasing checks for matrix operands.</summary>
internal static partial class Guard
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameShape<T>(in MatrixView<T> x, in MatrixView<T> d, string xName, string dName)
    {
        if (x.Rows != d.Rows || x.Cols != d.Cols)
            ThrowShape(x.Rows, x.Cols, d.Rows, d.Cols, xName, dName);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShape(int xRows, int xCols, int dRows, int dCols, string xName, string dName) =>
        ThrowShapeMismatch($"Shape mismatch: '{dName}' is {dRows}×{dCols} but '{xName}' is {xRows}×{xCols}.", dName);

    /// <summary>The destination must be exactly the input (same origin and stride) or share no element with it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InPlaceOrDisjoint<T>(in MatrixView<T> x, in MatrixView<T> d, string xName, string dName)
    {
        if (MatrixView<T>.Overlap(x, d) && !(Unsafe.AreSame(ref x.Origin, ref d.Origin) && x.Stride == d.Stride))
            ThrowNotInPlace(xName, dName);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotInPlace(string xName, string dName) =>
        ThrowShapeMismatch($"'{dName}' overlaps '{xName}' without being the same view; only exactly in-place use is supported.", dName);

    /// <summary>The matrix and the vector share no element; whichever is the output is named as the offending parameter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Disjoint<T>(in MatrixView<T> m, ReadOnlySpan<T> v, string inputName, string destinationName)
    {
        if (RangesOverlap(ref m.Origin, m.Extent, ref Ref(v), v.Length) && OverlapsElementwise(m, v))
            ThrowOverlap(inputName, destinationName);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void VectorLength<T>(ReadOnlySpan<T> v, int required, string vName, string what)
    {
        if (v.Length != required)
            ThrowVectorLength(v.Length, required, vName, what);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowVectorLength(int length, int required, string vName, string what) =>
        ThrowShapeMismatch($"Length mismatch: '{vName}' has {length} elements but {what} is {required}.", vName);

    private static bool OverlapsElementwise<T>(in MatrixView<T> m, ReadOnlySpan<T> v)
    {
        // A contiguous v no longer than a row pitch is a 1-row view in m's frame: it may sit in the gap between rows.
        var vv = new MatrixView<T>(ref Ref(v), 1, v.Length, m.Stride);
        return v.Length > m.Stride || MatrixView<T>.Overlap(m, vv);
    }
}
