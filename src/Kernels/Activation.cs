namespace Kernels;

/// <summary>The activation functions σ the kernels and the network layer provide.</summary>
public enum Activation
{
    /// <summary>σ(z) = z; σ' = 1.</summary>
    Identity = 0,

    /// <summary>σ(z) = 1 / (1 + e^(−z)); from the output a, σ' = a(1 − a).</summary>
    Sigmoid = 1,

    /// <summary>σ(z) = tanh z; from the output a, σ' = 1 − a².</summary>
    Tanh = 2,

    /// <summary>σ(z) = z when z ≥ 0 (NaN stays NaN), else 0; from the output a, σ' = 1 when a &gt; 0, else 0.</summary>
    Relu = 3,
}
