using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Kernels.AotSample;

/// <summary>
/// Whether this process runs code compiled ahead of time for a lower instruction-set baseline than its CPU has: Native
/// AOT fixes the instruction set at publish time (<c>IlcInstructionSet</c>), so a binary published without it runs
/// 128-bit SSE code on an AVX2 or AVX-512 machine, where the JIT would have compiled for what it found.
/// </summary>
internal static class CompiledBaseline
{
    /// <summary>Ahead-of-time compiled (Native AOT): no JIT, so the instruction set was chosen at publish time.</summary>
    public static bool IsAheadOfTime => !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>
    /// What the CPU has and the compiled code cannot use, e.g. <c>AVX2+FMA (x86-64-v3)</c>; empty under the JIT, on
    /// ARM64, and when the baseline covers the CPU.
    /// </summary>
    /// <returns>The missing instruction-set levels, narrowest first.</returns>
    public static IReadOnlyList<string> Shortfall()
    {
        var missing = new List<string>();
        if (!IsAheadOfTime || !X86Base.IsSupported)
            return missing;
        // CPUID reports the hardware whatever the code was compiled for (Intel SDM vol. 2A, "CPUID"): leaf 1 ECX bit 12 FMA,
        // 27 OSXSAVE (the OS saves the extended registers), 28 AVX; leaf 7 EBX bit 5 AVX2, bit 16 AVX512F.
        var (_, _, ecx1, _) = X86Base.CpuId(1, 0);
        var (_, ebx7, _, _) = X86Base.CpuId(7, 0);
        bool osSavesYmm = Bit(ecx1, 27), avx = osSavesYmm && Bit(ecx1, 28);
        if (avx && Bit(ecx1, 12) && Bit(ebx7, 5) && !(Avx2.IsSupported && Fma.IsSupported))
            missing.Add("AVX2+FMA (x86-64-v3)");
        if (avx && Bit(ebx7, 16) && !Avx512F.IsSupported)
            missing.Add("AVX-512 (x86-64-v4)");
        return missing;
    }

    private static bool Bit(int register, int bit) => (register >> bit & 1) != 0;
}
