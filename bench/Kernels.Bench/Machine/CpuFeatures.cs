using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Kernels.Bench.Machine;

/// <summary>
/// The instruction sets the CPU and the operating system offer, whatever the .NET runtime was told to use
/// (<c>DOTNET_EnableAVX512=0</c> hides AVX-512 from the JIT, not from native code such as OpenBLAS): the flag names of
/// Linux's /proc/cpuinfo (<c>avx2</c>, <c>fma</c>, <c>avx512f</c>, <c>avx512_bf16</c>; on ARM64 <c>asimd</c>, <c>sve</c>).
/// </summary>
/// <param name="Architecture">The process architecture.</param>
/// <param name="Flags">The flags, lower case.</param>
/// <param name="Source">Where they were read: /proc/cpuinfo, or CPUID where there is no such file.</param>
/// <param name="RuntimeUsesAvx512">Whether the .NET runtime uses AVX-512 (<see cref="Avx512F.IsSupported"/>).</param>
public sealed record CpuFeatures(Architecture Architecture, IReadOnlySet<string> Flags, string Source, bool RuntimeUsesAvx512)
{
    /// <summary>The AVX-512 subsets OpenBLAS's SkylakeX kernels are compiled for (Skylake-SP's set).</summary>
    public static readonly string[] Avx512 = ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"];

    /// <summary>This machine, read once.</summary>
    public static CpuFeatures Current { get; } = Detect();

    /// <summary>Whether the process runs x86 or x64 code.</summary>
    public bool IsX86 => Architecture is Architecture.X64 or Architecture.X86;

    /// <summary>Whether the CPU has every one of <paramref name="flags"/>.</summary>
    /// <param name="flags">Flag names.</param>
    /// <returns>True when none is missing.</returns>
    public bool HasAll(IEnumerable<string> flags) => flags.All(Flags.Contains);

    /// <summary>Whether the CPU has AVX-512 F, BW, DQ, VL and CD.</summary>
    public bool HasAvx512 => IsX86 && HasAll(Avx512);

    /// <summary>Whether the CPU has AVX2 and FMA (x86-64-v3's vector part).</summary>
    public bool HasAvx2Fma => IsX86 && HasAll(["avx", "avx2", "fma"]);

    /// <summary>The CPU has AVX-512 and the .NET runtime was told not to use it: the bench then stands for a CPU without it.</summary>
    public bool Avx512OffInRuntime => HasAvx512 && !RuntimeUsesAvx512;

    /// <summary>One line for the machine header: the vector extensions that decide kernels, and where they were read.</summary>
    /// <returns>E.g. <c>avx2 fma (no AVX-512), from /proc/cpuinfo</c>.</returns>
    public string Summary()
    {
        if (!IsX86)
            return $"{string.Join(" ", ((string[])["asimd", "sve", "sve2"]).Where(Flags.Contains))}, from {Source}";
        var shown = ((string[])["sse4_2", "avx", "avx2", "fma", "fma4", .. Avx512, "avx512_bf16"]).Where(Flags.Contains).ToList();
        string avx512 = HasAvx512 ? (RuntimeUsesAvx512 ? "" : "; AVX-512 off in the .NET runtime") : " (no AVX-512)";
        return $"{string.Join(" ", shown)}{avx512}, from {Source}";
    }

    private static CpuFeatures Detect()
    {
        var arch = RuntimeInformation.ProcessArchitecture;
        bool runtimeAvx512 = Avx512F.IsSupported;
        if (ReadProcCpuinfo(arch) is { } flags)
            return new CpuFeatures(arch, flags, "/proc/cpuinfo", runtimeAvx512);
        return new CpuFeatures(arch, FromCpuid(), X86Base.IsSupported ? "CPUID" : "nothing (no /proc/cpuinfo, no CPUID)", runtimeAvx512);
    }

    // The first "flags" (x86) or "Features" (ARM) line: Linux lists what the CPU has and the kernel enabled (the AVX-512
    // flags are cleared when the OS does not save the ZMM registers).
    private static HashSet<string>? ReadProcCpuinfo(Architecture arch)
    {
        try
        {
            if (!File.Exists("/proc/cpuinfo")) return null;
            string key = arch is Architecture.X64 or Architecture.X86 ? "flags" : "Features";
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0 || line[..colon].Trim() != key) continue;
                return new HashSet<string>(line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    // Without /proc/cpuinfo (Windows, macOS): CPUID, with OSXSAVE standing in for the OS's support of the wider registers
    // (XCR0 cannot be read from managed code), so this may claim AVX-512 where an OS does not save ZMM: none does that today.
    private static HashSet<string> FromCpuid()
    {
        var flags = new HashSet<string>(StringComparer.Ordinal);
        if (!X86Base.IsSupported) return flags;
        static bool Bit(int register, int bit) => (register >> bit & 1) != 0;
        var (maxLeaf, _, _, _) = X86Base.CpuId(0, 0);
        var (_, _, ecx1, edx1) = X86Base.CpuId(1, 0);
        void Add(string name, bool on) { if (on) flags.Add(name); }
        Add("sse", Bit(edx1, 25));
        Add("sse2", Bit(edx1, 26));
        Add("pni", Bit(ecx1, 0));
        Add("ssse3", Bit(ecx1, 9));
        Add("sse4_1", Bit(ecx1, 19));
        Add("sse4_2", Bit(ecx1, 20));
        bool os = Bit(ecx1, 27);
        Add("avx", os && Bit(ecx1, 28));
        Add("fma", os && Bit(ecx1, 12));
        if (maxLeaf >= 7)
        {
            var (_, ebx7, _, _) = X86Base.CpuId(7, 0);
            var (eax71, _, _, _) = X86Base.CpuId(7, 1);
            Add("avx2", os && Bit(ebx7, 5));
            Add("avx512f", os && Bit(ebx7, 16));
            Add("avx512dq", os && Bit(ebx7, 17));
            Add("avx512cd", os && Bit(ebx7, 28));
            Add("avx512bw", os && Bit(ebx7, 30));
            Add("avx512vl", os && Bit(ebx7, 31));
            Add("avx512_bf16", os && Bit(eax71, 5));
        }
        var (maxExt, _, _, _) = X86Base.CpuId(unchecked((int)0x80000000), 0);
        if ((uint)maxExt >= 0x80000001)
        {
            var (_, _, ecx81, _) = X86Base.CpuId(unchecked((int)0x80000001), 0);
            Add("sse4a", Bit(ecx81, 6));
            Add("xop", os && Bit(ecx81, 11));
            Add("fma4", os && Bit(ecx81, 16));
        }
        return flags;
    }
}
