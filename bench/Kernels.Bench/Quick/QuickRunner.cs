using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Kernels.Bench.Machine;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Quick;

/// <summary>
/// The quick mode: every kernel against its naive loop and the alternatives, timed by the interleaving
/// <see cref="Sampler"/> (not BenchmarkDotNet's pipeline) in about two minutes, checked against the naive result,
/// printed as one table and written as JSON, Markdown and a chart.
/// </summary>
internal static class QuickRunner
{
    private sealed record Settings(double BudgetNs, double SampleNs, int MinRounds, int MaxRounds, int WarmCalls, long ForcedCheckMaxBytes, double MaxCallNs,
        int LatencyCalls, double LatencyBudgetNs);

    private static readonly Settings s_quick = new(1.5e9, 1e6, 7, 61, 2, 16L << 20, 0.4e9, 20_000, 0.6e9);
    private static readonly Settings s_smoke = new(3e7, 1e5, 3, 5, 1, 16L << 20, 0.4e9, 200, 2e7);

    /// <summary>Runs the quick mode.</summary>
    /// <param name="args">The command line (with <c>--quick</c>).</param>
    /// <returns>0 when every check passed, 1 otherwise.</returns>
    public static int Run(string[] args)
    {
        var started = DateTimeOffset.Now;
        var options = QuickOptions.Parse(args, started);
        string? hook = InjectedSlowdown.Describe();
        var settings = options.Smoke ? s_smoke : s_quick;
        var clock = Stopwatch.StartNew();

        var machine = MachineInfo.Detect();
        Console.WriteLine($"Kernels quick bench ({(options.Smoke ? "smoke" : "quick")}), {started:yyyy-MM-dd HH:mm}");
        foreach (string line in machine.ToMarkdownLines()) Console.WriteLine(line);
        Progress(clock, "measuring peaks");
        var peaks = Peaks.Measure(options.Smoke, QuickCatalogue.Levels(options.Smoke));
        foreach (string line in peaks.ToMarkdownLines()) Console.WriteLine(line);

        var factories = QuickCatalogue.Cases(options.Smoke).ToList();
        if (options.Filters.Count > 0)
            factories = factories.Where(make =>
            {
                using var w = make();
                return options.Filters.Any(f => w.Profile.Id.Contains(f, StringComparison.OrdinalIgnoreCase));
            }).ToList();

        var run = new BenchRun
        {
            Started = started, Mode = options.Smoke ? "smoke" : "quick", Machine = machine, Peaks = peaks, Baseline = BaselineInfo.Current(),
        };
        if (!Native.OpenBlas.IsAvailable) run.Notes.Add("OpenBLAS " + Native.OpenBlas.Description);
        else if (Native.OpenBlas.CoreNote is { } coreNote) run.Notes.Add(coreNote);
        if (hook is not null) run.Notes.Add(hook);
        if (Kernels.Mlp.Tests.Interchange.EmulatedHost.Describe() is { } host)
            run.Notes.Add($"serving cases left out: ONNX Runtime crashes while loading under user-mode emulation (/proc/cpuinfo: {host})");

        var load = BackgroundLoad.Start();
        Progress(clock, "warming up");
        WarmUp(factories);
        for (int i = 0; i < factories.Count; i++)
        {
            using var w = factories[i]();
            Progress(clock, $"case {i + 1} of {factories.Count}: {w.Profile.Id}");
            run.Cases.Add(Measure(w, settings));
            GC.Collect();
        }
        Progress(clock, $"{factories.Count} cases measured");
        run.ElapsedSeconds = clock.Elapsed.TotalSeconds;
        if (load?.OtherCores() is { } others and not double.NaN)
        {
            run.OtherProcessesCores = others;
            if (others > 0.2)
                run.Notes.Add($"other processes kept {others:F2} cores busy on average during the run: timings may be disturbed; rerun on a quiet machine");
        }
        foreach (var c in run.Cases)
            foreach (var v in c.Variants.Where(v => v.Kind == VariantKind.Kernels && v.AllocatedBytesPerCall > 0))
                run.Notes.Add($"{c.Id} {v.Name} allocated {v.AllocatedBytesPerCall:F0} bytes per call");
        foreach (var c in run.Cases.Where(c => c.Latency is { AllocatedBytesPerCall: > 0 }))
            run.Notes.Add($"{c.Id} kernels allocated {c.Latency!.AllocatedBytesPerCall:F0} bytes per call in the latency run");
        foreach (var c in run.Cases.Where(c => c.Latency?.MachineSpin is not null))
            run.Notes.Add($"{c.Id} single calls: p50 {Format.Time(c.Latency!.P50Ns)}, p99 {Format.Time(c.Latency.P99Ns)}; a spin loop with the same median, " +
                          $"timed alternately, has p99 {Format.Time(c.Latency.MachineSpin!.P99Ns)} on this machine");

        Console.WriteLine();
        Console.WriteLine(QuickTable.Render(run, markdown: false));
        var written = ResultsWriter.Write(run, options.OutputDirectory, options.Chart);
        foreach (string file in written) Console.WriteLine($"wrote {file}");
        foreach (string note in run.Notes) Console.WriteLine("note: " + note);
        Console.WriteLine($"{run.Cases.Count} cases in {run.ElapsedSeconds:F0} s; other processes used {run.OtherProcessesCores:F2} cores meanwhile");

        var failed = run.Cases.Where(c => !c.AllChecksPassed).ToList();
        foreach (var c in failed)
            foreach (var check in c.Checks.Where(k => !k.Passed))
                Console.WriteLine($"CHECK FAILED {c.Id} [{check.Path}]: {check.Detail}");
        return failed.Count == 0 ? 0 : 1;
    }

    /// <summary>The variants a case is timed with: naive, Kernels on the default path and on every other supported path, then the alternatives.</summary>
    internal static List<Variant> VariantsOf(IWorkload w)
    {
        var list = new List<Variant>
        {
            new("naive", VariantKind.Naive, null, w.Naive),
            new("kernels", VariantKind.Kernels, null, w.Kernels),
        };
        foreach (IsaPath p in ForcedPaths(w))
            list.Add(new($"kernels/{p}", VariantKind.Kernels, p, w.Kernels));
        list.AddRange(w.Alternatives());
        return list.ConvertAll(v => InjectedSlowdown.Apply(w.Profile.Id, v));
    }

    // The lower paths worth timing: every supported one except the default, the portable Vector<T> fallback only for the
    // workloads that ask for it (GEMM, whose Vector<T> micro-kernel is a path of its own), and Vector256 below Vector512
    // only for kernels with a 512-bit body (the others run the same code on both). A workload that times no forced paths
    // (the GEMM coverage cases) still times Vector256 below a 512-bit body: the AVX-512 machine's comparison at equal width.
    private static IEnumerable<IsaPath> ForcedPaths(IWorkload w) =>
        Isa.SupportedPaths.Where(p => p != Isa.Best && (p != IsaPath.VectorT || w.TimesPortablePath) &&
                                      (p != IsaPath.Vector256 || Isa.Best != IsaPath.Vector512 || w.HasVector512Body) &&
                                      (w.TimesForcedPaths || p == IsaPath.Vector256 && Isa.Best == IsaPath.Vector512));

    private static CaseResult Measure(IWorkload w, Settings s)
    {
        w.Allocate();
        var profile = w.Profile;
        var result = new CaseResult { Id = profile.Id, Profile = profile };

        var check = w.Check(null);
        result.Checks.Add(new CheckResult("default", check.Passed, check.ToString()));
        // The baseline's results are held to the same bound: a wrong OpenBLAS core (or a misbehaving library) fails the run
        // rather than passing for fast.
        foreach (var alternative in w.Alternatives().Where(v => v.Kind == VariantKind.OpenBlas))
        {
            var c = w.CheckAlternative(alternative);
            result.Checks.Add(new CheckResult(alternative.Name, c.Passed, c.ToString()));
        }
        if (profile.Bytes <= s.ForcedCheckMaxBytes)
        {
            foreach (IsaPath p in ForcedPaths(w))
            {
                var c = w.Check(p);
                result.Checks.Add(new CheckResult(p.ToString(), c.Passed, c.ToString()));
            }
        }

        var variants = VariantsOf(w);
        var timed = new List<(Variant Variant, Action Run, int Calls, Func<IDisposable?> Scope)>();
        double perRound = 0;
        foreach (var v in variants)
        {
            Func<IDisposable?> scope = v.Path is { } p ? () => Isa.Force(p) : () => null;
            bool slowAllowed = v.Kind is VariantKind.Naive or VariantKind.OtherLoop && w.TimesSlowNaive;
            if (v.Kind == VariantKind.Naive && w.NaiveCallNs > s.MaxCallNs && !slowAllowed)
            {
                result.Variants.Add(new VariantResult { Name = v.Name, Kind = v.Kind, MedianNs = double.NaN,
                    Note = $"not timed: one call takes about {Format.Time(w.NaiveCallNs)} (measured by the check), over the {Format.Time(s.MaxCallNs)} limit of this mode" });
                continue;
            }
            double one;
            using (scope())
            {
                one = Sampler.TimeOneCall(v.Run, 0);
                if (one <= s.MaxCallNs) one = Sampler.TimeOneCall(v.Run, s.WarmCalls);
            }
            if (one > s.MaxCallNs && v.Name != "kernels" && !slowAllowed)
            {
                result.Variants.Add(new VariantResult { Name = v.Name, Kind = v.Kind, MedianNs = double.NaN,
                    Note = $"not timed: one call takes {Format.Time(one)}, over the {Format.Time(s.MaxCallNs)} limit of this mode" });
                continue;
            }
            int calls = (int)Math.Clamp(Math.Ceiling(s.SampleNs / one), 1, 1_000_000);
            perRound += calls * one;
            timed.Add((v, v.Run, calls, scope));
        }
        int rounds = Sampler.WholeCycles((int)Math.Clamp(s.BudgetNs / perRound, s.MinRounds, s.MaxRounds), timed.Count, s.MinRounds);
        var (samples, allocated) = Sampler.Interleave(timed.Select(t => (t.Run, t.Calls, t.Scope)).ToList(), rounds);
        for (int i = 0; i < timed.Count; i++)
        {
            KernelPlan? plan = null;
            if (timed[i].Variant.Kind == VariantKind.Kernels)
                using (timed[i].Scope())
                    plan = w.Plan();
            result.Variants.Add(new VariantResult
            {
                Name = timed[i].Variant.Name,
                Kind = timed[i].Variant.Kind,
                Plan = plan,
                CallsPerSample = timed[i].Calls,
                SamplesNs = samples[i],
                MedianNs = Sampler.Median(samples[i]),
                AllocatedBytesPerCall = allocated[i],
            });
        }
        if (w.ReportsLatency)
        {
            result.Latency = MeasureLatency(w.Kernels, s);
            foreach (var v in variants.Where(v => v.Kind == VariantKind.OnnxRuntime))
                result.OtherLatencies[v.Name] = MeasureLatency(v.Run, s);
        }
        return result;
    }

    // Single calls, each timed on its own, back to back (after the interleaved samples above have warmed everything):
    // the distribution a caller sees per request, not a mean over a batch of calls. Alternated call by call with a spin
    // loop calibrated to the same median, whose tail is the machine's own (timer interrupts, the hypervisor): measured
    // here, a 10 µs spin has a p99 near 50 µs, from a stall about every millisecond, so a kernel's p99 is read against it.
    private static LatencyResult MeasureLatency(Action run, Settings s)
    {
        var calibration = new List<double>(200);
        for (int i = 0; i < 200; i++) calibration.Add(Sampler.TimeOneCall(run, 0));
        int spin = Sampler.CalibrateSpin(Sampler.Median(calibration));

        var latencies = new List<double>(s.LatencyCalls);
        var spins = new List<double>(s.LatencyCalls);
        long start = Stopwatch.GetTimestamp();
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (latencies.Count < s.LatencyCalls && (latencies.Count < 100 || Stopwatch.GetElapsedTime(start).TotalNanoseconds < s.LatencyBudgetNs))
        {
            long t0 = Stopwatch.GetTimestamp();
            run();
            latencies.Add(Stopwatch.GetElapsedTime(t0).TotalNanoseconds);
            long t1 = Stopwatch.GetTimestamp();
            Sampler.Spin(spin);
            spins.Add(Stopwatch.GetElapsedTime(t1).TotalNanoseconds);
        }
        double allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)latencies.Count;
        return LatencyResult.From(latencies, allocated, LatencyResult.From(spins, 0, null));
    }

    // Tiered compilation promotes a method to optimized code after 30 calls and a 100 ms quiet period; run every
    // variant of the first (smallest) case of each kernel past that point, twice, so no timed sample runs tier-0 code.
    private static void WarmUp(List<Func<IWorkload>> factories)
    {
        var firsts = new List<IWorkload>();
        var seen = new HashSet<string>();
        try
        {
            foreach (var make in factories)
            {
                var w = make();
                if (!seen.Add(w.Profile.Kernel + "/" + w.Profile.Type) || w.Profile.Bytes > 1 << 20) { w.Dispose(); continue; }
                w.Allocate();
                firsts.Add(w);
            }
            for (int pass = 0; pass < 2; pass++)
            {
                foreach (var w in firsts)
                    foreach (var v in VariantsOf(w))
                    {
                        using IDisposable? scope = v.Path is { } p ? Isa.Force(p) : null;
                        for (int i = 0; i < 40; i++) v.Run();
                    }
                Thread.Sleep(250);
            }
        }
        finally
        {
            foreach (var w in firsts) w.Dispose();
        }
    }

    // Plain lines on stderr: a run takes minutes, and stdout (the table) stays clean when redirected.
    private static void Progress(Stopwatch clock, string text) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,4:F0} s] {text}"));
}
