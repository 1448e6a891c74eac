using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>
/// Row reductions shared by the matrix kernels: sum, maximum, and the exp-and-sum step of softmax. Sums keep several
/// independent vector accumulators (more throughput, and a blocked summation order whose error bound is no worse than
/// the sequential one) and finish the tail with scalar adds (the exp-and-sum with a masked overlapping vector); the
/// maximum finishes with an overlapping vector.
/// </summary>
internal static class Reductions
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Sum<T>(ref T x, nuint n, IsaPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint i = 0;
        T sum = T.Zero;
        if (path >= IsaPath.Vector256 && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= (nuint)Vector256<T>.Count)
        {
            nuint w = (nuint)Vector256<T>.Count;
            Vector256<T> a0 = Vector256<T>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i + 4 * w <= n; i += 4 * w)
            {
                a0 += Vector256.LoadUnsafe(ref x, i);
                a1 += Vector256.LoadUnsafe(ref x, i + w);
                a2 += Vector256.LoadUnsafe(ref x, i + 2 * w);
                a3 += Vector256.LoadUnsafe(ref x, i + 3 * w);
            }
            for (; i + w <= n; i += w)
                a0 += Vector256.LoadUnsafe(ref x, i);
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        else if (path >= IsaPath.Vector128 && Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= (nuint)Vector128<T>.Count)
        {
            nuint w = (nuint)Vector128<T>.Count;
            Vector128<T> a0 = Vector128<T>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i + 4 * w <= n; i += 4 * w)
            {
                a0 += Vector128.LoadUnsafe(ref x, i);
                a1 += Vector128.LoadUnsafe(ref x, i + w);
                a2 += Vector128.LoadUnsafe(ref x, i + 2 * w);
                a3 += Vector128.LoadUnsafe(ref x, i + 3 * w);
            }
            for (; i + w <= n; i += w)
                a0 += Vector128.LoadUnsafe(ref x, i);
            sum = Vector128.Sum((a0 + a1) + (a2 + a3));
        }
        else if (path == IsaPath.VectorT && Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= (nuint)Vector<T>.Count)
        {
            nuint w = (nuint)Vector<T>.Count;
            Vector<T> a0 = Vector<T>.Zero, a1 = a0;
            for (; i + 2 * w <= n; i += 2 * w)
            {
                a0 += Vector.LoadUnsafe(ref x, i);
                a1 += Vector.LoadUnsafe(ref x, i + w);
            }
            for (; i + w <= n; i += w)
                a0 += Vector.LoadUnsafe(ref x, i);
            sum = Vector.Sum(a0 + a1);
        }
        for (; i < n; i++)
            sum += Unsafe.Add(ref x, i);
        return sum;
    }

    /// <summary>
    /// The largest element, n ≥ 1, as a shift for softmax. The vector paths use the CPU's native maximum (MAXPS/MAXPD on
    /// x64, four independent chains): exact whenever no element is NaN; with a NaN the result is some element or NaN,
    /// which is all softmax needs, since the NaN then reaches the sum and every output anyway. (The IEEE maximum of
    /// <c>Vector256.Max</c> costs several instructions in one serial chain, which made this pass a large share of the
    /// softmax.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T MaxForShift<T>(ref T x, nuint n, IsaPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (path >= IsaPath.Vector256 && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= (nuint)Vector256<T>.Count)
        {
            nuint w = (nuint)Vector256<T>.Count, i = w;
            Vector256<T> m0 = Vector256.LoadUnsafe(ref x), m1 = Vector256.LoadUnsafe(ref x, n - w), m2 = m0, m3 = m1; // the last vector overlaps: max is idempotent
            for (; i + 4 * w <= n; i += 4 * w)
            {
                m0 = Vector256.MaxNative(m0, Vector256.LoadUnsafe(ref x, i));
                m1 = Vector256.MaxNative(m1, Vector256.LoadUnsafe(ref x, i + w));
                m2 = Vector256.MaxNative(m2, Vector256.LoadUnsafe(ref x, i + 2 * w));
                m3 = Vector256.MaxNative(m3, Vector256.LoadUnsafe(ref x, i + 3 * w));
            }
            for (; i + w <= n; i += w)
                m0 = Vector256.MaxNative(m0, Vector256.LoadUnsafe(ref x, i));
            Vector256<T> m = Vector256.MaxNative(Vector256.MaxNative(m0, m1), Vector256.MaxNative(m2, m3));
            return HorizontalMax(Vector128.MaxNative(m.GetLower(), m.GetUpper()));
        }
        if (path >= IsaPath.Vector128 && Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= (nuint)Vector128<T>.Count)
        {
            nuint w = (nuint)Vector128<T>.Count, i = w;
            Vector128<T> m0 = Vector128.LoadUnsafe(ref x), m1 = Vector128.LoadUnsafe(ref x, n - w), m2 = m0, m3 = m1;
            for (; i + 4 * w <= n; i += 4 * w)
            {
                m0 = Vector128.MaxNative(m0, Vector128.LoadUnsafe(ref x, i));
                m1 = Vector128.MaxNative(m1, Vector128.LoadUnsafe(ref x, i + w));
                m2 = Vector128.MaxNative(m2, Vector128.LoadUnsafe(ref x, i + 2 * w));
                m3 = Vector128.MaxNative(m3, Vector128.LoadUnsafe(ref x, i + 3 * w));
            }
            for (; i + w <= n; i += w)
                m0 = Vector128.MaxNative(m0, Vector128.LoadUnsafe(ref x, i));
            return HorizontalMax(Vector128.MaxNative(Vector128.MaxNative(m0, m1), Vector128.MaxNative(m2, m3)));
        }
        if (path == IsaPath.VectorT && Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= (nuint)Vector<T>.Count)
        {
            nuint w = (nuint)Vector<T>.Count, i = w;
            Vector<T> m0 = Vector.LoadUnsafe(ref x), m1 = Vector.LoadUnsafe(ref x, n - w);
            for (; i + 2 * w <= n; i += 2 * w)
            {
                m0 = Vector.MaxNative(m0, Vector.LoadUnsafe(ref x, i));
                m1 = Vector.MaxNative(m1, Vector.LoadUnsafe(ref x, i + w));
            }
            for (; i + w <= n; i += w)
                m0 = Vector.MaxNative(m0, Vector.LoadUnsafe(ref x, i));
            m0 = Vector.MaxNative(m0, m1);
            T r = m0[0];
            for (int k = 1; k < Vector<T>.Count; k++) r = T.Max(r, m0[k]);
            return r;
        }
        T s = x;
        for (nuint i = 1; i < n; i++)
            s = T.Max(s, Unsafe.Add(ref x, i));
        return s;
    }

    private static T HorizontalMax<T>(Vector128<T> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T r = m.GetElement(0);
        for (int k = 1; k < Vector128<T>.Count; k++) r = T.Max(r, m.GetElement(k));
        return r;
    }

    /// <summary>
    /// d[i] = exp(x[i] − shift) for i in [0, n); returns Σ d[i]. d may be exactly x. The vector paths finish with one
    /// vector ending at the last element, computed before anything is stored, whose new lanes alone join the sum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T ExpShiftedAndSum<T>(ref T x, ref T d, nuint n, T shift, IsaPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (path >= IsaPath.Vector256 && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= (nuint)Vector256<T>.Count)
        {
            nuint w = (nuint)Vector256<T>.Count, i = 0;
            Vector256<T> s = Vector256.Create(shift), a0 = Vector256<T>.Zero, a1 = a0;
            // One exp per iteration, and the last vector's input (read before d, which may be x, is written) kept raw
            // until after the loop: with more live at once, AVX2's 16 registers overflow and the JIT spills in the loop.
            Vector256<T> lastInput = Vector256.LoadUnsafe(ref x, n - w);
            for (; i + w <= n; i += w)
            {
                Vector256<T> e0 = VectorMath.Exp(Vector256.LoadUnsafe(ref x, i) - s);
                e0.StoreUnsafe(ref d, i);
                a0 += e0;
            }
            if (i < n)
            {
                Vector256<T> last = VectorMath.Exp(lastInput - s);
                // Lanes below i − (n − w) were summed already.
                a1 += last & Vector256.GreaterThanOrEqual(Vector256<T>.Indices, Vector256.Create(T.CreateTruncating(i - (n - w))));
                last.StoreUnsafe(ref d, n - w);
            }
            return Vector256.Sum(a0 + a1);
        }
        if (path >= IsaPath.Vector128 && Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= (nuint)Vector128<T>.Count)
        {
            nuint w = (nuint)Vector128<T>.Count, i = 0;
            Vector128<T> s = Vector128.Create(shift), a0 = Vector128<T>.Zero, a1 = a0;
            // As above: one exp per iteration, SSE has 16 registers too.
            Vector128<T> lastInput = Vector128.LoadUnsafe(ref x, n - w);
            for (; i + w <= n; i += w)
            {
                Vector128<T> e0 = VectorMath.Exp(Vector128.LoadUnsafe(ref x, i) - s);
                e0.StoreUnsafe(ref d, i);
                a0 += e0;
            }
            if (i < n)
            {
                Vector128<T> last = VectorMath.Exp(lastInput - s);
                a1 += last & Vector128.GreaterThanOrEqual(Vector128<T>.Indices, Vector128.Create(T.CreateTruncating(i - (n - w))));
                last.StoreUnsafe(ref d, n - w);
            }
            return Vector128.Sum(a0 + a1);
        }
        if (path == IsaPath.VectorT && Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= (nuint)Vector<T>.Count)
        {
            nuint w = (nuint)Vector<T>.Count, i = 0;
            Vector<T> s = new(shift), a0 = Vector<T>.Zero;
            Vector<T> last = VectorMath.Exp(Vector.LoadUnsafe(ref x, n - w) - s);
            for (; i + w <= n; i += w)
            {
                Vector<T> e0 = VectorMath.Exp(Vector.LoadUnsafe(ref x, i) - s);
                e0.StoreUnsafe(ref d, i);
                a0 += e0;
            }
            if (i < n)
            {
                a0 += last & Vector.GreaterThanOrEqual(Vector<T>.Indices, new Vector<T>(T.CreateTruncating(i - (n - w))));
                last.StoreUnsafe(ref d, n - w);
            }
            return Vector.Sum(a0);
        }
        T sum = T.Zero;
        for (nuint i = 0; i < n; i++)
        {
            T e = T.Exp(Unsafe.Add(ref x, i) - shift);
            Unsafe.Add(ref d, i) = e;
            sum += e;
        }
        return sum;
    }

    /// <summary>Σ x[i]·y[i] over [0, n), with fused multiply-adds on the vector paths when the CPU has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Dot<T>(ref T x, ref T y, nuint n, IsaPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint i = 0;
        T sum = T.Zero;
        if (path >= IsaPath.Vector256 && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= (nuint)Vector256<T>.Count)
        {
            nuint w = (nuint)Vector256<T>.Count;
            Vector256<T> a0 = Vector256<T>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i + 4 * w <= n; i += 4 * w)
            {
                a0 = VectorMath.MultiplyAdd(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i), a0);
                a1 = VectorMath.MultiplyAdd(Vector256.LoadUnsafe(ref x, i + w), Vector256.LoadUnsafe(ref y, i + w), a1);
                a2 = VectorMath.MultiplyAdd(Vector256.LoadUnsafe(ref x, i + 2 * w), Vector256.LoadUnsafe(ref y, i + 2 * w), a2);
                a3 = VectorMath.MultiplyAdd(Vector256.LoadUnsafe(ref x, i + 3 * w), Vector256.LoadUnsafe(ref y, i + 3 * w), a3);
            }
            for (; i + w <= n; i += w)
                a0 = VectorMath.MultiplyAdd(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i), a0);
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        else if (path >= IsaPath.Vector128 && Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= (nuint)Vector128<T>.Count)
        {
            nuint w = (nuint)Vector128<T>.Count;
            Vector128<T> a0 = Vector128<T>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i + 4 * w <= n; i += 4 * w)
            {
                a0 = VectorMath.MultiplyAdd(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i), a0);
                a1 = VectorMath.MultiplyAdd(Vector128.LoadUnsafe(ref x, i + w), Vector128.LoadUnsafe(ref y, i + w), a1);
                a2 = VectorMath.MultiplyAdd(Vector128.LoadUnsafe(ref x, i + 2 * w), Vector128.LoadUnsafe(ref y, i + 2 * w), a2);
                a3 = VectorMath.MultiplyAdd(Vector128.LoadUnsafe(ref x, i + 3 * w), Vector128.LoadUnsafe(ref y, i + 3 * w), a3);
            }
            for (; i + w <= n; i += w)
                a0 = VectorMath.MultiplyAdd(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i), a0);
            sum = Vector128.Sum((a0 + a1) + (a2 + a3));
        }
        else if (path == IsaPath.VectorT && Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= (nuint)Vector<T>.Count)
        {
            nuint w = (nuint)Vector<T>.Count;
            Vector<T> a0 = Vector<T>.Zero, a1 = a0;
            for (; i + 2 * w <= n; i += 2 * w)
            {
                a0 = VectorMath.MultiplyAdd(Vector.LoadUnsafe(ref x, i), Vector.LoadUnsafe(ref y, i), a0);
                a1 = VectorMath.MultiplyAdd(Vector.LoadUnsafe(ref x, i + w), Vector.LoadUnsafe(ref y, i + w), a1);
            }
            for (; i + w <= n; i += w)
                a0 = VectorMath.MultiplyAdd(Vector.LoadUnsafe(ref x, i), Vector.LoadUnsafe(ref y, i), a0);
            sum = Vector.Sum(a0 + a1);
        }
        if (path == IsaPath.Scalar)
        {
            for (; i < n; i++)
                sum += Unsafe.Add(ref x, i) * Unsafe.Add(ref y, i);
        }
        else
        {
            for (; i < n; i++)
                sum = VectorMath.MultiplyAdd(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i), sum);
        }
        return sum;
    }
}
