using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Kernels.Bench.Machine;

namespace Kernels.Bench.Native;

/// <summary>Who decided which OpenBLAS kernels (its "core") the bench runs.</summary>
public enum CoreSource
{
    /// <summary>Nobody asked: a process that is not the bench's entry point (the tests); OpenBLAS chose, as for any program.</summary>
    NotAsked,

    /// <summary>The bench left the choice to OpenBLAS, the widest correct one on this CPU.</summary>
    OpenBlasChoice,

    /// <summary>The bench set <c>OPENBLAS_CORETYPE</c> to the widest correct core, over OpenBLAS's own choice and over the
    /// environment's.</summary>
    Bench,

    /// <summary><c>OPENBLAS_CORETYPE</c> was set in the environment, and kept where the bench knows no wider core.</summary>
    Environment,

    /// <summary><c>--openblas-coretype NAME</c> (or <c>KERNELS_BENCH_OPENBLAS_CORETYPE=NAME</c>).</summary>
    Option,
}

/// <summary>The core the bench asks OpenBLAS for, and why.</summary>
/// <param name="Core">The value to give <c>OPENBLAS_CORETYPE</c> before the library loads, or null to leave it as it is.</param>
/// <param name="Source">Who decided.</param>
/// <param name="Reason">Why, in words, for the machine header.</param>
public sealed record CoreChoice(string? Core, CoreSource Source, string Reason);

/// <summary>
/// Which OpenBLAS kernels the bench compares against: the widest set that is correct on this CPU, so that the baseline is
/// what a user of the same CPU gets from a current OpenBLAS, never one handicapped by an old library's CPU detection (0.3.21
/// does not know Zen 4, and falls back to 256-bit kernels there) nor one the CPU cannot run (a SIGILL).
/// </summary>
/// <remarks>
/// <para>
/// OpenBLAS built with DYNAMIC_ARCH reads <c>OPENBLAS_CORETYPE</c> once, in its constructor, when the library is loaded;
/// so the bench puts it in the C environment (libc <c>setenv</c>: .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// does not reach it on Unix) just before loading the library (<see cref="OpenBlas"/>), in the process that loads it, and
/// only when the bench's entry point asked for it through <see cref="RequestVariable"/>: the tests, which load OpenBLAS
/// too, keep OpenBLAS's own choice and their environment untouched.
/// </para>
/// <para>
/// The policy (<see cref="Choose"/>): with <c>--openblas-coretype NAME</c>, that core, refused when the CPU lacks its
/// instructions or the name is not a core of OpenBLAS's DYNAMIC_ARCH x86-64 or ARM64 list; else <c>OPENBLAS_CORETYPE</c>
/// from the environment is overridden (the machine may pin a conservative core for its own programs; the baseline is the
/// peer at its best, and the header says what was overridden); on x86-64 with AVX-512 F, BW, DQ,
/// VL and CD, SkylakeX (Cooperlake's float and double kernels are SkylakeX's, its own are bfloat16 ones, and 0.3.21 cannot
/// select it by name); with AVX-512 present but turned off in the .NET runtime (<c>DOTNET_EnableAVX512=0</c>: the bench
/// then stands for a CPU without it), Haswell; on an AVX2+FMA CPU without AVX-512, Haswell (a Zen 3: OpenBLAS would pick
/// "Zen", the same kernels with blocking that ran small products slower); on ARM64, OpenBLAS's own choice.
/// </para>
/// </remarks>
public static partial class OpenBlasCore
{
    /// <summary>
    /// Set by the bench's entry point for the processes it starts (the quick mode's relaunch, BenchmarkDotNet's): <c>auto</c>
    /// for the policy above, or a core name (what <c>--openblas-coretype</c> gives). Unset: OpenBLAS is left alone.
    /// </summary>
    public const string RequestVariable = "KERNELS_BENCH_OPENBLAS_CORETYPE";

    /// <summary>OpenBLAS's own variable.</summary>
    public const string OpenBlasVariable = "OPENBLAS_CORETYPE";

    // Set next to OPENBLAS_CORETYPE when the bench sets it, so that a process that inherits both knows the value is the
    // bench's, not the user's.
    private const string MarkerVariable = "KERNELS_BENCH_OPENBLAS_CORETYPE_SET";

    /// <summary>The cores of OpenBLAS 0.3.21's DYNAMIC_ARCH builds (driver/others/dynamic.c, dynamic_arm64.c), each with the
    /// CPU flags (/proc/cpuinfo names) its kernels need. On x86-64 the 32-bit-era cores run as Prescott (SSE3).</summary>
    internal static readonly IReadOnlyList<(string Name, bool X86, string[] Needs)> Known =
    [
        ("Katmai", true, ["pni"]), ("Coppermine", true, ["pni"]), ("Northwood", true, ["pni"]), ("Prescott", true, ["pni"]),
        ("Banias", true, ["pni"]), ("Atom", true, ["ssse3"]), ("Core2", true, ["ssse3"]), ("Penryn", true, ["sse4_1"]),
        ("Dunnington", true, ["sse4_1"]), ("Nehalem", true, ["sse4_2"]), ("Athlon", true, ["pni"]), ("Opteron", true, ["sse2"]),
        ("Opteron_SSE3", true, ["pni"]), ("Barcelona", true, ["pni", "sse4a"]), ("Nano", true, ["ssse3"]),
        ("Sandybridge", true, ["avx"]), ("Bobcat", true, ["ssse3", "sse4a"]), ("Bulldozer", true, ["avx", "fma4", "xop"]),
        ("Piledriver", true, ["avx", "fma", "fma4"]), ("Haswell", true, ["avx", "avx2", "fma"]),
        ("Steamroller", true, ["avx", "fma", "fma4"]), ("Excavator", true, ["avx", "avx2", "fma", "fma4"]),
        ("Zen", true, ["avx", "avx2", "fma"]), ("SkylakeX", true, ["avx2", "fma", .. CpuFeatures.Avx512]),
        ("Cooperlake", true, ["avx2", "fma", .. CpuFeatures.Avx512, "avx512_bf16"]),
        ("armv8", false, []), ("cortexa53", false, []), ("cortexa55", false, []), ("cortexa57", false, []), ("cortexa72", false, []),
        ("cortexa73", false, []), ("falkor", false, []), ("thunderx", false, []), ("thunderx2t99", false, []), ("tsv110", false, []),
        ("emag8180", false, []), ("neoversen1", false, []), ("thunderx3t110", false, []), ("neoversev1", false, ["sve"]),
        ("neoversen2", false, ["sve"]),
    ];

    /// <summary>What <see cref="RequestVariable"/> asks for in this process, or null when the bench's entry point did not set it.</summary>
    public static string? Request => Environment.GetEnvironmentVariable(RequestVariable) is { Length: > 0 } r ? r : null;

    /// <summary>
    /// Applies <c>--openblas-coretype NAME</c> (removed from <paramref name="args"/>) and checks the choice before anything
    /// loads OpenBLAS: records the request in <see cref="RequestVariable"/> for this process and the ones it starts.
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <returns>The command line without the option.</returns>
    /// <exception cref="ArgumentException">The core asked for (by the option or the environment) cannot run on this CPU, or is unknown.</exception>
    public static string[] Configure(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = new List<string>(args.Length);
        string? option = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--openblas-coretype")
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new ArgumentException("--openblas-coretype needs a core name, e.g. --openblas-coretype Haswell (" + KnownNames(CpuFeatures.Current) + ").");
                option = args[++i];
            }
            else if (args[i].StartsWith("--openblas-coretype=", StringComparison.Ordinal))
                option = args[i]["--openblas-coretype=".Length..];
            else
                rest.Add(args[i]);
        }
        string request = option ?? Request ?? "auto";
        if (!string.Equals(Environment.GetEnvironmentVariable("KERNELS_BENCH_OPENBLAS"), "none", StringComparison.OrdinalIgnoreCase))
            Choose(request, UserCore(), CpuFeatures.Current); // throws when refused
        // Managed: the processes this one starts inherit it (and this also fixes .NET's copy of the environment before any
        // setenv below, so that OPENBLAS_CORETYPE set for this process's OpenBLAS is not passed on to them).
        Environment.SetEnvironmentVariable(RequestVariable, request);
        return [.. rest];
    }

    /// <summary>
    /// The bench's policy (see the type's remarks).
    /// </summary>
    /// <param name="request">Null (not the bench: leave OpenBLAS alone), <c>auto</c>, or a core name.</param>
    /// <param name="environmentCore"><c>OPENBLAS_CORETYPE</c> as the user set it, or null.</param>
    /// <param name="cpu">The CPU.</param>
    /// <returns>The choice.</returns>
    /// <exception cref="ArgumentException">The name is unknown (asked by option) or needs instructions the CPU lacks.</exception>
    public static CoreChoice Choose(string? request, string? environmentCore, CpuFeatures cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        if (request is null)
            return new CoreChoice(null, CoreSource.NotAsked, environmentCore is null
                ? "OpenBLAS's own choice (the bench's entry point did not choose)"
                : $"{OpenBlasVariable}={environmentCore} from the environment");
        if (!string.Equals(request, "auto", StringComparison.OrdinalIgnoreCase))
        {
            string name = Validate(request, cpu, $"--openblas-coretype {request}", unknownAllowed: false);
            string overridden = environmentCore is null || string.Equals(environmentCore, name, StringComparison.OrdinalIgnoreCase)
                ? "" : $", over {OpenBlasVariable}={environmentCore} from the environment";
            return new CoreChoice(name, CoreSource.Option, $"asked for with --openblas-coretype{overridden}");
        }
        CoreChoice best = Best(cpu);
        if (environmentCore is null)
            return best;
        if (best.Core is null)
        {
            Validate(environmentCore, cpu, $"{OpenBlasVariable}={environmentCore} (from the environment)", unknownAllowed: true);
            return new CoreChoice(null, CoreSource.Environment,
                $"{OpenBlasVariable}={environmentCore} from the environment, kept: the bench knows no wider core for this CPU");
        }
        return best with
        {
            Reason = $"{OpenBlasVariable}={environmentCore} from the environment overridden, as the baseline is OpenBLAS at its best here " +
                     $"(--openblas-coretype {environmentCore} keeps it): " + best.Reason,
        };
    }

    /// <summary>The widest correct core for <paramref name="cpu"/>, or OpenBLAS's own choice where it is already that.</summary>
    private static CoreChoice Best(CpuFeatures cpu)
    {
        if (cpu.Avx512OffInRuntime)
            return new CoreChoice("Haswell", CoreSource.Bench,
                "the CPU has AVX-512 but the .NET runtime was told not to use it (DOTNET_EnableAVX512=0), so the bench stands for an AVX2 CPU: " +
                "Haswell, OpenBLAS's AVX2+FMA kernels (--openblas-coretype SkylakeX for its AVX-512 ones)");
        if (cpu.HasAvx512)
            return new CoreChoice("SkylakeX", CoreSource.Bench,
                "SkylakeX, OpenBLAS's AVX-512 kernels, set by the bench: the CPU has AVX-512 F, BW, DQ, VL and CD" +
                (cpu.Flags.Contains("avx512_bf16") ? " (and BF16: Cooperlake adds only bfloat16 kernels to SkylakeX's, and 0.3.21 cannot select it by name)" : ""));
        if (cpu.HasAvx2Fma)
            // OpenBLAS picks "Zen" on AMD: the same kernels with blocking that ran small products slower here than Haswell's.
            return new CoreChoice("Haswell", CoreSource.Bench,
                "Haswell, OpenBLAS's AVX2+FMA kernels, set by the bench: the CPU has AVX2 and FMA but no AVX-512");
        return new CoreChoice(null, CoreSource.OpenBlasChoice, "OpenBLAS's own choice for this CPU");
    }

    /// <summary>Puts <paramref name="choice"/>'s core in the C environment, for OpenBLAS's constructor; nothing when it has none.</summary>
    /// <param name="choice">The choice.</param>
    internal static void Apply(CoreChoice choice)
    {
        if (choice.Core is not { } core) return;
        SetNativeEnvironment(OpenBlasVariable, core);
        SetNativeEnvironment(MarkerVariable, core);
    }

    /// <summary><c>OPENBLAS_CORETYPE</c> as the user set it: null when unset, or when it is the value the bench itself set
    /// (inherited from a parent process).</summary>
    /// <returns>The value, or null.</returns>
    public static string? UserCore()
    {
        string? value = Environment.GetEnvironmentVariable(OpenBlasVariable);
        if (string.IsNullOrEmpty(value)) return null;
        return value == Environment.GetEnvironmentVariable(MarkerVariable) ? null : value;
    }

    // Returns the canonical spelling; throws when the CPU lacks what the core needs (or the name is unknown and not allowed).
    private static string Validate(string name, CpuFeatures cpu, string what, bool unknownAllowed)
    {
        var known = Known.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
        if (known.Name is null)
        {
            if (unknownAllowed) return name;
            throw new ArgumentException($"{what}: not a core of OpenBLAS's DYNAMIC_ARCH builds that the bench knows. Cores this CPU can run: {KnownNames(cpu)}.");
        }
        if (known.X86 != cpu.IsX86)
            throw new ArgumentException($"{what}: {known.Name} is a{(known.X86 ? "n x86-64" : "n ARM64")} core and this process runs on {cpu.Architecture}. " +
                                        $"Cores this CPU can run: {KnownNames(cpu)}.");
        var missing = known.Needs.Where(f => !cpu.Flags.Contains(f)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"{what}: refused, OpenBLAS's {known.Name} kernels need {string.Join(", ", known.Needs)} and this CPU lacks " +
                                        $"{string.Join(", ", missing)} (from {cpu.Source}): it would stop on an illegal instruction (SIGILL). " +
                                        $"Cores this CPU can run: {KnownNames(cpu)}.");
        return known.Name;
    }

    // Widest (latest in OpenBLAS's list) first.
    private static string KnownNames(CpuFeatures cpu) =>
        string.Join(", ", Known.Where(k => k.X86 == cpu.IsX86 && cpu.HasAll(k.Needs)).Select(k => k.Name).Reverse());

    private static void SetNativeEnvironment(string name, string value)
    {
        if (OperatingSystem.IsWindows())
        {
            // The C runtime's copy, which getenv reads (the process environment block is a different one).
            if (NativeMethods.PutEnvWindows(name, value) != 0)
                throw new InvalidOperationException($"_putenv_s({name}) failed.");
            return;
        }
        if (NativeMethods.SetEnv(name, value, 1) != 0)
            throw new InvalidOperationException($"setenv({name}) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int SetEnv(string name, string value, int overwrite);

        [LibraryImport("ucrtbase", EntryPoint = "_putenv_s", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int PutEnvWindows(string name, string value);
    }
}
