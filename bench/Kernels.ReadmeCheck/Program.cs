using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Kernels.ReadmeCheck;

// Every C# block of README.md and of the READMEs under src/ and bench/ is compiled as written and run, each in its own
// temporary folder (its working directory and TMPDIR), in a child process with a time limit. Ends with "N passed, N failed";
// exit code 0 when every block did what ExpectedFailures.txt says.
if (args is [BlockRunner.ChildOption, string dll])
    return BlockRunner.RunHere(dll);

string root = args.Length > 0 ? Path.GetFullPath(args[0]) : FindRoot(Environment.CurrentDirectory);
var limit = TimeSpan.FromSeconds(60);
var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "ExpectedFailures.txt"))
    .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);

var readmes = new List<string> { Path.Combine(root, "README.md") };
foreach (string dir in new[] { "src", "bench" })
    readmes.AddRange(Directory.EnumerateFiles(Path.Combine(root, dir), "README.md", SearchOption.AllDirectories)
        .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                    !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal));

int passed = 0, failed = 0;
var seen = new HashSet<string>(StringComparer.Ordinal);
string work = Directory.CreateTempSubdirectory("kernels-readme-").FullName;
try
{
    foreach (var block in readmes.SelectMany(r => CodeBlock.Extract(root, r)))
    {
        seen.Add(block.Id);
        string folder = Path.Combine(work, $"block{seen.Count}");
        Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        string output = "";
        var errors = BlockCompiler.Compile(block, Path.Combine(work, $"block{seen.Count}.dll"));
        string? problem = errors.Count > 0 ? "does not compile" : null;
        if (problem is null)
        {
            Fixtures.Provide(block, folder);
            problem = BlockRunner.Run(Path.Combine(work, $"block{seen.Count}.dll"), folder, limit, out output);
        }
        bool known = expected.Contains(block.Id);
        bool ok = problem is null != known;
        if (ok) passed++; else failed++;
        string verdict = problem is null ? (known ? "FAILED: it works now; remove it from ExpectedFailures.txt" : "passed")
            : known ? $"failed as expected (ExpectedFailures.txt): {problem}" : $"FAILED: {problem}";
        Console.WriteLine($"{block.Id} ({block.File}:{block.Line}): {verdict} ({clock.Elapsed.TotalSeconds:F1} s)");
        foreach (string e in errors.Take(8)) Console.WriteLine("    " + e);
        if (problem is not null && errors.Count == 0)
            foreach (string l in output.Split('\n').Where(l => l.Length > 0).TakeLast(15)) Console.WriteLine("    " + l);
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}
foreach (string id in expected.Except(seen))
{
    Console.WriteLine($"{id}: FAILED: listed in ExpectedFailures.txt but no such block");
    failed++;
}
Console.WriteLine($"{passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

static string FindRoot(string from)
{
    for (var d = new DirectoryInfo(from); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "Kernels.sln"))) return d.FullName;
    throw new DirectoryNotFoundException($"No Kernels.sln in {from} or above: pass the repository root.");
}
