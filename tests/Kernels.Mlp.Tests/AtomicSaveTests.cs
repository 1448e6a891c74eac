using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>
/// <see cref="Network{T}.Save(string)"/> replaces a file atomically: a process killed at any moment of a save leaves
/// the old model or the new one on disk, never a broken file; a failed save leaves the old file as it was; a normal
/// save leaves no temporary file behind.
/// </summary>
public sealed class AtomicSaveTests : IDisposable
{
    private const string ChildVariable = "KERNELS_TEST_SAVE_LOOP";
    private readonly string _dir = Directory.CreateTempSubdirectory("atomic-save-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Network<float> Model(ulong seed) => new([1200, 1200, 10], [Activation.Relu, Activation.Identity], seed);

    private string[] Temporaries() => Directory.GetFiles(_dir, "*" + AtomicFile.TemporarySuffix);

    [Fact]
    public void A_normal_save_replaces_the_file_and_leaves_nothing_else()
    {
        string path = Path.Combine(_dir, "model.kmlp");
        var a = new Network<float>([3, 4, 2], [Activation.Tanh, Activation.Identity], seed: 1);
        var b = new Network<float>([3, 4, 2], [Activation.Tanh, Activation.Identity], seed: 2);
        a.Save(path);
        b.Save(path);
        using var expected = new MemoryStream();
        b.Save(expected);
        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_failed_save_leaves_the_old_file_and_no_temporary_file()
    {
        string path = Path.Combine(_dir, "model.kmlp");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100_000]);
            throw new InvalidOperationException("the writer failed half-way");
        }));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Empty(Temporaries());

        Assert.Throws<ArgumentException>(() => new Network<float>([2, 1], [Activation.Relu]).Save(_dir)); // a folder
        Assert.Throws<DirectoryNotFoundException>(() => new Network<float>([2, 1], [Activation.Relu]).Save(Path.Combine(_dir, "missing", "m.kmlp")));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_save_killed_at_any_moment_leaves_the_old_model_or_the_new_one()
    {
        // The child is this test executable running SaveLoop_in_a_child_process; user-mode emulation (the arm64 CI run
        // under qemu) cannot start it as a native process.
        Assert.SkipWhen(Environment.GetEnvironmentVariable("QEMU_LD_PREFIX") is not null, "runs no child processes under qemu user-mode emulation");
        string path = Path.Combine(_dir, "model.kmlp");
        byte[] first = Bytes(Model(1)), second = Bytes(Model(2));
        File.WriteAllBytes(path, first);

        var random = new Random(17);
        int rounds = 6, leftovers = 0;
        for (int round = 0; round < rounds; round++)
        {
            string ready = path + ".ready";
            File.Delete(ready);
            using Process child = StartChild(path);
            try
            {
                var clock = Stopwatch.StartNew();
                while (!File.Exists(ready))
                {
                    if (child.HasExited)
                        Assert.Fail($"the child exited early ({child.ExitCode}): {child.StandardOutput.ReadToEnd()}{child.StandardError.ReadToEnd()}");
                    Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the child never started saving");
                    Thread.Sleep(5);
                }
                Thread.Sleep(random.Next(0, 80)); // somewhere in the middle of one of the saves
            }
            finally
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
            }

            byte[] now = File.ReadAllBytes(path);
            Assert.True(now.AsSpan().SequenceEqual(first) || now.AsSpan().SequenceEqual(second),
                $"round {round}: the file ({now.Length} bytes) is neither model");
            Assert.Equal(1200, Network<float>.Load(path).InputSize);
            string[] left = Temporaries();
            leftovers += left.Length;
            foreach (string t in left) File.Delete(t); // what a kill mid-write leaves; a normal save never does
        }
        TestContext.Current.SendDiagnosticMessage($"{leftovers} of {rounds} kills landed between creating and renaming a temporary file");
    }

    [Fact]
    public void SaveLoop_in_a_child_process()
    {
        string? path = Environment.GetEnvironmentVariable(ChildVariable);
        Assert.SkipWhen(path is null, $"the child process of the kill-during-save test (runs only with {ChildVariable} set)");
        Network<float> a = Model(1), b = Model(2);
        File.WriteAllText(path + ".ready", "");
        for (int i = 0; ; i++)
            (i % 2 == 0 ? b : a).Save(path);
    }

    private static byte[] Bytes(Network<float> n)
    {
        using var s = new MemoryStream();
        n.Save(s);
        return s.ToArray();
    }

    private static Process StartChild(string path)
    {
        // This test executable (apphost, or dotnet running the assembly), filtered to the child test.
        string host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(typeof(AtomicSaveTests).Assembly.Location);
        }
        foreach (string arg in new[] { "-method", $"{typeof(AtomicSaveTests).FullName}.{nameof(SaveLoop_in_a_child_process)}", "-noLogo", "-noColor" })
            start.ArgumentList.Add(arg);
        start.Environment[ChildVariable] = path;
        return Process.Start(start)!;
    }
}
