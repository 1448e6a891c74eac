using System;
using System.Linq;
using System.Numerics;
using System.Runtime.Intrinsics;
using Kernels.Testing.Reference;
using Kernels.Testing;
using Xunit;
using Kernels.Vectors;

namespace Kernels.Tests;

/// <summary>
/// Multiply, Add and Scale on the Vector512 path: long calls go to TensorPrimitives; on every other path to Kernels' own
/// loops (the every-path tests run both wherever Vector512 is supported, and GuardPageTests runs every vector kernel on
/// lengths either side of the hand-off). Either way the result is exact, bad input throws first, and nothing allocates.
/// </summary>
public class TensorPrimitivesHandOffTests
{
    private static readonly int[] Lengths =
        [.. Sweep.Lengths, 127, 128, 129, 191, 255, 256, 257, 1024 + 3, 300_001 /* past the streaming threshold */];

    private delegate void Kernel<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

    private static (string Name, Kernel<T> Kernel, Kernel<T> Reference)[] Cases<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T alpha = T.CreateChecked(-1.3);
        return
        [
            ("Multiply", (x, y, d) => ElementWise.Multiply(x, y, d), (x, y, d) => ElementWiseReference.Multiply(x, y, d)),
            ("Multiply.InPlaceY", (x, y, d) => { y.CopyTo(d); ElementWise.Multiply(x, d, d); }, (x, y, d) => ElementWiseReference.Multiply(x, y, d)),
            ("Multiply.InPlaceX", (x, y, d) => { x.CopyTo(d); ElementWise.Multiply(d, y, d); }, (x, y, d) => ElementWiseReference.Multiply(x, y, d)),
            ("Add", (x, y, d) => ElementWise.Add(x, y, d), (x, y, d) => ElementWiseReference.Add(x, y, d)),
            ("Add.InPlace", (x, y, d) => { y.CopyTo(d); ElementWise.Add(x, d, d); }, (x, y, d) => ElementWiseReference.Add(x, y, d)),
            ("Scale", (x, y, d) => ElementWise.Scale(alpha, x, d), (x, y, d) => ElementWiseReference.Scale(alpha, x, d)),
            ("Scale.InPlace", (x, y, d) => { x.CopyTo(d); ElementWise.Scale(alpha, d, d); }, (x, y, d) => ElementWiseReference.Scale(alpha, x, d)),
        ];
    }

    // The results are the same bits either way (that is the point), so no output shows which loop ran: this test pins the
    // rule itself, and the public methods call it right after their argument checks (ElementWise.Multiply.cs).
    [Fact]
    public void The_hand_off_applies_exactly_where_documented()
    {
        TestContext.Current.SendDiagnosticMessage(Isa.IsSupported(IsaPath.Vector512)
            ? "[hand-off] Vector512 supported: Multiply/Add/Scale of 128+ floats run TensorPrimitives on that path"
            : "[hand-off] Vector512 not supported: these tests run Kernels' own loops only");
        Assert.True(TensorPrimitivesHandOff.Applies<float>(128, IsaPath.Vector512));
        Assert.False(TensorPrimitivesHandOff.Applies<float>(127, IsaPath.Vector512));
        Assert.True(TensorPrimitivesHandOff.Applies<double>(64, IsaPath.Vector512));
        Assert.False(TensorPrimitivesHandOff.Applies<double>(63, IsaPath.Vector512));
        foreach (IsaPath p in new[] { IsaPath.Scalar, IsaPath.VectorT, IsaPath.Vector128, IsaPath.Vector256 })
            Assert.False(TensorPrimitivesHandOff.Applies<float>(1 << 20, p)); // narrower paths always run Kernels' own code
    }

    [Fact]
    public void Unforced_calls_are_exact_at_every_length()
    {
        Run<float>();
        Run<double>();

        static void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (var (name, kernel, reference) in Cases<T>())
                foreach (int n in Lengths)
                {
                    var (x, y) = VectorCases.Inputs<T>(n, 41);
                    var expected = new T[n];
                    var actual = new T[n + 3];
                    actual.AsSpan(n).Fill(T.CreateChecked(777));
                    reference(x, y, expected);
                    kernel(x, y, actual.AsSpan(0, n));
                    Compare.Exact<T>(expected, actual.AsSpan(0, n)).ThrowIfFailed($"{name} {typeof(T).Name} n={n}");
                    Assert.All(actual[n..], v => Assert.Equal(T.CreateChecked(777), v)); // nothing past the span
                }
        }
    }

    [Fact]
    public void Unforced_calls_propagate_special_values_as_ieee_says()
    {
        Run<float>();
        Run<double>();

        static void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int n = 1000;
            var (x, y) = VectorCases.Inputs<T>(n, 43);
            T[] specials = [T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Zero, T.NegativeZero, T.Epsilon, T.CreateSaturating(double.MaxValue)];
            TestData.Sprinkle<T>(x, 44, 0.1, specials);
            TestData.Sprinkle<T>(y, 45, 0.1, specials);
            foreach (var (name, kernel, reference) in Cases<T>())
            {
                var expected = new T[n];
                var actual = new T[n];
                reference(x, y, expected);
                kernel(x, y, actual);
                Compare.Exact<T>(expected, actual).ThrowIfFailed($"{name} {typeof(T).Name} with specials");
            }
        }
    }

    [Fact]
    public void Bad_input_on_long_calls_throws_before_writing()
    {
        const float sentinel = 12345f;
        const int n = 1000;
        var d = new float[n + 10];
        d.AsSpan().Fill(sentinel);
        var x = new float[n];

        var e = Assert.Throws<ArgumentException>(() => ElementWise.Multiply<float>(x, new float[n - 1], d));
        Assert.Equal("y", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => ElementWise.Add<float>(x, x, d.AsSpan(0, n - 1)));
        Assert.Equal("destination", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => ElementWise.Multiply<float>(d.AsSpan(0, n), x, d.AsSpan(1, n)));
        Assert.Equal("destination", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => ElementWise.Scale(2f, d.AsSpan(5, n), d.AsSpan(0, n)));
        Assert.Equal("destination", e.ParamName);
        Assert.All(d, v => Assert.Equal(sentinel, v));
    }

    [Fact]
    public void Unforced_calls_allocate_nothing()
    {
        Run<float>();
        Run<double>();

        static void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var (x, y) = VectorCases.Inputs<T>(4099, 49);
            var d = new T[4099];
            var cases = Cases<T>();
            foreach (var (_, kernel, _) in cases)
                kernel(x, y, d); // warm up
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int r = 0; r < 10; r++)
            {
                ElementWise.Multiply<T>(x, y, d);
                ElementWise.Add<T>(x, y, d);
                ElementWise.Scale(T.One, x, d);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
