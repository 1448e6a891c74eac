using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>
/// Recognises an ARM process under qemu user-mode emulation on an x86 host: /proc/cpuinfo is the host's. ONNX Runtime's
/// CPU detection crashes the process there while its library loads (see OnnxRuntimeOracle in the tests), so the tests
/// and the bench's serving cases check this first.
/// </summary>
internal static class EmulatedHost
{
    /// <summary>The host CPU line of /proc/cpuinfo when this ARM process runs on an x86 host; null otherwise.</summary>
    public static string? Describe()
    {
        if (RuntimeInformation.ProcessArchitecture is not (Architecture.Arm64 or Architecture.Arm) || !OperatingSystem.IsLinux())
            return null;
        string text;
        try
        {
            text = File.ReadAllText("/proc/cpuinfo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (text.Contains("CPU implementer", StringComparison.Ordinal))
            return null;
        foreach (string line in text.Split('\n'))
            if (line.StartsWith("vendor_id", StringComparison.Ordinal) || line.StartsWith("model name", StringComparison.Ordinal))
                return line.Trim();
        return null;
    }
}
