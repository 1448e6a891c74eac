using System;

namespace Kernels.Bench;

/// <summary>Entry point of the benchmark suite (filled in by the bench work).</summary>
public static class Program
{
    /// <summary>Prints the machine description.</summary>
    public static int Main(string[] args)
    {
        Console.WriteLine(Isa.Description);
        return 0;
    }
}
