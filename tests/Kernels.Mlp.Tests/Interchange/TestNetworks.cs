using System;
using System.Linq;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>Small networks for the interchange tests, and their exact double twins.</summary>
internal static class TestNetworks
{
    /// <summary>A network from "2-8-1:Tanh,Sigmoid", with non-zero biases.</summary>
    public static Network<float> Make(string shape, OutputTransform transform)
    {
        var parts = shape.Split(':');
        int[] sizes = [.. parts[0].Split('-').Select(int.Parse)];
        Activation[] acts = [.. parts[1].Split(',').Select(Enum.Parse<Activation>)];
        var net = new Network<float>(sizes, acts, seed: (ulong)sizes.Sum()) { OutputTransform = transform };
        foreach (var layer in net.Layers) TestData.FillUniform<float>(layer.Biases, (ulong)layer.OutputSize, -0.5, 0.5);
        return net;
    }

    public static double[] Flatten(ReadOnlySpan2D<float> m)
    {
        var result = new double[m.Height * m.Width];
        for (int i = 0; i < m.Height; i++)
            for (int j = 0; j < m.Width; j++) result[i * m.Width + j] = m[i, j];
        return result;
    }

    /// <summary>The same network in double: every float weight is a double exactly.</summary>
    public static Network<double> Exact(Network<float> net)
    {
        var d = new Network<double>([.. net.Sizes], [.. net.Layers.Select(l => l.Activation)]) { OutputTransform = net.OutputTransform };
        for (int h = 0; h < net.Layers.Count; h++)
        {
            for (int i = 0; i < net.Layers[h].W.Length; i++) d.Layers[h].W[i] = net.Layers[h].W[i];
            for (int i = 0; i < net.Layers[h].B.Length; i++) d.Layers[h].B[i] = net.Layers[h].B[i];
        }
        return d;
    }
}
