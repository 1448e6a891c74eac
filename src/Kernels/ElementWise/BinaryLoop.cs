using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernels;

/// <summary>
/// The one loop behind every binary element-wise kernel: d[i] = op(x[i], y[i]) for i in [0, n).
/// </summary>
/// <remarks>
/// Each width runs a 4x-unrolled main loop, then single vectors, then finishes the tail with one vector that ends at
/// the last element and overlaps what was already done. That last vector is computed from the inputs before the loop
/// writes anything, so exact in-place use (d the same memory as x or y) stays correct. Lengths below the path's width drop
/// to the next narrower width, then to scalar code; nothing is ever read or written outside [0, n).
/// </remarks>
internal static class BinaryLoop
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TOp>(ref T x, ref T y, ref T d, nuint n, TOp op, IsaPath path)
        where T : unmanaged where TOp : struct, IBinaryOperator<T>
    {
        if (path == IsaPath.Vector256 && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= (nuint)Vector256<T>.Count)
            Run256(ref x, ref y, ref d, n, op);
        else if (path >= IsaPath.Vector128 && Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= (nuint)Vector128<T>.Count)
            Run128(ref x, ref y, ref d, n, op);
        else if (path == IsaPath.VectorT && Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= (nuint)Vector<T>.Count)
            RunVector(ref x, ref y, ref d, n, op);
        else
            RunScalar(ref x, ref y, ref d, n, op);
    }

    public static void RunScalar<T, TOp>(ref T x, ref T y, ref T d, nuint n, TOp op)
        where T : unmanaged where TOp : struct, IBinaryOperator<T>
    {
        for (nuint i = 0; i < n; i++)
            Unsafe.Add(ref d, i) = op.Invoke(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));
    }

    private static void Run256<T, TOp>(ref T x, ref T y, ref T d, nuint n, TOp op)
        where T : unmanaged where TOp : struct, IBinaryOperator<T>
    {
        nuint w = (nuint)Vector256<T>.Count;
        Vector256<T> last = op.Invoke(Vector256.LoadUnsafe(ref x, n - w), Vector256.LoadUnsafe(ref y, n - w));
        nuint i = 0;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            Vector256<T> a0 = op.Invoke(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i));
            Vector256<T> a1 = op.Invoke(Vector256.LoadUnsafe(ref x, i + w), Vector256.LoadUnsafe(ref y, i + w));
            Vector256<T> a2 = op.Invoke(Vector256.LoadUnsafe(ref x, i + 2 * w), Vector256.LoadUnsafe(ref y, i + 2 * w));
            Vector256<T> a3 = op.Invoke(Vector256.LoadUnsafe(ref x, i + 3 * w), Vector256.LoadUnsafe(ref y, i + 3 * w));
            a0.StoreUnsafe(ref d, i);
            a1.StoreUnsafe(ref d, i + w);
            a2.StoreUnsafe(ref d, i + 2 * w);
            a3.StoreUnsafe(ref d, i + 3 * w);
        }
        for (; i + w <= n; i += w)
            op.Invoke(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
        last.StoreUnsafe(ref d, n - w);
    }

    private static void Run128<T, TOp>(ref T x, ref T y, ref T d, nuint n, TOp op)
        where T : unmanaged where TOp : struct, IBinaryOperator<T>
    {
        nuint w = (nuint)Vector128<T>.Count;
        Vector128<T> last = op.Invoke(Vector128.LoadUnsafe(ref x, n - w), Vector128.LoadUnsafe(ref y, n - w));
        nuint i = 0;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            Vector128<T> a0 = op.Invoke(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i));
            Vector128<T> a1 = op.Invoke(Vector128.LoadUnsafe(ref x, i + w), Vector128.LoadUnsafe(ref y, i + w));
            Vector128<T> a2 = op.Invoke(Vector128.LoadUnsafe(ref x, i + 2 * w), Vector128.LoadUnsafe(ref y, i + 2 * w));
            Vector128<T> a3 = op.Invoke(Vector128.LoadUnsafe(ref x, i + 3 * w), Vector128.LoadUnsafe(ref y, i + 3 * w));
            a0.StoreUnsafe(ref d, i);
            a1.StoreUnsafe(ref d, i + w);
            a2.StoreUnsafe(ref d, i + 2 * w);
            a3.StoreUnsafe(ref d, i + 3 * w);
        }
        for (; i + w <= n; i += w)
            op.Invoke(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
        last.StoreUnsafe(ref d, n - w);
    }

    private static void RunVector<T, TOp>(ref T x, ref T y, ref T d, nuint n, TOp op)
        where T : unmanaged where TOp : struct, IBinaryOperator<T>
    {
        nuint w = (nuint)Vector<T>.Count;
        Vector<T> last = op.Invoke(Vector.LoadUnsafe(ref x, n - w), Vector.LoadUnsafe(ref y, n - w));
        nuint i = 0;
        for (; i + 2 * w <= n; i += 2 * w)
        {
            Vector<T> a0 = op.Invoke(Vector.LoadUnsafe(ref x, i), Vector.LoadUnsafe(ref y, i));
            Vector<T> a1 = op.Invoke(Vector.LoadUnsafe(ref x, i + w), Vector.LoadUnsafe(ref y, i + w));
            a0.StoreUnsafe(ref d, i);
            a1.StoreUnsafe(ref d, i + w);
        }
        for (; i + w <= n; i += w)
            op.Invoke(Vector.LoadUnsafe(ref x, i), Vector.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
        last.StoreUnsafe(ref d, n - w);
    }
}
