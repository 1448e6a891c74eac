using System;
using System.Collections.Generic;

namespace Kernels.Mlp.Safetensors;

/// <summary>Orders names with their digit runs compared as numbers: <c>0 &lt; 2 &lt; 10</c>, <c>fc2 &lt; fc10</c>.</summary>
internal sealed class NaturalComparer : IComparer<string>
{
    public static readonly NaturalComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null) return x is null ? (y is null ? 0 : -1) : 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int si = i, sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                ReadOnlySpan<char> a = x.AsSpan(si, i - si).TrimStart('0'), b = y.AsSpan(sj, j - sj).TrimStart('0');
                if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
                int c = a.SequenceCompareTo(b);
                if (c != 0) return c;
            }
            else
            {
                if (x[i] != y[j]) return x[i].CompareTo(y[j]);
                i++; j++;
            }
        }
        int rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }
}
