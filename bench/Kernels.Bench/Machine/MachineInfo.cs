using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Kernels.Platform;

namespace Kernels.Bench.Machine;

/// <summary>The machine a benchmark ran on, as printed at the top of every report.</summary>
/// <param name="CpuModel">The CPU model name (from /proc/cpuinfo on Linux).</param>
/// <param name="LogicalCores">Logical cores visible to the process.</param>
/// <param name="Architecture">Process architecture (X64, Arm64, …).</param>
/// <param name="OperatingSystem">OS description.</param>
/// <param name="Runtime">.NET runtime description.</param>
/// <param name="IsaFlags">Instruction-set flags the runtime reports: Avx2, Fma, Avx512F, AdvSimd and vector acceleration.</param>
/// <param name="VectorWidths">Which vector widths are hardware accelerated, and Vector&lt;float&gt;.Count.</param>
/// <param name="KernelsPath">The path the Kernels library runs by default (<see cref="Isa.Best"/>) and its tag.</param>
/// <param name="KernelsDescription"><see cref="Isa.Description"/>.</param>
/// <param name="Caches">The data caches as the library reads them (sizes, ways, source).</param>
/// <param name="OpenBlas">The OpenBLAS library loaded for comparison (<c>OpenBLAS 0.3.21 Zen: core …, why that core, …</c>), or why there is none.</param>
/// <param name="RuntimeSwitches">The DOTNET_* environment variables that change the ISA the runtime uses, as set for this process.</param>
/// <param name="Commit">The git commit of the working tree, when it can be read.</param>
/// <param name="CpuFeatures">The CPU's vector extensions as the hardware and OS report them, whatever the runtime uses
/// (<see cref="Machine.CpuFeatures.Summary"/>); null in results written before it was recorded.</param>
public sealed record MachineInfo(
    string CpuModel,
    int LogicalCores,
    string Architecture,
    string OperatingSystem,
    string Runtime,
    IReadOnlyList<string> IsaFlags,
    string VectorWidths,
    string KernelsPath,
    string KernelsDescription,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(Quick.TextOrObjectConverter))] string Caches,
    string OpenBlas,
    IReadOnlyList<string> RuntimeSwitches,
    string? Commit,
    string? CpuFeatures = null)
{
    private static readonly string[] s_switches =
    [
        "DOTNET_EnableAVX512", "DOTNET_EnableAVX512F", "DOTNET_EnableAVX2", "DOTNET_EnableAVX", "DOTNET_EnableHWIntrinsic",
        "DOTNET_PreferredVectorBitWidth", "DOTNET_MaxVectorTBitWidth", "DOTNET_TieredPGO", "DOTNET_TieredCompilation",
    ];

    /// <summary>Describes the machine this process runs on.</summary>
    /// <returns>The description.</returns>
    public static MachineInfo Detect()
    {
        var flags = new List<string>();
        void Flag(string name, bool on) => flags.Add(name + (on ? "+" : "-"));
        if (RuntimeInformation.ProcessArchitecture is System.Runtime.InteropServices.Architecture.X64 or System.Runtime.InteropServices.Architecture.X86)
        {
            Flag("Avx2", Avx2.IsSupported);
            Flag("Fma", Fma.IsSupported);
            Flag("Avx512F", Avx512F.IsSupported);
        }
        else
        {
            Flag("AdvSimd", AdvSimd.IsSupported);
            Flag("AdvSimd.Arm64", AdvSimd.Arm64.IsSupported);
        }
        string widths = $"V128 {Accel(Vector128.IsHardwareAccelerated)}, V256 {Accel(Vector256.IsHardwareAccelerated)}, " +
                        $"V512 {Accel(Vector512.IsHardwareAccelerated)}, Vector<float>.Count = {Vector<float>.Count}";
        var switches = s_switches
            .Select(name => (name, value: Environment.GetEnvironmentVariable(name)))
            .Where(p => p.value is not null)
            .Select(p => $"{p.name}={p.value}")
            .ToList();
        return new MachineInfo(
            ReadCpuModel(),
            Environment.ProcessorCount,
            RuntimeInformation.ProcessArchitecture.ToString(),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            flags,
            widths,
            $"{Isa.Best} ({Isa.Tag})",
            Isa.Description,
            CacheSizes.Current.ToString(),
            Native.OpenBlas.Description,
            switches,
            ReadCommit() is { } commit ? commit + (HasLocalChanges() ? " (plus uncommitted changes in the working tree)" : "") : null,
            Machine.CpuFeatures.Current.Summary());
    }

    /// <summary>The description as Markdown lines (a bullet list), for reports.</summary>
    /// <returns>The lines.</returns>
    public IEnumerable<string> ToMarkdownLines()
    {
        yield return $"- CPU: {CpuModel}, {LogicalCores} logical cores, {Architecture}; {Caches}";
        yield return $"- ISA: {string.Join(" ", IsaFlags)}; {VectorWidths}" + (CpuFeatures is null ? "" : $"; CPU: {CpuFeatures}");
        yield return $"- Kernels default path: {KernelsPath}";
        yield return $"- Isa.Description: {KernelsDescription}";
        yield return $"- Runtime: {Runtime} on {OperatingSystem}" +
                     (RuntimeSwitches.Count == 0 ? "" : $"; switches: {string.Join(" ", RuntimeSwitches)}");
        yield return $"- OpenBLAS: {OpenBlas}";
        yield return $"- GEMM tuning (Gemm.DescribeTuning): {string.Join("; ", Kernels.Gemm.DescribeTuning().Skip(1))}";
        if (Commit is not null)
            yield return $"- Commit: {Commit}";
    }

    private static string Accel(bool on) => on ? "yes" : "no";

    private static string ReadCpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    int colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon < 0) continue;
                    string key = line[..colon].Trim();
                    if (key is "model name" or "Model" or "Hardware" or "cpu model")
                        return line[(colon + 1)..].Trim();
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return $"unknown {RuntimeInformation.ProcessArchitecture} CPU";
    }

    // Whether tracked files differ from the commit (git status), so a report never passes local edits off as the commit.
    private static bool HasLocalChanges()
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git", "status --porcelain --untracked-files=no")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = System.Diagnostics.Process.Start(start);
            if (git is null) return false;
            string output = git.StandardOutput.ReadToEnd();
            return git.WaitForExit(5000) && git.ExitCode == 0 && output.Trim().Length > 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static string? ReadCommit()
    {
        try
        {
            for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            {
                string git = Path.Combine(dir.FullName, ".git");
                if (!Directory.Exists(git)) continue;
                string head = File.ReadAllText(Path.Combine(git, "HEAD")).Trim();
                if (!head.StartsWith("ref: ", StringComparison.Ordinal)) return head;
                string refPath = Path.Combine(git, head[5..]);
                if (File.Exists(refPath)) return File.ReadAllText(refPath).Trim();
                string packed = Path.Combine(git, "packed-refs");
                if (File.Exists(packed))
                    foreach (string line in File.ReadLines(packed))
                        if (line.EndsWith(" " + head[5..], StringComparison.Ordinal))
                            return line[..line.IndexOf(' ', StringComparison.Ordinal)];
                return null;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
