using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Threading;
using Kernels.Platform;

namespace Kernels;

/// <summary>
/// Which instruction-set path the kernels run on this machine, and a way to force a lower one.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Best"/> is fixed at start-up from what the CPU and the runtime report (runtime switches such as
/// <c>DOTNET_EnableAVX2=0</c> or <c>DOTNET_PreferredVectorBitWidth=128</c> are honoured). <see cref="Current"/> is what a
/// kernel called on this thread runs: <see cref="Best"/> unless a <see cref="Force(IsaPath)"/> scope is open on this thread.
/// </para>
/// <para>
/// Selection costs one read of a static field per call while no scope is open anywhere in the process; only when some
/// thread has a scope open does a call also read a thread-static field. A forced path applies to the calling thread only:
/// work a kernel hands to its own worker threads runs on the path the calling thread had.
/// </para>
/// </remarks>
public static class Isa
{
    private static readonly IsaPath s_best = DetectBest();

    // Number of Force scopes open in the whole process: while zero, Current does not touch thread-local storage.
    private static int s_openScopes;

    // Built on first use: start-up of the first kernel call should not pay for formatting it.
    private static string? s_description;

    [ThreadStatic] private static int t_forcedPlusOne; // 0 = nothing forced on this thread, else (int)path + 1
    [ThreadStatic] private static int t_depth;         // nesting depth of Force scopes on this thread

    /// <summary>The widest path this machine supports, and the one every kernel runs by default.</summary>
    public static IsaPath Best => s_best;

    /// <summary>The path a kernel called now, on this thread, runs.</summary>
    public static IsaPath Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref s_openScopes) == 0 ? s_best : CurrentSlow();
    }

    /// <summary>Whether the fused multiply-add instructions are used by the vector paths on this machine (FMA3 on x64, AdvSimd on ARM64).</summary>
    public static bool HasFusedMultiplyAdd => Fma.IsSupported || AdvSimd.IsSupported;

    /// <summary>Whether this machine can run <paramref name="path"/>.</summary>
    /// <param name="path">The path to ask about.</param>
    /// <returns><see langword="true"/> when kernels can be forced onto <paramref name="path"/>.</returns>
    public static bool IsSupported(IsaPath path) => path switch
    {
        IsaPath.Scalar => true,
        IsaPath.VectorT => Vector.IsHardwareAccelerated,
        IsaPath.Vector128 => Vector128.IsHardwareAccelerated,
        IsaPath.Vector256 => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported,
        IsaPath.Vector512 => Vector512.IsHardwareAccelerated && IsSupported(IsaPath.Vector256),
        _ => false,
    };

    /// <summary>Every path this machine supports, narrowest first.</summary>
    public static IReadOnlyList<IsaPath> SupportedPaths { get; } = ListSupported();

    /// <summary>
    /// A short stable tag naming the default path and the features it uses, for logs and CI assertions:
    /// <c>avx512-v512</c>, <c>avx2-fma-v256</c>, <c>fma-v128</c>, <c>sse-v128</c>, <c>advsimd-v128</c>, <c>vector-t</c> or <c>scalar</c>.
    /// </summary>
    public static string Tag { get; } = MakeTag(s_best);

    /// <summary>
    /// A one-line description of the machine as the kernels see it: architecture, ISA flags, vector widths, runtime,
    /// and, when the CPU has instruction sets the code cannot use (<see cref="UnusedInstructionSets"/>), which and why.
    /// </summary>
    public static string Description => s_description ??= MakeDescription();

    /// <summary>Whether this process runs ahead-of-time compiled code (Native AOT), whose instruction set was fixed at publish time.</summary>
    public static bool IsAheadOfTimeCompiled => CompiledBaseline.IsAheadOfTime;

    /// <summary>
    /// The x64 instruction-set levels the CPU reports that the running code cannot use, narrowest first, e.g.
    /// <c>AVX2+FMA (x86-64-v3)</c>: in a Native AOT app published without <c>-p:IlcInstructionSet</c>, or under the
    /// JIT with a switch such as <c>DOTNET_EnableAVX512=0</c>. Empty on ARM64 and when the code uses all the CPU has.
    /// </summary>
    public static IReadOnlyList<string> UnusedInstructionSets { get; } = CompiledBaseline.Unused();

    /// <summary>
    /// Forces <paramref name="path"/> on the calling thread until the returned scope is disposed.
    /// Scopes nest; dispose them in reverse order of creation (a <c>using</c> statement does).
    /// </summary>
    /// <param name="path">The path to run; it may be any path <see cref="IsSupported(IsaPath)"/> accepts, including <see cref="Best"/>.</param>
    /// <returns>A scope whose disposal restores the previous path.</returns>
    /// <exception cref="NotSupportedException"><paramref name="path"/> is not supported on this machine.</exception>
    /// <example>
    /// <code>
    /// using (Isa.Force(IsaPath.Scalar))
    ///     ElementWise.Multiply(x, y, expected);
    /// ElementWise.Multiply(x, y, actual);   // back on Isa.Best
    /// </code>
    /// </example>
    public static IsaScope Force(IsaPath path)
    {
        if (!Enum.IsDefined(path))
            throw new ArgumentOutOfRangeException(nameof(path), path, "Not an IsaPath value.");
        if (!IsSupported(path))
            throw new NotSupportedException($"The {path} path is not supported on this machine ({Tag}); supported: {string.Join(", ", SupportedPaths)}.");

        var scope = new IsaScope(t_forcedPlusOne, ++t_depth);
        t_forcedPlusOne = (int)path + 1;
        Interlocked.Increment(ref s_openScopes);
        return scope;
    }

    internal static void EndScope(int previousForcedPlusOne, int depth)
    {
        if (depth == 0 || t_depth < depth)
            return; // default(IsaScope), or already disposed: nothing to undo
        if (t_depth != depth)
            throw new InvalidOperationException(
                $"Isa scopes must be disposed innermost first, on the thread that opened them (scope depth {depth}, current depth {t_depth}).");
        t_depth = depth - 1;
        t_forcedPlusOne = previousForcedPlusOne;
        Interlocked.Decrement(ref s_openScopes);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IsaPath CurrentSlow()
    {
        int forced = t_forcedPlusOne;
        return forced == 0 ? s_best : (IsaPath)(forced - 1);
    }

    private static IsaPath DetectBest()
    {
        // A width only when the runtime accelerates it (not disabled by DOTNET_PreferredVectorBitWidth or
        // DOTNET_EnableAVX512=0) and, from 256 bits, AVX2 and FMA are there.
        if (IsSupported(IsaPath.Vector512)) return IsaPath.Vector512;
        if (IsSupported(IsaPath.Vector256)) return IsaPath.Vector256;
        if (IsSupported(IsaPath.Vector128)) return IsaPath.Vector128;
        if (IsSupported(IsaPath.VectorT)) return IsaPath.VectorT;
        return IsaPath.Scalar;
    }

    private static IReadOnlyList<IsaPath> ListSupported()
    {
        var list = new List<IsaPath>(5);
        foreach (IsaPath p in Enum.GetValues<IsaPath>())
            if (IsSupported(p)) list.Add(p);
        return list.AsReadOnly();
    }

    private static string MakeTag(IsaPath best) => best switch
    {
        IsaPath.Vector512 => "avx512-v512",
        IsaPath.Vector256 => "avx2-fma-v256",
        IsaPath.Vector128 when AdvSimd.IsSupported => "advsimd-v128",
        IsaPath.Vector128 when Fma.IsSupported => "fma-v128",
        IsaPath.Vector128 => "sse-v128",
        IsaPath.VectorT => "vector-t",
        _ => "scalar",
    };

    private static string MakeDescription()
    {
        var flags = new List<string>();
        if (Sse2.IsSupported) flags.Add("Sse2");
        if (Sse41.IsSupported) flags.Add("Sse41");
        if (Avx.IsSupported) flags.Add("Avx");
        if (Avx2.IsSupported) flags.Add("Avx2");
        if (Fma.IsSupported) flags.Add("Fma");
        if (Avx512F.IsSupported) flags.Add(Vector512.IsHardwareAccelerated ? "Avx512F" : "Avx512F(not accelerated by the runtime)");
        if (AdvSimd.IsSupported) flags.Add("AdvSimd");
        if (AdvSimd.Arm64.IsSupported) flags.Add("AdvSimd.Arm64");
        string widths = $"Vector128 {(Vector128.IsHardwareAccelerated ? "accelerated" : "not accelerated")}, " +
                        $"Vector256 {(Vector256.IsHardwareAccelerated ? "accelerated" : "not accelerated")}, " +
                        $"Vector512 {(Vector512.IsHardwareAccelerated ? "accelerated" : "not accelerated")}, " +
                        $"Vector<float>.Count={Vector<float>.Count}";
        return $"{RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical cores; " +
               $"ISA: {(flags.Count == 0 ? "none" : string.Join(" ", flags))}; {widths}; " +
               $"kernels: {s_best} ({MakeTag(s_best)}); " +
               RuntimeInformation.FrameworkDescription + Unused();

        // Not UnusedInstructionSets: statics initialise in declaration order, and that one comes later.
        static string Unused()
        {
            var unused = CompiledBaseline.Unused();
            return unused.Count == 0 ? "" : CompiledBaseline.IsAheadOfTime
                ? $"; compiled ahead of time below this CPU, which also has {string.Join(" and ", unused)}: " +
                  "publish with -p:IlcInstructionSet=x86-64-v3 (AVX2+FMA) or x86-64-v4 (AVX-512)"
                : $"; this CPU also has {string.Join(" and ", unused)}, turned off for this process (DOTNET_Enable… settings)";
        }
    }
}
