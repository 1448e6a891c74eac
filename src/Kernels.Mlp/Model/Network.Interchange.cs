using System.Numerics;

namespace Kernels.Mlp;

public sealed partial class Network<T>
{
    /// <summary>
    /// A network built from a reader's validated arrays: no initialisation to overwrite, each weight rounded to T once.
    /// A reader validates the whole file before this runs, so a bad file never leaves a half-built network.
    /// </summary>
    private Network(ImportedNetwork imported)
    {
        int layers = imported.Activations.Length;
        SizesArray = imported.Sizes;
        _layers = new DenseLayer<T>[layers];
        var contents = new WeightsFile.Contents<T>(imported.Sizes, imported.Activations, new T[layers][], new T[layers][], new T[]?[layers], imported.Transform);
        for (int h = 0; h < layers; h++)
        {
            _layers[h] = new DenseLayer<T>(imported.Sizes[h], imported.Sizes[h + 1], imported.Activations[h]);
            contents.Weights[h] = Round(imported.Weights[h]);
            contents.Biases[h] = Round(imported.Biases[h]);
        }
        Assign(contents);

        static T[] Round(double[] values)
        {
            var result = new T[values.Length];
            for (int i = 0; i < values.Length; i++) result[i] = T.CreateTruncating(values[i]);
            return result;
        }
    }
}
