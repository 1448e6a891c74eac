using System;
using System.Collections.Generic;
using System.Linq;
using Kernels.Testing.Reference;
using Xunit;

namespace Kernels.Testing.Tests;

public class EveryPathTests
{
    [Fact]
    public void Runs_the_computation_once_on_each_supported_path_and_each_run_sees_its_path()
    {
        var seen = new List<IsaPath>();
        var result = EveryPath.Run<int>(3, d =>
        {
            seen.Add(Isa.Current);
            d.Fill((int)Isa.Current);
        });

        Assert.Equal(Isa.SupportedPaths, seen);                  // each supported path, once, narrowest first
        Assert.Equal(Isa.SupportedPaths, result.Outputs.Select(o => o.Path));
        foreach (var o in result.Outputs)
        {
            Assert.Equal(o.Path, o.PathSeen);
            Assert.Equal(o.Path.ToString(), o.Name);
            Assert.Equal(new[] { (int)o.Path, (int)o.Path, (int)o.Path }, o.Output);
            Assert.Same(o.Output, result[o.Path]);
        }
        Assert.Equal(Isa.Description, result.IsaDescription);
        Assert.Equal(Isa.Best, Isa.Current);                     // every scope closed
    }

    [Fact]
    public void Runs_only_the_requested_paths_this_machine_supports()
    {
        var seen = new List<IsaPath>();
        var result = EveryPath.Run<float>(1, _ => seen.Add(Isa.Current), Enumerable.Reverse(Enum.GetValues<IsaPath>()));
        Assert.Equal(Isa.SupportedPaths.Reverse(), seen);

        var scalarOnly = EveryPath.Run<float>(1, _ => { }, [IsaPath.Scalar]);
        Assert.Equal(new[] { IsaPath.Scalar }, scalarOnly.Outputs.Select(o => o.Path));
        Assert.Throws<KeyNotFoundException>(() => scalarOnly[IsaPath.VectorT]);
    }

    [Fact]
    public void A_computation_returning_a_value_gets_one_element_per_path()
    {
        var result = EveryPath.Run(() => Isa.Current);
        Assert.Equal(Isa.SupportedPaths, result.Outputs.Select(o => o.Path));
        Assert.All(result.Outputs, o => Assert.Equal(new[] { o.Path }, o.Output));
    }

    [Fact]
    public void AssertAll_names_the_failing_path()
    {
        IsaPath last = Isa.SupportedPaths[^1];
        var result = EveryPath.Run<float>(2, d => d.Fill(Isa.Current == last ? 2f : 1f));
        var ex = Assert.Throws<ComparisonException>(() => result.AssertAll([1f, 1f], (e, a) => Compare.Exact<float>(e, a), "fill"));
        Assert.StartsWith($"fill, path {last} on {Isa.Tag}: FAILED (exact)", ex.Message, StringComparison.Ordinal);
        EveryPath.Run<float>(2, d => d.Fill(1f)).AssertAll([1f, 1f], (e, a) => Compare.Exact<float>(e, a));
    }

    [Fact]
    public void The_forced_path_ends_with_the_run_even_when_the_computation_throws()
    {
        Assert.Throws<InvalidOperationException>(() => EveryPath.Run<float>(1, _ => throw new InvalidOperationException("boom")));
        Assert.Equal(Isa.Best, Isa.Current);
        Assert.Throws<ArgumentOutOfRangeException>(() => EveryPath.Run<float>(-1, _ => { }));
        Assert.Throws<ArgumentNullException>(() => EveryPath.Run<float>(1, null!));
    }

    // The README's example, kept compiling and passing here.
    [Fact]
    public void Sigmoid_agrees_with_the_scalar_reference_on_every_path()
    {
        float[] z = TestData.Uniform<float>(1000, seed: 42, min: -10, max: 10);
        var expected = new float[z.Length];
        ElementWiseReference.Activate<float>(Activation.Sigmoid, z, expected);

        EveryPath.Run<float>(z.Length, d => ElementWise.Activate<float>(Activation.Sigmoid, z, d))
                 .AssertAll(expected, (e, a) => Compare.WithinUlps<float>(e, a, maxUlps: 6), "sigmoid");
    }
}
