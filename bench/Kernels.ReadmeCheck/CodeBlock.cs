using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Kernels.ReadmeCheck;

/// <summary>A fenced C# block of a Markdown file.</summary>
/// <param name="File">The file, relative to the repository root.</param>
/// <param name="Line">The line of the opening fence (1-based).</param>
/// <param name="Section">The heading the block sits under.</param>
/// <param name="Ordinal">The block's number under that heading (1-based).</param>
/// <param name="Code">The code.</param>
internal sealed record CodeBlock(string File, int Line, string Section, int Ordinal, string Code)
{
    /// <summary>A name that survives edits elsewhere in the file: <c>README.md#Using it/1</c>.</summary>
    public string Id => $"{File}#{Section}/{Ordinal}";

    /// <summary>The C# blocks (<c>```csharp</c>, <c>```cs</c>, <c>```c#</c>) of <paramref name="path"/>.</summary>
    public static List<CodeBlock> Extract(string root, string path)
    {
        var blocks = new List<CodeBlock>();
        var perSection = new Dictionary<string, int>();
        string section = "(top)", relative = Path.GetRelativePath(root, path);
        string[] lines = System.IO.File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith('#')) { section = line.TrimStart('#').Trim(); continue; }
            if (!line.StartsWith("```", StringComparison.Ordinal)) continue;
            string language = line[3..].Trim();
            var code = new StringBuilder();
            int start = i;
            for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
                code.AppendLine(lines[i]);
            if (language is not ("csharp" or "cs" or "c#")) continue;
            int ordinal = perSection[section] = perSection.GetValueOrDefault(section) + 1;
            blocks.Add(new CodeBlock(relative, start + 1, section, ordinal, code.ToString()));
        }
        return blocks;
    }
}
