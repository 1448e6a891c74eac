using System;
using CommunityToolkit.HighPerformance;
using Xunit;

namespace Kernels.Tests;

/// <summary>Bad GEMM arguments: an exception naming the parameter, thrown before C is touched.</summary>
public class GemmBadInputTests
{
    private const float Sentinel = 777f;

    private static float[] C(int n) { var c = new float[n]; c.AsSpan().Fill(Sentinel); return c; }

    private static void Throws<TException>(string param, string[] fragments, float[] c, Action action) where TException : ArgumentException
    {
        var e = Assert.ThrowsAny<TException>(action);
        Assert.Equal(param, e.ParamName);
        foreach (string f in fragments) Assert.Contains(f, e.Message, StringComparison.Ordinal);
        Assert.All(c, v => Assert.Equal(Sentinel, v));
    }

    [Fact]
    public void Negative_dimensions_are_rejected()
    {
        var c = C(100);
        Throws<ArgumentOutOfRangeException>("m", ["-1"], c, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, -1, 2, 2, 1, new float[4], 2, new float[4], 2, 0, c, 2));
        Throws<ArgumentOutOfRangeException>("n", ["-3"], c, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 2, -3, 2, 1, new float[4], 2, new float[4], 2, 0, c, 2));
        Throws<ArgumentOutOfRangeException>("k", ["-2"], c, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 2, 2, -2, 1, new float[4], 2, new float[4], 2, 0, c, 2));
        Throws<ArgumentOutOfRangeException>("transA", [], c, () => Blas.Sgemm((Transpose)7, Transpose.NoTrans, 2, 2, 2, 1, new float[4], 2, new float[4], 2, 0, c, 2));
        Throws<ArgumentOutOfRangeException>("maxDegreeOfParallelism", ["0"], c, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 2, 2, 2, 1, new float[4], 2, new float[4], 2, 0, c, 2, 0));
    }

    [Fact]
    public void Messages_state_the_offending_value_once()
    {
        var c = C(100);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, -1, 2, 2, 1, new float[4], 2, new float[4], 2, 0, c, 2));
        Assert.Equal(-1L, Convert.ToInt64(negative.ActualValue));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(negative.Message, "-1"));
        var pitch = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 3, 2, 5, 1, new float[100], 4, new float[100], 2, 0, c, 2));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(pitch.Message, "4"));
    }

    [Fact]
    public void Leading_dimension_smaller_than_the_stored_row_is_rejected()
    {
        var c = C(100);
        Throws<ArgumentOutOfRangeException>("lda", ["4", "5", "3×5"], c, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 3, 2, 5, 1, new float[100], 4, new float[100], 2, 0, c, 2));
        Throws<ArgumentOutOfRangeException>("lda", ["2", "3", "transposed"], c, () => Blas.Sgemm(Transpose.Trans, Transpose.NoTrans, 3, 2, 5, 1, new float[100], 2, new float[100], 2, 0, c, 2));
        Throws<ArgumentOutOfRangeException>("ldb", ["1", "2"], c, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 3, 2, 5, 1, new float[100], 5, new float[100], 1, 0, c, 2));
        Throws<ArgumentOutOfRangeException>("ldc", ["1", "2"], c, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 3, 2, 5, 1, new float[100], 5, new float[100], 2, 0, c, 1));
    }

    [Fact]
    public void Buffers_shorter_than_rows_times_ld_plus_cols_are_rejected()
    {
        var c = C(100);
        // A 3×5 with lda 6 needs (3−1)·6 + 5 = 17 elements.
        Throws<ArgumentException>("a", ["16", "17"], c, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 3, 2, 5, 1, new float[16], 6, new float[100], 2, 0, c, 2));
        // B 5×2 with ldb 4 needs 4·4 + 2 = 18.
        Throws<ArgumentException>("b", ["17", "18"], c, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 3, 2, 5, 1, new float[17], 5, new float[17], 4, 0, c, 2));
        // C 3×2 with ldc 3 needs 2·3 + 2 = 8.
        var shortC = C(7);
        Throws<ArgumentException>("c", ["7", "8"], shortC, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 3, 2, 5, 1, new float[15], 5, new float[10], 2, 0, shortC, 3));
    }

    [Fact]
    public void C_overlapping_A_or_B_is_rejected()
    {
        var buffer = C(200);
        Throws<ArgumentException>("c", ["overlaps 'a'"], buffer, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 4, 4, 4, 1, buffer.AsSpan(0, 16), 4, new float[16], 4, 0, buffer.AsSpan(10, 16), 4));
        Throws<ArgumentException>("c", ["overlaps 'b'"], buffer, () => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 4, 4, 4, 1, new float[16], 4, buffer.AsSpan(50, 16), 4, 0, buffer.AsSpan(60, 16), 4));
        // Interleaved column blocks of one buffer do not overlap: allowed.
        Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 4, 4, 4, 1, buffer.AsSpan(100), 8, new float[16], 4, 0, buffer.AsSpan(104), 8);
    }

    [Fact]
    public void Span2D_shape_mismatches_are_rejected()
    {
        var cbuf = C(12);
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(1f, new float[3, 4], new float[5, 2], 0f, new Span2D<float>(cbuf, 3, 4)));
        Assert.Equal("b", ex.ParamName);
        Assert.Contains("3×4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("5×2", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(1f, new float[3, 4], new float[4, 2], 0f, new Span2D<float>(cbuf, 3, 4)));
        Assert.Equal("c", ex.ParamName);
        Assert.Contains("3×2", ex.Message, StringComparison.Ordinal);
        Assert.All(cbuf, v => Assert.Equal(Sentinel, v));
    }
}
