using System;
using System.IO;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Kernels.Mlp;

public sealed partial class Network<T>
{
    private OutputTransform _outputTransform;

    /// <summary>
    /// What <see cref="Forward"/> and <see cref="Predict"/> apply to each output row after the last layer (default
    /// <see cref="Mlp.OutputTransform.None"/>). <see cref="Classify"/> does not need it (the largest output stays the
    /// largest) and the trainer ignores it. Loading an ONNX graph that ends in <c>Softmax</c> or <c>LogSoftmax</c> sets
    /// it; <see cref="Save(Stream)"/> keeps it (weights file version 2), and so does the ONNX writer (a trailing node).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not an <see cref="Mlp.OutputTransform"/>.</exception>
    public OutputTransform OutputTransform
    {
        get => _outputTransform;
        set
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "Not an OutputTransform value.");
            _outputTransform = value;
        }
    }

    /// <summary>Applies <see cref="OutputTransform"/> in place to the first <paramref name="batch"/> output rows of the workspace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ApplyOutputTransform(Workspace<T> workspace, int batch)
    {
        if (_outputTransform == OutputTransform.None)
            return;
        int width = OutputSize;
        var outputs = new Span2D<T>(workspace.Activations[^1], 0, batch, width, 0);
        if (_outputTransform == OutputTransform.Softmax)
        {
            MatrixOps.SoftmaxRows<T>(outputs, outputs);
            return;
        }
        // Log-softmax as z − m − log Σ e^(z − m): no exponential overflows, and no probability is rounded before its log.
        Span<T> exps = workspace.OutputScratch;
        for (int i = 0; i < batch; i++)
        {
            Span<T> row = outputs.GetRowSpan(i);
            TensorPrimitives.Subtract(row, TensorPrimitives.Max<T>(row), row);
            TensorPrimitives.Exp<T>(row, exps);
            TensorPrimitives.Subtract(row, T.Log(TensorPrimitives.Sum<T>(exps)), row);
        }
    }
}
