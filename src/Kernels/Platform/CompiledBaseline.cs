using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Kernels.Platform;

/// <summary>
/// Which instruction sets the CPU has that the running code cannot use: Native AOT fixes the instruction set at publish
/// time (<c>IlcInstructionSet</c>), and the JIT honours switches such as <c>DOTNET_EnableAVX512=0</c>, so either way
/// the kernels may run a narrower path than the hardware offers.
/// </summary>
internal static class CompiledBaseline
{
    /// <summary>Ahead-of-time compiled (Native AOT): no JIT, so the instruction set was chosen at publish time.</summary>
    public static bool IsAheadOfTime => !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>The x64 levels the CPU reports and the code cannot use, narrowest first; empty on ARM64 and when none.</summary>
    public static IReadOnlyList<string> Unused()
    {
        var missing = new List<string>();
        if (!X86Base.IsSupported)
            return missing;
        // CPUID reports the hardware whatever the code was compiled for: leaf 1 ECX bit 12 FMA, 27 OSXSAVE (the OS saves
        // the extended registers; XCR0 itself is not readable from managed code), 28 AVX; leaf 7 EBX bit 5 AVX2, 16 AVX512F.
        var (_, _, ecx1, _) = X86Base.CpuId(1, 0);
        var (_, ebx7, _, _) = X86Base.CpuId(7, 0);
        bool avx = Bit(ecx1, 27) && Bit(ecx1, 28);
        if (avx && Bit(ecx1, 12) && Bit(ebx7, 5) && !(Avx2.IsSupported && Fma.IsSupported))
            missing.Add("AVX2+FMA (x86-64-v3)");
        if (avx && Bit(ebx7, 16) && !Avx512F.IsSupported)
            missing.Add("AVX-512 (x86-64-v4)");
        return missing;
    }

    private static bool Bit(int register, int bit) => (register >> bit & 1) != 0;
}
