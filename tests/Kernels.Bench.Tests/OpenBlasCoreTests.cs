using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Kernels.Bench.Machine;
using Kernels.Bench.Native;
using Xunit;

namespace Kernels.Bench.Tests;

/// <summary>The bench's choice of OpenBLAS core: a pure function of the request, the environment and the CPU's flags.</summary>
public class OpenBlasCoreTests
{
    private static readonly string[] s_zen3 = ["sse2", "pni", "ssse3", "sse4_1", "sse4_2", "sse4a", "avx", "avx2", "fma"];
    private static readonly string[] s_avx512 = [.. s_zen3, "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"];

    private static CpuFeatures X86(string[] flags, bool runtimeAvx512) =>
        new(Architecture.X64, new HashSet<string>(flags, StringComparer.Ordinal), "test", runtimeAvx512);

    [Fact]
    public void An_avx512_host_gets_SkylakeX_set_by_the_bench()
    {
        var c = OpenBlasCore.Choose("auto", null, X86(s_avx512, runtimeAvx512: true));
        Assert.Equal("SkylakeX", c.Core);
        Assert.Equal(CoreSource.Bench, c.Source);
        Assert.Equal("SkylakeX", OpenBlasCore.Choose("auto", null, X86([.. s_avx512, "avx512_bf16"], runtimeAvx512: true)).Core);
    }

    [Fact]
    public void An_avx2_host_without_avx512_gets_Haswell_set_by_the_bench()
    {
        var c = OpenBlasCore.Choose("auto", null, X86(s_zen3, runtimeAvx512: false));
        Assert.Equal("Haswell", c.Core);
        Assert.Equal(CoreSource.Bench, c.Source);
    }

    [Fact]
    public void With_avx512_off_in_the_runtime_the_bench_stands_for_an_avx2_cpu()
    {
        var c = OpenBlasCore.Choose("auto", null, X86(s_avx512, runtimeAvx512: false));
        Assert.Equal("Haswell", c.Core);
        Assert.Contains("DOTNET_EnableAVX512=0", c.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_arm64_host_keeps_OpenBLAS_own_choice_and_refuses_x86_cores()
    {
        var arm = new CpuFeatures(Architecture.Arm64, new HashSet<string>(["asimd"], StringComparer.Ordinal), "test", false);
        Assert.Null(OpenBlasCore.Choose("auto", null, arm).Core);
        Assert.Equal("neoversen1", OpenBlasCore.Choose("NeoverseN1", null, arm).Core);
        Assert.Throws<ArgumentException>(() => OpenBlasCore.Choose("Haswell", null, arm));
        Assert.Throws<ArgumentException>(() => OpenBlasCore.Choose("neoversev1", null, arm)); // SVE
    }

    [Fact]
    public void The_environment_is_overridden_and_said_so_and_the_option_overrides_both()
    {
        var cpu = X86(s_avx512, runtimeAvx512: true);
        var overridden = OpenBlasCore.Choose("auto", "Haswell", cpu);
        Assert.Equal(("SkylakeX", CoreSource.Bench), (overridden.Core, overridden.Source));
        Assert.Contains("OPENBLAS_CORETYPE=Haswell from the environment overridden", overridden.Reason, StringComparison.Ordinal);
        Assert.Contains("--openblas-coretype Haswell", overridden.Reason, StringComparison.Ordinal);
        Assert.Equal("Haswell", OpenBlasCore.Choose("auto", "SkylakeX", X86(s_zen3, runtimeAvx512: false)).Core); // never a SIGILL

        var arm = new CpuFeatures(Architecture.Arm64, new HashSet<string>(["asimd"], StringComparer.Ordinal), "test", false);
        var kept = OpenBlasCore.Choose("auto", "NeoverseN1", arm);
        Assert.Equal((null, CoreSource.Environment), (kept.Core, kept.Source));

        var option = OpenBlasCore.Choose("skylakex", "Haswell", cpu);
        Assert.Equal("SkylakeX", option.Core); // the canonical spelling
        Assert.Equal(CoreSource.Option, option.Source);
    }

    [Fact]
    public void A_core_the_cpu_cannot_run_is_refused_whoever_asks()
    {
        var zen3 = X86(s_zen3, runtimeAvx512: false);
        var e = Assert.Throws<ArgumentException>(() => OpenBlasCore.Choose("SkylakeX", null, zen3));
        Assert.Contains("avx512f", e.Message, StringComparison.Ordinal);
        Assert.Contains("SIGILL", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OpenBlasCore.Choose("Cooperlake", null, X86(s_avx512, true))); // no BF16
        Assert.Throws<ArgumentException>(() => OpenBlasCore.Choose("Bulldozer", null, zen3)); // FMA4, XOP
        Assert.Throws<ArgumentException>(() => OpenBlasCore.Choose("NoSuchCore", null, zen3));
        Assert.Equal("Haswell", OpenBlasCore.Choose("Haswell", null, zen3).Core);
        Assert.Equal("Zen", OpenBlasCore.Choose("zen", null, zen3).Core);
    }

    [Fact]
    public void Tests_and_other_programs_leave_OpenBLAS_alone()
    {
        var c = OpenBlasCore.Choose(null, null, X86(s_avx512, runtimeAvx512: true));
        Assert.Null(c.Core);
        Assert.Equal(CoreSource.NotAsked, c.Source);
    }
}
