using System.Numerics;

namespace Kernels.Mlp;

public sealed partial class Network<T>
{
    /// <summary>
    /// A network built from a reader's validated arrays (weights already in T): no initialisation to overwrite.
    /// A reader validates the whole file before this runs, so a bad file never leaves a half-built network; NaN or ∞
    /// weights are refused here, before anything is built.
    /// </summary>
    private Network(ImportedNetwork<T> imported)
    {
        int layers = imported.Activations.Length;
        for (int h = 0; h < layers; h++)
        {
            WeightsFile.RequireFinite(imported.Weights[h], h, imported.Sizes[h], "weight", "");
            WeightsFile.RequireFinite(imported.Biases[h], h, 1, "bias", "");
        }
        SizesArray = imported.Sizes;
        _layers = new DenseLayer<T>[layers];
        for (int h = 0; h < layers; h++)
            _layers[h] = new DenseLayer<T>(imported.Sizes[h], imported.Sizes[h + 1], imported.Activations[h]);
        Assign(new WeightsFile.Contents<T>(imported.Sizes, imported.Activations, imported.Weights, imported.Biases, new T[]?[layers], imported.Transform));
    }
}
