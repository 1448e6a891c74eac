using System;
using System.IO;
using System.Linq;
using Kernels.Bench.Scenarios;
using Xunit;

namespace Kernels.Bench.Tests;

public sealed class FashionMnistScenarioTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kernels-fashion-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int Exit, string[] Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = FashionMnistScenario.Run(["--fashion-mnist", .. args], output, error, Path.Combine(_folder, "no-default-data-set"), (1000, 500));
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), error.ToString());
    }

    [Fact]
    public void A_data_folder_that_does_not_exist_is_an_error()
    {
        string bad = Path.Combine(_folder, "typo");
        var (exit, output, error) = Run("--data", bad, "--epochs", "1");

        Assert.Equal(1, exit);
        Assert.Contains($"--data {bad}: Fashion-MNIST not found: {bad} does not exist", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void A_data_folder_with_unreadable_files_is_an_error()
    {
        foreach (string name in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
            File.WriteAllBytes(Path.Combine(_folder, name), [1, 2, 3]);
        var (exit, output, error) = Run("--data", _folder, "--epochs", "1");

        Assert.Equal(1, exit);
        Assert.Contains("cannot be read", error, StringComparison.Ordinal);
        Assert.DoesNotContain(output, l => l.StartsWith("test accuracy", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_data_the_synthetic_fallback_says_so_on_every_line()
    {
        var (exit, output, error) = Run("--epochs", "1");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.All(output, l => Assert.StartsWith(FashionMnistScenario.SyntheticPrefix, l, StringComparison.Ordinal));
        Assert.Contains("Fashion-MNIST not found", output[0], StringComparison.Ordinal);
        Assert.Matches(@"test accuracy: \d+\.\d\d%$", output[^1]);
        Assert.DoesNotContain(output, l => l.StartsWith("test accuracy", StringComparison.Ordinal)); // what CI reads as a real result
    }

    [Theory]
    [InlineData("--optimizer", "rmsprop")]
    [InlineData("--lr", "fast")]
    [InlineData("--epochs", "0")]
    public void A_bad_value_is_blamed_by_name(string option, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => Run(option, value));
        Assert.StartsWith($"{option}: '{value}' is not", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => Run("--optimiser", "adam"));
        Assert.Contains("'--optimiser'", e.Message, StringComparison.Ordinal);
    }
}
