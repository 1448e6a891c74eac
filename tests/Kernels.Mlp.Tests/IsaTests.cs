using System;
using Xunit;

namespace Kernels.Mlp.Tests;

public class IsaTests
{
    // .ci/run sets EXPECTED_ISA_PATH per configuration; this suite must run on the path the configuration names.
    [Fact]
    public void Best_path_is_the_one_this_configuration_expects()
    {
        string? expected = Environment.GetEnvironmentVariable("EXPECTED_ISA_PATH");
        TestContext.Current.SendDiagnosticMessage($"[isa] {Isa.Tag}: {Isa.Description}");
        Assert.SkipWhen(string.IsNullOrEmpty(expected), "EXPECTED_ISA_PATH is not set (only .ci/run sets it)");
        Assert.Equal(expected, Isa.Tag);
    }
}
