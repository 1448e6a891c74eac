using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Kernels.ReadmeCheck;

/// <summary>
/// Runs a compiled block in a child process of this tool (which has Kernels and its dependencies), in a fresh temporary
/// folder as its working directory, under a time limit: the program's entry point, or every <c>[Fact]</c> of a library.
/// </summary>
internal static class BlockRunner
{
    public const string ChildOption = "--run-block";

    /// <summary>Runs <paramref name="dll"/> in <paramref name="folder"/>; null on success, else what went wrong.</summary>
    public static string? Run(string dll, string folder, TimeSpan limit, out string output)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (Path.GetFileName(Environment.ProcessPath!) is not ("Kernels.ReadmeCheck" or "Kernels.ReadmeCheck.exe"))
            start.ArgumentList.Add(typeof(BlockRunner).Assembly.Location); // started as 'dotnet Kernels.ReadmeCheck.dll'
        start.ArgumentList.Add(ChildOption);
        start.ArgumentList.Add(dll);
        start.Environment["TMPDIR"] = folder; // anything the block writes to a temporary file stays in its folder
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(limit))
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
            output = stdout.Result + stderr.Result;
            return $"still running after {limit.TotalSeconds:F0} s: stopped";
        }
        output = stdout.Result + stderr.Result;
        return child.ExitCode == 0 ? null : $"exit code {child.ExitCode}";
    }

    /// <summary>In the child: runs the block's entry point, or each public [Fact] method of its public classes.</summary>
    public static int RunHere(string dll)
    {
        var assembly = Assembly.LoadFrom(dll);
        if (assembly.EntryPoint is { } main)
        {
            object? result = main.Invoke(null, main.GetParameters().Length == 0 ? [] : [Array.Empty<string>()]);
            return result is int code ? code : 0;
        }
        int facts = 0;
        foreach (var type in assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract))
        {
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttributes().Any(a => a.GetType().Name == "FactAttribute")))
            {
                object? instance = method.IsStatic ? null : Activator.CreateInstance(type);
                method.Invoke(instance, []);
                (instance as IDisposable)?.Dispose();
                Console.WriteLine($"[Fact] {type.Name}.{method.Name} passed");
                facts++;
            }
        }
        if (facts == 0)
        {
            Console.Error.WriteLine("the block has neither top-level statements nor [Fact] methods: nothing to run");
            return 1;
        }
        return 0;
    }
}
