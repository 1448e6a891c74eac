using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using Kernels.Testing.Reference;
using Kernels.Testing;
using Xunit;
using Kernels.Vectors;

namespace Kernels.Tests;

/// <summary>
/// The element-wise loops switch to non-temporal stores, from the first vector-aligned element of the destination, when
/// the output is larger than a threshold (<see cref="BinaryLoop.StreamingThresholdBytes"/>,
/// <see cref="UnaryLoop.StreamingThresholdBytes"/>) and does not alias an input. These tests run lengths on both sides
/// of each threshold, destinations at every kind of misalignment (including one not aligned to its element size, which
/// cannot be streamed), in-place calls, and guard-page buffers, on every vector path, against the reference.
/// </summary>
public class StreamingStoreTests
{
    private const float Alpha = -1.3f;

    // The scalar path never streams (the sweeps in ElementWiseTests and GuardPageTests cover it); these lengths run to
    // millions of elements, and the suite must stay fast under emulation.
    private static IEnumerable<IsaPath> VectorPaths => Isa.SupportedPaths.Where(p => p != IsaPath.Scalar);

    /// <summary>Lengths around a threshold of <paramref name="bytes"/>: the last one not streamed, then streamed ones with assorted tails.</summary>
    private static IEnumerable<int> Around<T>(nuint bytes) where T : unmanaged
    {
        int t = (int)(bytes / (nuint)Marshal.SizeOf<T>());
        return [t, t + 1, t + 37];
    }

    /// <summary>Streamed lengths only.</summary>
    private static IEnumerable<int> Above<T>(nuint bytes) where T : unmanaged => Around<T>(bytes).Skip(1);

    [Fact]
    public void Binary_kernels_match_the_reference_around_the_threshold_at_every_alignment()
    {
        Run<float>();
        Run<double>();

        static void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (int n in Around<T>(BinaryLoop.StreamingThresholdBytes))
            {
                T[] x = Inputs<T>(n + 8, 61), y = Inputs<T>(n + 8, 62);
                var expected = new T[n];
                ElementWiseReference.Multiply<T>(x.AsSpan(3, n), y.AsSpan(3, n), expected);
                foreach (IsaPath p in VectorPaths)
                    foreach (int offset in new[] { 0, 5 })
                    {
                        string context = $"{typeof(T).Name} n={n} destination offset {offset} {p}";
                        var d = new T[n + 8];
                        using (Isa.Force(p))
                            ElementWise.Multiply<T>(x.AsSpan(3, n), y.AsSpan(3, n), d.AsSpan(offset, n));
                        Same<T>(expected, d.AsSpan(offset, n), $"Multiply {context}");
                        AssertZero(d.AsSpan(0, offset), context);
                        AssertZero(d.AsSpan(offset + n), context);

                    }
            }
        }
    }

    [Fact]
    public void Unary_kernels_match_the_reference_above_the_threshold_at_every_alignment()
    {
        Run<float>();
        Run<double>();

        static void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            T alpha = T.CreateChecked(Alpha);
            int[] lengths = Above<T>(UnaryLoop.StreamingThresholdBytes).Skip(1).ToArray();
            T[] x = Inputs<T>(lengths.Max() + 8, 63);
            var expected = new T[x.Length];
            ElementWiseReference.Scale<T>(alpha, x, expected);
            var d = new T[x.Length];
            foreach (int n in lengths)
                foreach (IsaPath p in VectorPaths)
                    foreach (int offset in new[] { 0, 3 })
                    {
                        string context = $"{typeof(T).Name} n={n} destination offset {offset} {p}";
                        Array.Clear(d);
                        using (Isa.Force(p))
                            ElementWise.Scale<T>(alpha, x.AsSpan(2, n), d.AsSpan(offset, n));
                        Same<T>(expected.AsSpan(2, n), d.AsSpan(offset, n), $"Scale {context}");
                        AssertZero<T>(d.AsSpan(0, offset), context);
                        AssertZero<T>(d.AsSpan(offset + n), context);
                    }
        }
    }

    [Fact]
    public void In_place_calls_above_the_threshold_match_the_reference()
    {
        Run<float>();
        Run<double>();

        static void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            T alpha = T.CreateChecked(Alpha);
            int nb = Around<T>(BinaryLoop.StreamingThresholdBytes).Last(), nu = Around<T>(UnaryLoop.StreamingThresholdBytes).Last();
            T[] x = Inputs<T>(nu + 1, 64), y = Inputs<T>(nb + 1, 65);
            var product = new T[nb];
            ElementWiseReference.Multiply<T>(x.AsSpan(1, nb), y.AsSpan(1, nb), product);
            var scaled = new T[nu];
            ElementWiseReference.Scale<T>(alpha, x.AsSpan(1, nu), scaled);
            foreach (IsaPath p in VectorPaths)
            {
                T[] d = (T[])y.Clone();
                using (Isa.Force(p))
                    ElementWise.Multiply<T>(x.AsSpan(1, nb), d.AsSpan(1, nb), d.AsSpan(1, nb));
                Same<T>(product, d.AsSpan(1, nb), $"Multiply in place {typeof(T).Name} n={nb} {p}");

                d = (T[])x.Clone();
                using (Isa.Force(p))
                    ElementWise.Scale<T>(alpha, d.AsSpan(1, nu), d.AsSpan(1, nu));
                Same<T>(scaled, d.AsSpan(1, nu), $"Scale in place {typeof(T).Name} n={nu} {p}");
            }
        }
    }

    [Fact]
    public void A_destination_not_aligned_to_its_element_size_is_written_without_streaming()
    {
        // Reinterpreted bytes at an odd offset: no element of the destination can be vector-aligned.
        int n = Around<float>(BinaryLoop.StreamingThresholdBytes).Last();
        float[] x = Inputs<float>(n, 66), y = Inputs<float>(n, 67);
        var expected = new float[n];
        ElementWiseReference.Multiply<float>(x, y, expected);
        var bytes = new byte[n * sizeof(float) + 8];
        foreach (IsaPath p in VectorPaths)
        {
            Array.Clear(bytes);
            Span<float> d = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(1, n * sizeof(float)));
            using (Isa.Force(p))
                ElementWise.Multiply<float>(x, y, d);
            Same<float>(expected, d, $"Multiply into a byte-misaligned destination, {p}");
            Assert.Equal(0, bytes[0]);
            Assert.All(bytes.AsSpan(1 + n * sizeof(float)).ToArray(), b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void Streamed_calls_stay_inside_their_spans()
    {
        Assert.SkipUnless(GuardedBuffer<float>.IsSupported, "guard pages need Linux or macOS");
        Run<float>();
        Run<double>();

        static void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            T alpha = T.CreateChecked(Alpha);
            foreach (GuardPlacement placement in Enum.GetValues<GuardPlacement>())
            {
                foreach (int n in Above<T>(BinaryLoop.StreamingThresholdBytes).Skip(1))
                {
                    using var gx = new GuardedBuffer<T>(n, placement);
                    using var gy = new GuardedBuffer<T>(n, placement);
                    using var gd = new GuardedBuffer<T>(n, placement);
                    foreach (IsaPath p in VectorPaths)
                        using (Isa.Force(p))
                            ElementWise.Multiply<T>(gx.Span, gy.Span, gd.Span);
                }
                foreach (int n in Above<T>(UnaryLoop.StreamingThresholdBytes).Skip(1))
                {
                    using var gx = new GuardedBuffer<T>(n, placement);
                    using var gd = new GuardedBuffer<T>(n, placement);
                    foreach (IsaPath p in VectorPaths)
                        using (Isa.Force(p))
                            ElementWise.Scale<T>(alpha, gx.Span, gd.Span);
                }
            }
        }
    }

    // Millions of distinct-enough values, fast to make (TestData's generators take ~10 ns an element): k/1024 for k in
    // [−1000, 1000], in a pattern that does not repeat with the vector width.
    private static T[] Inputs<T>(int n, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = new T[n];
        T scale = T.CreateChecked(1.0 / 1024);
        for (int i = 0; i < n; i++)
            a[i] = T.CreateChecked((int)(((ulong)i * 7919 + seed * 104729) % 2001) - 1000) * scale;
        return a;
    }

    // Bitwise equality first (fast on millions of elements); the full comparison report only on a mismatch.
    private static void Same<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string context) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!MemoryMarshal.AsBytes(expected).SequenceEqual(MemoryMarshal.AsBytes(actual)))
            Compare.Exact<T>(expected, actual).ThrowIfFailed(context);
    }

    private static void AssertZero<T>(ReadOnlySpan<T> s, string context) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (s.ContainsAnyExcept(T.Zero))
            Assert.Fail($"{context}: an element outside the destination was written");
    }
}
