using System;
using System.Linq;
using System.Numerics;
using Kernels.Testing;
using Xunit;

namespace Kernels.Tests;

public class ElementWiseTests
{
    public static TheoryData<string> Cases => new(VectorCases.Names);

    [Theory, MemberData(nameof(Cases))]
    public void Float_matches_reference_on_every_path_and_length(string name) => MatchesReference<float>(name, salt: 1);

    [Theory, MemberData(nameof(Cases))]
    public void Double_matches_reference_on_every_path_and_length(string name) => MatchesReference<double>(name, salt: 2);

    [Theory, MemberData(nameof(Cases))]
    public void Float_propagates_nan_and_infinity_like_the_reference(string name) => MatchesReferenceWithSpecials<float>(name, salt: 3);

    [Theory, MemberData(nameof(Cases))]
    public void Double_propagates_nan_and_infinity_like_the_reference(string name) => MatchesReferenceWithSpecials<double>(name, salt: 4);

    private static void MatchesReference<T>(string name, int salt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = VectorCases.Get<T>(name);
        foreach (int n in Sweep.Lengths)
        {
            var (x, y) = VectorCases.Inputs<T>(n, salt);
            var expected = new T[n];
            c.Reference(x, y, expected);
            EveryPath.Run<T>(n, d => c.Kernel(x, y, d)).AssertAll(expected, (e, a) => c.Compare(x, y, e, a), $"{name}<{typeof(T).Name}> n={n}");
        }
    }

    private static void MatchesReferenceWithSpecials<T>(string name, int salt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = VectorCases.Get<T>(name);
        foreach (int n in Sweep.ShortLengths.Concat([1000]))
        {
            var (x, y) = VectorCases.Inputs<T>(n, salt);
            TestData.Sprinkle<T>(x, Sweep.Seed(salt + 11, n), 0.15);
            TestData.Sprinkle<T>(y, Sweep.Seed(salt + 13, n), 0.15);
            TestData.Sprinkle<T>(x, Sweep.Seed(salt + 17, n), 0.05, T.NegativeZero, T.CreateSaturating(double.MaxValue), T.CreateSaturating(double.MinValue), T.Epsilon);
            var expected = new T[n];
            c.Reference(x, y, expected);
            EveryPath.Run<T>(n, d => c.Kernel(x, y, d)).AssertAll(expected, (e, a) => c.Compare(x, y, e, a), $"{name}<{typeof(T).Name}> n={n} with NaN/±∞");
        }
    }

    [Fact]
    public void Transcendental_agreement_is_reported()
    {
        // Not an assertion beyond the stated bound: records the measured worst case so the bound stays honest.
        foreach (Activation f in new[] { Activation.Sigmoid, Activation.Tanh })
        {
            Report<float>(f);
            Report<double>(f);
        }

        static void Report<T>(Activation f) where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] z = TestData.Uniform<T>(20000, 99, -12, 12);
            Array.Copy(TestData.Uniform<T>(5000, 98, -1, 1), z, 5000); // dense near 0, where tanh is subtle
            var expected = new T[z.Length];
            Testing.Reference.ElementWiseReference.Activate<T>(f, z, expected);
            foreach (var o in EveryPath.Run<T>(z.Length, d => ElementWise.Activate<T>(f, z, d)).Outputs)
            {
                var r = Testing.Compare.WithinUlps<T>(expected, o.Output, VectorCases.TranscendentalUlps);
                TestContext.Current.SendDiagnosticMessage($"[ulp] {f}<{typeof(T).Name}> {o.Path}: max {r.MaxUlps} ulp");
                r.ThrowIfFailed($"{f}<{typeof(T).Name}> {o.Path}");
            }
        }
    }
}
