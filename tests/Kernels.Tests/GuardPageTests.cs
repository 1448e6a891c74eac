using System;
using System.Linq;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;
using Xunit;

namespace Kernels.Tests;

/// <summary>
/// Every kernel on buffers flush against an inaccessible page, at every length of the sweep, on every path. A read or
/// write one element outside a span kills the test process with SIGSEGV, which fails the run.
/// </summary>
public class GuardPageTests
{
    public static TheoryData<string> VectorKernels => new(VectorCases.Names);
    public static TheoryData<string> MatrixKernels => new(MatrixCases.Names);

    [Theory, MemberData(nameof(VectorKernels))]
    public void Vector_kernels_stay_inside_their_spans(string name)
    {
        Assert.SkipUnless(GuardedBuffer<float>.IsSupported, "guard pages need Linux or macOS");
        Run<float>(name);
        Run<double>(name);

        static void Run<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var c = VectorCases.Get<T>(name);
            // 127–129: either side of the TensorPrimitives hand-off (unforced Multiply/Add/Scale, where Vector512 is accelerated).
            foreach (int n in Sweep.ShortLengths.Concat([127, 128, 129, 1000]))
                foreach (GuardPlacement placement in Enum.GetValues<GuardPlacement>())
                {
                    var (x, y) = VectorCases.Inputs<T>(n, 31);
                    using var gx = new GuardedBuffer<T>(n, placement);
                    using var gy = new GuardedBuffer<T>(n, placement);
                    using var gd = new GuardedBuffer<T>(n, placement);
                    x.CopyTo(gx.Span);
                    y.CopyTo(gy.Span);
                    foreach (IsaPath p in Isa.SupportedPaths)
                        using (Isa.Force(p))
                            c.Kernel(gx.Span, gy.Span, gd.Span);
                    c.Kernel(gx.Span, gy.Span, gd.Span); // unforced: what a caller gets by default, hand-off included
                }
        }
    }

    [Theory, MemberData(nameof(MatrixKernels))]
    public void Matrix_kernels_stay_inside_their_views(string name)
    {
        Assert.SkipUnless(GuardedBuffer<float>.IsSupported, "guard pages need Linux or macOS");
        Run<float>(name);
        Run<double>(name);

        static void Run<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var c = MatrixCases.Get<T>(name);
            foreach (int rows in new[] { 1, 2, 3, 5 })
                foreach (int cols in Sweep.ShortLengths.Concat([100]))
                    foreach (GuardPlacement placement in Enum.GetValues<GuardPlacement>())
                    {
                        var source = new StridedMatrix<T>(rows, cols, gap: 3, (ulong)(rows * 100 + cols));
                        using var gx = GuardedMatrix(source, placement);
                        using var gm = GuardedMatrix(source, placement);
                        using var gu = new GuardedBuffer<T>(rows, placement);
                        using var gv = new GuardedBuffer<T>(cols, placement);
                        using var go = new GuardedBuffer<T>(c.Output == MatrixOutput.RowVector ? rows : cols, placement);
                        TestData.FillUniform(gu.Span, 5);
                        TestData.FillUniform(gv.Span, 6);
                        foreach (IsaPath p in Isa.SupportedPaths)
                            using (Isa.Force(p))
                                c.Kernel(View(gx, source), gu.Span, gv.Span, View(gm, source), go.Span);
                    }
        }
    }

    // The matrix's last element is the buffer's last (or its first element the buffer's first): extent (rows−1)·stride + cols.
    private static GuardedBuffer<T> GuardedMatrix<T>(StridedMatrix<T> m, GuardPlacement placement) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int extent = (m.Rows - 1) * m.Stride + m.Cols;
        var g = new GuardedBuffer<T>(extent, placement);
        m.Buffer.AsSpan(0, extent).CopyTo(g.Span);
        return g;
    }

    private static Span2D<T> View<T>(GuardedBuffer<T> g, StridedMatrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        Span2D<T>.DangerousCreate(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(g.Span), m.Rows, m.Cols, m.Stride - m.Cols);
}
