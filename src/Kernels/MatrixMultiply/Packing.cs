using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kernels.MatrixMultiply;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded layouts the micro-kernels read. Transposes are just
/// strides here: the micro-kernels never see them.
/// </summary>
/// <remarks>
/// Packed B panel: slivers of NR columns, each kc rows of NR contiguous elements (the last sliver zero-padded).
/// Packed A block: slivers of MR rows, each kc steps of MR contiguous elements (the last sliver zero-padded).
/// </remarks>
internal static class Packing
{
    /// <summary>
    /// Packs kc×nc of op(B) starting at <paramref name="b"/> (op(B)[p, j] = b[p·ldb + j], or b[j·ldb + p] when transposed).
    /// With <paramref name="useAvx"/>, transposes run in AVX registers; it is set only on the Vector256 path, so a forced
    /// narrower path runs no AVX code at all.
    /// </summary>
    public static void PackB<T>(ref T b, nint ldb, bool transB, int kc, int nc, int nr, ref T dst, bool useAvx) where T : unmanaged, INumberBase<T>
    {
        if (transB)
            PackBTransposed(ref b, ldb, kc, nc, nr, ref dst, useAvx);
        else
            PackBRows(ref b, ldb, kc, nc, nr, ref dst);
    }

    // op(B) rows are contiguous: each sliver row is a straight copy of nr elements. Sliver by sliver, so the writes
    // stream through one sliver at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackBRows<T>(ref T b, nint ldb, int kc, int nc, int nr, ref T dst) where T : unmanaged, INumberBase<T>
    {
        nint sliver = (nint)kc * nr;
        for (int j0 = 0, s = 0; j0 < nc; j0 += nr, s++)
        {
            int cols = nc - j0 < nr ? nc - j0 : nr;
            ref T src = ref Unsafe.Add(ref b, j0);
            ref T d = ref Unsafe.Add(ref dst, s * sliver);
            if (cols == nr)
            {
                for (int p = 0; p < kc; p++)
                    CopyContiguous(ref Unsafe.Add(ref src, p * ldb), ref Unsafe.Add(ref d, (nint)p * nr), nr);
            }
            else
            {
                PackEdgeSliver(ref src, ldb, kc, cols, nr, ref d);
            }
        }
    }

    // op(B)[p, j] = b[j·ldb + p]: each stored row j becomes column j of the sliver. Blocks of 8×8 (float) or 4×4
    // (double) are transposed in AVX registers; the rest element by element.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackBTransposed<T>(ref T b, nint ldb, int kc, int nc, int nr, ref T dst, bool useAvx) where T : unmanaged, INumberBase<T>
    {
        nint sliver = (nint)kc * nr;
        for (int j0 = 0, s = 0; j0 < nc; j0 += nr, s++)
        {
            int cols = nc - j0 < nr ? nc - j0 : nr;
            ref T d = ref Unsafe.Add(ref dst, s * sliver);
            // Stored rows j0 .. j0+cols of B become the sliver's columns: a cols×kc block transposed into pitch nr, over
            // a cleared sliver when columns are missing (one vectorized fill, not a strided scalar store per zero).
            if (cols < nr)
                System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref d, kc * nr).Clear();
            TransposeInto(ref Unsafe.Add(ref b, j0 * ldb), ldb, cols, kc, ref d, nr, useAvx);
        }
    }

    /// <summary>
    /// dst[j·ldDst + p] = src[p·ldSrc + j] for p &lt; rows, j &lt; cols: a block transposed (op(B) into op(B)ᵀ for the
    /// narrow-C path), in square register blocks when <paramref name="useAvx"/>, element by element at the edges.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeInto<T>(ref T src, nint ldSrc, int rows, int cols, ref T dst, nint ldDst, bool useAvx) where T : unmanaged, INumberBase<T>
    {
        int p = 0;
        if (useAvx && Avx.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double)) && cols >= Vector256<T>.Count)
        {
            // Row blocks outer (the source streams once); the last block of columns overlaps the one before it rather
            // than leaving a ragged few for scalar code.
            int w = Vector256<T>.Count;
            for (; p + w <= rows; p += w)
                for (int j = 0; j < cols; j += w)
                {
                    int jb = j + w > cols ? cols - w : j;
                    Transpose.Block(ref Unsafe.Add(ref src, p * ldSrc + jb), ldSrc, ref Unsafe.Add(ref dst, jb * ldDst + p), ldDst);
                }
        }
        for (; p < rows; p++)
        {
            ref T row = ref Unsafe.Add(ref src, p * ldSrc);
            for (int j = 0; j < cols; j++)
                Unsafe.Add(ref dst, j * ldDst + p) = Unsafe.Add(ref row, j);
        }
    }

    /// <summary>
    /// Packs an mc×kc block of op(A), element (i, p) at <c>a[i·rowStride + p·columnStride]</c>, into slivers of MR rows
    /// interleaved per step (MR contiguous elements per k step); rows past mc are zero. With a transposed A the MR values
    /// of a step are contiguous in memory and copied with whole vectors; otherwise they are gathered from MR row streams.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(ref T a, nint rowStride, nint columnStride, int mc, int kc, int mr, ref T dst) where T : unmanaged, INumberBase<T>
    {
        nint sliver = (nint)kc * mr;
        for (int i0 = 0, s = 0; i0 < mc; i0 += mr, s++)
        {
            int rows = mc - i0 < mr ? mc - i0 : mr;
            ref T d = ref Unsafe.Add(ref dst, s * sliver);
            ref T block = ref Unsafe.Add(ref a, i0 * rowStride);
            for (int p = 0; p < kc; p++)
            {
                ref T src = ref Unsafe.Add(ref block, p * columnStride);
                ref T e = ref Unsafe.Add(ref d, (nint)p * mr);
                int r = 0;
                if (rowStride == 1)
                {
                    CopyContiguous(ref src, ref e, rows);
                    r = rows;
                }
                else
                {
                    for (; r < rows; r++)
                        Unsafe.Add(ref e, r) = Unsafe.Add(ref src, r * rowStride);
                }
                for (; r < mr; r++)
                    Unsafe.Add(ref e, r) = T.Zero;
            }
        }
    }

    /// <summary>Packs a k×nr sliver of op(B) whose rows are contiguous but fewer than nr wide, zero-padding the rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackEdgeSliver<T>(ref T b, nint ldb, int kc, int cols, int nr, ref T dst) where T : unmanaged, INumberBase<T>
    {
        // Cleared whole first (a vectorized fill), then the valid columns copied over it: a column loop of scalar zero
        // stores per row cost more than the copy itself for the short slivers of small products.
        System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref dst, kc * nr).Clear();
        for (int p = 0; p < kc; p++)
            CopyContiguous(ref Unsafe.Add(ref b, p * ldb), ref Unsafe.Add(ref dst, (nint)p * nr), cols);
    }

    // Short copies (a sliver row is 4 to 24 elements) with whole vectors, finishing with an overlapping vector: far
    // cheaper than a memmove call per row. Any vector width copies exactly, so the forced path does not matter here.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyContiguous<T>(ref T src, ref T dst, int count) where T : unmanaged
    {
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && count >= Vector256<T>.Count)
        {
            int w = Vector256<T>.Count, i = 0;
            for (; i + w <= count; i += w)
                Vector256.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
            if (i < count)
                Vector256.LoadUnsafe(ref src, (nuint)(count - w)).StoreUnsafe(ref dst, (nuint)(count - w));
        }
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && count >= Vector128<T>.Count)
        {
            int w = Vector128<T>.Count, i = 0;
            for (; i + w <= count; i += w)
                Vector128.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
            if (i < count)
                Vector128.LoadUnsafe(ref src, (nuint)(count - w)).StoreUnsafe(ref dst, (nuint)(count - w));
        }
        else
        {
            for (int i = 0; i < count; i++)
                Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
        }
    }

    /// <summary>Square register transposes: w rows of w elements (w = Vector256 count) into w columns.</summary>
    private static class Transpose
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Block<T>(ref T src, nint ldSrc, ref T dst, nint ldDst) where T : unmanaged
        {
            if (typeof(T) == typeof(float))
                Block8x8(ref Unsafe.As<T, float>(ref src), ldSrc, ref Unsafe.As<T, float>(ref dst), ldDst);
            else if (typeof(T) == typeof(double))
                Block4x4(ref Unsafe.As<T, double>(ref src), ldSrc, ref Unsafe.As<T, double>(ref dst), ldDst);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Block8x8(ref float s, nint ls, ref float d, nint ld)
        {
            Vector256<float> r0 = Vector256.LoadUnsafe(ref s), r1 = Vector256.LoadUnsafe(ref s, (nuint)ls),
                r2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * ls)), r3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * ls)),
                r4 = Vector256.LoadUnsafe(ref s, (nuint)(4 * ls)), r5 = Vector256.LoadUnsafe(ref s, (nuint)(5 * ls)),
                r6 = Vector256.LoadUnsafe(ref s, (nuint)(6 * ls)), r7 = Vector256.LoadUnsafe(ref s, (nuint)(7 * ls));
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
            Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d);
            Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d, (nuint)ld);
            Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d, (nuint)(2 * ld));
            Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d, (nuint)(3 * ld));
            Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d, (nuint)(4 * ld));
            Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d, (nuint)(5 * ld));
            Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d, (nuint)(6 * ld));
            Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d, (nuint)(7 * ld));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Block4x4(ref double s, nint ls, ref double d, nint ld)
        {
            Vector256<double> r0 = Vector256.LoadUnsafe(ref s), r1 = Vector256.LoadUnsafe(ref s, (nuint)ls),
                r2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * ls)), r3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * ls));
            Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref d);
            Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref d, (nuint)ld);
            Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref d, (nuint)(2 * ld));
            Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref d, (nuint)(3 * ld));
        }
    }
}
