using System;
using System.Linq;
using System.Numerics;
using Kernels.Testing.Reference;
using Kernels.Testing;
using Xunit;

namespace Kernels.Tests;

/// <summary>The fused optimizer steps: bitwise equal to the reference on every path and length, inside their spans, and checked arguments.</summary>
public class ParameterUpdateTests
{
    public static TheoryData<string> Steps => ["Sgd", "Momentum", "Adam"];

    [Theory, MemberData(nameof(Steps))]
    public void Matches_reference_exactly_on_every_path_and_length(string name)
    {
        Run<float>(name);
        Run<double>(name);

        static void Run<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (int n in Sweep.Lengths)
            {
                T[] g = TestData.Uniform<T>(n, Sweep.Seed(41, n)), w0 = TestData.Uniform<T>(n, Sweep.Seed(42, n));
                T[] m0 = TestData.Uniform<T>(n, Sweep.Seed(43, n)), v0 = TestData.Uniform<T>(n, Sweep.Seed(44, n), 0, 1);
                var (ew, em, ev) = ((T[])w0.Clone(), (T[])m0.Clone(), (T[])v0.Clone());
                Apply(name, reference: true, g, ew, em, ev);
                foreach (IsaPath path in Isa.SupportedPaths)
                    using (Isa.Force(path))
                    {
                        var (w, m, v) = ((T[])w0.Clone(), (T[])m0.Clone(), (T[])v0.Clone());
                        Apply(name, reference: false, g, w, m, v);
                        string context = $"{name}<{typeof(T).Name}> n={n} path {path}";
                        Compare.Exact<T>(ew, w).ThrowIfFailed(context + " weights");
                        Compare.Exact<T>(em, m).ThrowIfFailed(context + " first state");
                        Compare.Exact<T>(ev, v).ThrowIfFailed(context + " second state");
                    }
            }
        }
    }

    private static void Apply<T>(string name, bool reference, ReadOnlySpan<T> g, Span<T> w, Span<T> m, Span<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T lr = T.CreateChecked(0.01), mu = T.CreateChecked(0.9), b1 = T.CreateChecked(0.9), b2 = T.CreateChecked(0.999), eps = T.CreateChecked(1e-7);
        switch (name, reference)
        {
            case ("Sgd", true): ParameterUpdateReference.Sgd(lr, g, w); break;
            case ("Sgd", false): ParameterUpdate.Sgd(lr, g, w); break;
            case ("Momentum", true): ParameterUpdateReference.Momentum(lr, mu, g, m, w); break;
            case ("Momentum", false): ParameterUpdate.Momentum(lr, mu, g, m, w); break;
            case ("Adam", true): ParameterUpdateReference.Adam(lr, b1, b2, eps, 3, g, m, v, w); break;
            default: ParameterUpdate.Adam(lr, b1, b2, eps, 3, g, m, v, w); break;
        }
    }

    [Theory, MemberData(nameof(Steps))]
    public void Stays_inside_its_spans(string name)
    {
        Assert.SkipUnless(GuardedBuffer<float>.IsSupported, "guard pages need Linux or macOS");
        foreach (int n in Sweep.ShortLengths)
            foreach (GuardPlacement placement in Enum.GetValues<GuardPlacement>())
            {
                using var g = new GuardedBuffer<float>(n, placement);
                using var w = new GuardedBuffer<float>(n, placement);
                using var m = new GuardedBuffer<float>(n, placement);
                using var v = new GuardedBuffer<float>(n, placement);
                foreach (IsaPath path in Isa.SupportedPaths)
                    using (Isa.Force(path))
                        // SGD and momentum get empty state spans they must never touch.
                        Apply<float>(name, reference: false, g.Span, w.Span, name == "Sgd" ? default : m.Span, name == "Adam" ? v.Span : default);
            }
    }

    [Fact]
    public void Bad_arguments_throw_before_writing()
    {
        float[] w = Enumerable.Repeat(5f, 8).ToArray(), m = new float[8], v = new float[8];
        var e = Assert.Throws<ArgumentException>(() => ParameterUpdate.Sgd(0.1f, new float[7], w));
        Assert.Equal("weights", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => ParameterUpdate.Momentum(0.1f, 0.9f, new float[8], w.AsSpan(0, 8), w.AsSpan(0, 8)));
        Assert.Equal("weights", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>("step", () => ParameterUpdate.Adam(0.1f, 0.9f, 0.999f, 1e-8f, 0, new float[8], m, v, w));
        e = Assert.Throws<ArgumentException>(() => ParameterUpdate.Adam(0.1f, 0.9f, 0.999f, 1e-8f, 1, new float[8], m, m, w));
        Assert.Equal("secondMoment", e.ParamName);
        Assert.All(w, x => Assert.Equal(5f, x));
    }
}
