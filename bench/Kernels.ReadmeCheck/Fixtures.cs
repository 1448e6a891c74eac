using System.IO;
using Kernels;
using Kernels.Mlp;

namespace Kernels.ReadmeCheck;

/// <summary>
/// Files a README says come from elsewhere (what <c>torch.onnx.export</c> or a PyTorch <c>state_dict</c> would give),
/// made here in the block's folder when the block names them: a [784, 256, 128, 10] ReLU network with a softmax.
/// </summary>
internal static class Fixtures
{
    public static void Provide(CodeBlock block, string folder)
    {
        Network<float>? net = null;
        Network<float> Net() => net ??= new Network<float>([784, 256, 128, 10], [Activation.Relu, Activation.Relu, Activation.Identity], seed: 7)
        {
            OutputTransform = OutputTransform.Softmax,
        };
        if (block.Code.Contains("\"model.onnx\"", System.StringComparison.Ordinal))
            Net().SaveOnnx(Path.Combine(folder, "model.onnx"));
        if (block.Code.Contains("\"model.safetensors\"", System.StringComparison.Ordinal))
            Net().SaveSafetensors(Path.Combine(folder, "model.safetensors"));
    }
}
