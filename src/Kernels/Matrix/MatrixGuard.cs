using System;

namespace Kernels;

/// <summary>Shape and aliasing checks for matrix operands; each throws before anything is written.</summary>
internal static class MatrixGuard
{
    public static void SameShape<T>(in MatrixView<T> x, in MatrixView<T> d, string xName, string dName)
    {
        if (x.Rows != d.Rows || x.Cols != d.Cols)
            Guard.ThrowShapeMismatch(
                $"Shape mismatch: '{dName}' is {d.Rows}×{d.Cols} but '{xName}' is {x.Rows}×{x.Cols}.", dName);
    }

    /// <summary>The destination must be exactly the input (same origin and stride) or share no element with it.</summary>
    public static void InPlaceOrDisjoint<T>(in MatrixView<T> x, in MatrixView<T> d, string xName, string dName)
    {
        if (MatrixView<T>.Overlap(x, d) && !(System.Runtime.CompilerServices.Unsafe.AreSame(ref x.Origin, ref d.Origin) && x.Stride == d.Stride))
            Guard.ThrowShapeMismatch(
                $"'{dName}' overlaps '{xName}' without being the same view; only exactly in-place use is supported.", dName);
    }

    /// <summary>The matrix and the vector share no element; whichever is the output is named as the offending parameter.</summary>
    public static void Disjoint<T>(in MatrixView<T> m, ReadOnlySpan<T> v, string inputName, string destinationName)
    {
        if (Guard.RangesOverlap(ref m.Origin, m.Extent, ref Guard.Ref(v), v.Length) && OverlapsElementwise(m, v))
            Guard.ThrowOverlap(inputName, destinationName);
    }

    public static void VectorLength<T>(ReadOnlySpan<T> v, int required, string vName, string what)
    {
        if (v.Length != required)
            Guard.ThrowShapeMismatch($"Length mismatch: '{vName}' has {v.Length} elements but {what} is {required}.", vName);
    }

    private static bool OverlapsElementwise<T>(in MatrixView<T> m, ReadOnlySpan<T> v)
    {
        // A contiguous v no longer than a row pitch is a 1-row view in m's frame: it may sit in the gap between rows.
        var vv = new MatrixView<T>(ref Guard.Ref(v), 1, v.Length, m.Stride);
        return v.Length > m.Stride || MatrixView<T>.Overlap(m, vv);
    }
}
