using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kernels.ReadmeCheck;

/// <summary>
/// Compiles a block as written: a program of top-level statements, or, for a block that declares only types (an xunit
/// test class to paste into a test project), a library. References: the .NET shared framework, Kernels, Kernels.Mlp,
/// Kernels.Testing and their dependencies, and xunit's assertions; no implicit usings.
/// </summary>
internal static class BlockCompiler
{
    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray());

    /// <summary>Compiles <paramref name="block"/> into <paramref name="dll"/>; returns the errors (empty on success).</summary>
    public static IReadOnlyList<string> Compile(CodeBlock block, string dll)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(block.Code, options, path: block.File);
        bool program = tree.GetCompilationUnitRoot().Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(dll), [tree], s_references.Value,
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: false, optimizationLevel: OptimizationLevel.Release));
        var result = compilation.Emit(dll);
        return result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"line {block.Line + d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();
    }
}
