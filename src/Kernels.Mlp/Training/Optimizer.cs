using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernels.Mlp;

/// <summary>
/// Updates a network's parameters from their gradients, in place, on the <see cref="ParameterUpdate"/> kernels. An
/// optimizer keeps per-parameter state, so one instance serves one network (it is bound by the first
/// <see cref="Trainer{T}"/> that uses it).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Network<T>? _network;
    private T _learningRate;

    /// <summary>The learning rate, positive and finite; may be changed between steps (for a schedule).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero, a negative value, NaN or ∞ (the rate is then unchanged).</exception>
    public T LearningRate
    {
        get => _learningRate;
        set => _learningRate = HyperParameter.Positive(value, nameof(LearningRate), "The learning rate");
    }

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size, positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not positive and finite.</exception>
    protected Optimizer(T learningRate) => _learningRate = HyperParameter.Positive(learningRate, nameof(learningRate), "The learning rate");

    /// <summary>Number of updates applied so far.</summary>
    public int Steps { get; private set; }

    internal void Bind(Network<T> network)
    {
        if (_network is not null && !ReferenceEquals(_network, network))
            throw new InvalidOperationException("This optimizer already holds state for another network; create one optimizer per network.");
        if (_network is null)
        {
            _network = network;
            var shapes = new List<(int Weights, int Biases)>();
            foreach (var layer in network.Layers)
                shapes.Add((layer.W.Length, layer.B.Length));
            AllocateState(shapes);
        }
    }

    /// <summary>Whether <see cref="Update"/> is plain gradient descent, which the trainer can fold into the gradient GEMM.</summary>
    internal virtual bool IsPlainGradientDescent => false;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void BeginStep() => Steps++;

    /// <summary>Allocates the optimizer's state for parameter tensors of the given sizes (weights, biases per layer).</summary>
    /// <param name="layers">Per layer: number of weights and of biases.</param>
    private protected abstract void AllocateState(IReadOnlyList<(int Weights, int Biases)> layers);

    /// <summary>Applies one update to layer <paramref name="layer"/>'s weights and biases.</summary>
    internal abstract void Update(int layer, ReadOnlySpan<T> weightGradient, Span<T> weights, ReadOnlySpan<T> biasGradient, Span<T> biases);
}

/// <summary>Plain stochastic gradient descent: w −= η·∇w.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="learningRate">η.</param>
public sealed class SgdOptimizer<T>(T learningRate) : Optimizer<T>(learningRate) where T : unmanaged, IFloatingPointIeee754<T>
{
    internal override bool IsPlainGradientDescent => true;

    private protected override void AllocateState(IReadOnlyList<(int Weights, int Biases)> layers) { }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Update(int layer, ReadOnlySpan<T> weightGradient, Span<T> weights, ReadOnlySpan<T> biasGradient, Span<T> biases)
    {
        ParameterUpdate.Sgd(LearningRate, weightGradient, weights);
        ParameterUpdate.Sgd(LearningRate, biasGradient, biases);
    }
}

/// <summary>Gradient descent with momentum: v = μ·v + ∇w, w −= η·v.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class MomentumOptimizer<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[][] _vw = [], _vb = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η.</param>
    /// <param name="momentum">μ, in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public MomentumOptimizer(T learningRate, T momentum) : base(learningRate) =>
        _momentum = HyperParameter.Decay(momentum, nameof(momentum), "Momentum");

    private T _momentum;

    /// <summary>μ, in [0, 1); may be changed between steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [0, 1) or to NaN (μ is then unchanged).</exception>
    public T Momentum
    {
        get => _momentum;
        set => _momentum = HyperParameter.Decay(value, nameof(Momentum), "Momentum");
    }

    private protected override void AllocateState(IReadOnlyList<(int Weights, int Biases)> layers)
    {
        _vw = new T[layers.Count][];
        _vb = new T[layers.Count][];
        for (int i = 0; i < layers.Count; i++) { _vw[i] = new T[layers[i].Weights]; _vb[i] = new T[layers[i].Biases]; }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Update(int layer, ReadOnlySpan<T> weightGradient, Span<T> weights, ReadOnlySpan<T> biasGradient, Span<T> biases)
    {
        ParameterUpdate.Momentum(LearningRate, Momentum, weightGradient, _vw[layer], weights);
        ParameterUpdate.Momentum(LearningRate, Momentum, biasGradient, _vb[layer], biases);
    }
}

/// <summary>Adam (Kingma and Ba, 2015) with bias-corrected moments.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class AdamOptimizer<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[][] _mw = [], _vw = [], _mb = [], _vb = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, typically 1e-3.</param>
    /// <param name="beta1">First-moment decay in [0, 1), typically 0.9.</param>
    /// <param name="beta2">Second-moment decay in [0, 1), typically 0.999.</param>
    /// <param name="epsilon">Denominator guard, positive and finite, typically 1e-8.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public AdamOptimizer(T learningRate, T beta1, T beta2, T epsilon) : base(learningRate)
    {
        _beta1 = HyperParameter.Decay(beta1, nameof(beta1), "β1");
        _beta2 = HyperParameter.Decay(beta2, nameof(beta2), "β2");
        _epsilon = HyperParameter.Positive(epsilon, nameof(epsilon), "ε");
    }

    private T _beta1, _beta2, _epsilon;

    /// <summary>Creates the optimizer with β1 = 0.9, β2 = 0.999, ε = 1e-8.</summary>
    /// <param name="learningRate">η.</param>
    public AdamOptimizer(T learningRate)
        : this(learningRate, T.CreateChecked(0.9), T.CreateChecked(0.999), T.CreateChecked(1e-8)) { }

    /// <summary>β1, in [0, 1); may be changed between steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [0, 1) or to NaN (β1 is then unchanged).</exception>
    public T Beta1
    {
        get => _beta1;
        set => _beta1 = HyperParameter.Decay(value, nameof(Beta1), "β1");
    }

    /// <summary>β2, in [0, 1); may be changed between steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [0, 1) or to NaN (β2 is then unchanged).</exception>
    public T Beta2
    {
        get => _beta2;
        set => _beta2 = HyperParameter.Decay(value, nameof(Beta2), "β2");
    }

    /// <summary>ε, positive and finite; may be changed between steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero, a negative value, NaN or ∞ (ε is then unchanged).</exception>
    public T Epsilon
    {
        get => _epsilon;
        set => _epsilon = HyperParameter.Positive(value, nameof(Epsilon), "ε");
    }

    private protected override void AllocateState(IReadOnlyList<(int Weights, int Biases)> layers)
    {
        int n = layers.Count;
        (_mw, _vw, _mb, _vb) = (new T[n][], new T[n][], new T[n][], new T[n][]);
        for (int i = 0; i < n; i++)
        {
            _mw[i] = new T[layers[i].Weights]; _vw[i] = new T[layers[i].Weights];
            _mb[i] = new T[layers[i].Biases]; _vb[i] = new T[layers[i].Biases];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Update(int layer, ReadOnlySpan<T> weightGradient, Span<T> weights, ReadOnlySpan<T> biasGradient, Span<T> biases)
    {
        ParameterUpdate.Adam(LearningRate, Beta1, Beta2, Epsilon, Steps, weightGradient, _mw[layer], _vw[layer], weights);
        ParameterUpdate.Adam(LearningRate, Beta1, Beta2, Epsilon, Steps, biasGradient, _mb[layer], _vb[layer], biases);
    }
}
