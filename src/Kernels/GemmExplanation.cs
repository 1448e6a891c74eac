using System.Globalization;
using System.Text;

namespace Kernels;

/// <summary>
/// How a GEMM of a given shape runs on this machine (<see cref="Gemm.Explain{T}(Transpose, Transpose, int, int, int, int)"/>):
/// the route, the micro-kernel, the blocking, what is packed and how the work is split. For diagnostics: a service owner
/// can see what a shape runs, and tests can assert it.
/// </summary>
public sealed class GemmExplanation
{
    internal GemmExplanation(IsaPath path, GemmRoute route, string kernel, int mr, int nr, bool transposed, int mc, int kc, int nc,
        bool packA, bool packB, int edgeColumns, int threads, bool splitColumns, int splitUnit, string caches)
    {
        (Path, Route, Kernel, MR, NR, Transposed, MC, KC, NC) = (path, route, kernel, mr, nr, transposed, mc, kc, nc);
        (PackA, PackB, EdgeColumns, Threads, SplitColumns, SplitUnit, Caches) = (packA, packB, edgeColumns, threads, splitColumns, splitUnit, caches);
    }

    /// <summary>The ISA path the plan was made for (<see cref="Isa.Current"/> when it was asked).</summary>
    public IsaPath Path { get; }

    /// <summary>The route.</summary>
    public GemmRoute Route { get; }

    /// <summary>The micro-kernel, e.g. <c>Vector256Tile6x2</c> (empty for the routes that need none).</summary>
    public string Kernel { get; }

    /// <summary>Rows of the register tile (0 for the routes without one).</summary>
    public int MR { get; }

    /// <summary>Columns of the register tile (0 for the routes without one).</summary>
    public int NR { get; }

    /// <summary>Whether Cᵀ = op(B)ᵀ·op(A)ᵀ is computed instead: fewer tile lanes wasted on a narrow C.</summary>
    public bool Transposed { get; }

    /// <summary>Rows of A per cache block (blocked route; else 0).</summary>
    public int MC { get; }

    /// <summary>Depth of a cache block (blocked and unpacked routes; else 0).</summary>
    public int KC { get; }

    /// <summary>Columns of B per panel (blocked route; else 0).</summary>
    public int NC { get; }

    /// <summary>Whether blocks of op(A) are packed (blocked route).</summary>
    public bool PackA { get; }

    /// <summary>Whether panels of op(B) are packed (blocked route); otherwise its slivers are read in place.</summary>
    public bool PackB { get; }

    /// <summary>The last columns of C (as computed) that run as matrix–vector products.</summary>
    public int EdgeColumns { get; }

    /// <summary>How many threads take part (1: the calling thread alone).</summary>
    public int Threads { get; }

    /// <summary>With several threads: whether they take ranges of columns (else of rows).</summary>
    public bool SplitColumns { get; }

    /// <summary>With several threads: the ranges are whole multiples of this many columns (rows).</summary>
    public int SplitUnit { get; }

    /// <summary>The caches the blocking was derived from.</summary>
    public string Caches { get; }

    /// <summary>One line, e.g. <c>Blocked on Vector256: Vector256Tile6x2 6×16, MC 144 KC 256 NC 4080, pack A, B in place, 1 thread</c>.</summary>
    public override string ToString()
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"{Route} on {Path}");
        if (Kernel.Length > 0)
            s.Append(CultureInfo.InvariantCulture, $": {Kernel} {MR}×{NR}");
        if (Transposed)
            s.Append(", as Cᵀ");
        if (Route == GemmRoute.Blocked)
            s.Append(CultureInfo.InvariantCulture, $", MC {MC} KC {KC} NC {NC}, {(PackA ? "pack A" : "A in place")}, {(PackB ? "pack B" : "B in place")}");
        if (EdgeColumns > 0)
            s.Append(CultureInfo.InvariantCulture, $", last {EdgeColumns} column{(EdgeColumns > 1 ? "s" : "")} as matrix–vector products");
        if (Route is GemmRoute.Blocked or GemmRoute.DotProducts)
            s.Append(Threads > 1
                ? string.Create(CultureInfo.InvariantCulture, $", {Threads} threads taking ranges of {SplitUnit} {(SplitColumns ? "columns" : "rows")}")
                : ", 1 thread");
        return s.ToString();
    }
}
