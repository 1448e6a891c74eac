using System;
using System.Threading;
using Xunit;

namespace Kernels.Tests;

public class IsaTests
{
    // .ci/run sets EXPECTED_ISA_PATH for each configuration it runs (default, PreferredVectorBitWidth=128, EnableAVX2=0,
    // EnableHWIntrinsic=0, arm64): a silently wrong dispatch fails here instead of passing on the wrong path.
    [Fact]
    public void Best_path_is_the_one_this_configuration_expects()
    {
        string? expected = Environment.GetEnvironmentVariable("EXPECTED_ISA_PATH");
        TestContext.Current.SendDiagnosticMessage($"[isa] {Isa.Tag}: {Isa.Description}");
        Assert.SkipWhen(string.IsNullOrEmpty(expected), "EXPECTED_ISA_PATH is not set (only .ci/run sets it)");
        Assert.Equal(expected, Isa.Tag);
    }

    [Fact]
    public void Instruction_sets_the_CPU_has_but_the_code_cannot_use_are_named()
    {
        Assert.False(Isa.IsAheadOfTimeCompiled); // the test host runs under the JIT
        var unused = Isa.UnusedInstructionSets;
        if (!System.Runtime.Intrinsics.X86.X86Base.IsSupported)
        {
            Assert.Empty(unused);
            return;
        }
        var (_, _, ecx1, _) = System.Runtime.Intrinsics.X86.X86Base.CpuId(1, 0);
        var (_, ebx7, _, _) = System.Runtime.Intrinsics.X86.X86Base.CpuId(7, 0);
        bool cpuHasV3 = (ecx1 >> 12 & 1) != 0 && (ecx1 >> 28 & 1) != 0 && (ebx7 >> 5 & 1) != 0;
        bool codeHasV3 = System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported;
        Assert.Equal(cpuHasV3 && !codeHasV3, System.Linq.Enumerable.Contains(unused, "AVX2+FMA (x86-64-v3)"));
        // CI's DOTNET_EnableAVX2=0 and EnableHWIntrinsic=0 runs exercise the "turned off" text on an AVX2 host.
        if (unused.Count > 0)
            Assert.Contains("turned off for this process", Isa.Description, StringComparison.Ordinal);
        else
            Assert.DoesNotContain("also has", Isa.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Best_is_the_widest_supported_path_and_scalar_is_always_supported()
    {
        Assert.Contains(IsaPath.Scalar, Isa.SupportedPaths);
        IsaPath widest = Isa.IsSupported(IsaPath.Vector512) ? IsaPath.Vector512
                       : Isa.IsSupported(IsaPath.Vector256) ? IsaPath.Vector256
                       : Isa.IsSupported(IsaPath.Vector128) ? IsaPath.Vector128
                       : Isa.IsSupported(IsaPath.VectorT) ? IsaPath.VectorT : IsaPath.Scalar;
        Assert.Equal(widest, Isa.Best);
        Assert.Equal(Isa.Best, Isa.Current);
    }

    [Fact]
    public void Force_selects_the_path_nests_and_restores()
    {
        using (Isa.Force(IsaPath.Scalar))
        {
            Assert.Equal(IsaPath.Scalar, Isa.Current);
            using (Isa.Force(Isa.Best))
                Assert.Equal(Isa.Best, Isa.Current);
            Assert.Equal(IsaPath.Scalar, Isa.Current);
        }
        Assert.Equal(Isa.Best, Isa.Current);
    }

    [Fact]
    public void Force_applies_to_the_calling_thread_only()
    {
        IsaPath other = IsaPath.Scalar;
        using (Isa.Force(IsaPath.Scalar))
        {
            var t = new Thread(() => other = Isa.Current);
            t.Start();
            t.Join();
        }
        Assert.Equal(Isa.Best, other);
    }

    [Fact]
    public void Forcing_an_unsupported_path_throws_NotSupported()
    {
        foreach (IsaPath p in Enum.GetValues<IsaPath>())
            if (!Isa.IsSupported(p))
                Assert.Throws<NotSupportedException>(() => Isa.Force(p));
        Assert.Throws<ArgumentOutOfRangeException>(() => Isa.Force((IsaPath)42));
    }

    [Fact]
    public void Disposing_an_outer_scope_first_throws_and_double_dispose_is_harmless()
    {
        var outer = Isa.Force(IsaPath.Scalar);
        var inner = Isa.Force(IsaPath.Scalar);
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        inner.Dispose();
        outer.Dispose();
        outer.Dispose();
        Assert.Equal(Isa.Best, Isa.Current);
    }
}
