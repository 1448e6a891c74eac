using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Kernels.Mlp;

/// <summary>
/// Trains a <see cref="Network{T}"/> with one loss and one optimizer: forward pass, back-propagation by the two-step
/// rule, and the update — on buffers allocated once, at construction, for batches up to <see cref="MaxBatchSize"/>
/// (including the constructing thread's GEMM packing buffers). A step of any batch size then allocates nothing; run the
/// trainer on the thread that created it, or expect that thread's buffers to be sized on its first step.
/// </summary>
/// <remarks>
/// <para>
/// Back-propagation, layer h from the top: δdown_h = δup_h ⊙ σ'_h(X_h) (from the stored activations, one fused pass);
/// ∇W_h = δdown_hᵀ·X_(h−1) (a GEMM with op(A) = Aᵀ, no explicit transpose); ∇b_h = column sums of δdown_h;
/// δup_(h−1) = δdown_h·W_h. The loss's 1/B is in δ at the output, so gradients are batch means.
/// </para>
/// <para>
/// With plain SGD the update is folded into the gradient GEMM (W ← W − η·δᵀX, β = 1), so ∇W is never stored;
/// <see cref="ComputeGradients(ReadOnlySpan2D{T}, ReadOnlySpan2D{T})"/> always stores it. Masked layers get their gradient
/// masked and their weights re-masked after every update, so masked weights stay exactly zero.
/// </para>
/// <para>
/// Inputs and targets must be finite: a training call with NaN or ∞ throws before touching the model. A step whose
/// loss or gradients are nonetheless not finite (a finite input so large that the products overflow) throws
/// <see cref="NonFiniteGradientException"/> before applying anything: every δ and bias gradient is computed first and
/// checked (by the bound B·max|δ|·max|X| per layer, so the weights' gradients need not be scanned), and only then are
/// the parameters updated. Weights, biases, masks and the optimizer's state are then exactly as they were.
/// </para>
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DenseLayer<T>[] _layers;
    private readonly T[][] _gradW;
    private readonly T[][] _gradB;
    private readonly T[][] _deltas; // δdown of each layer for the current batch, MaxBatchSize × N_(h+1)
    private T _inputMagnitude;      // max |x| over the current batch's inputs, from the finiteness check

    /// <summary>Creates a trainer and binds <paramref name="optimizer"/> to <paramref name="network"/>.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="optimizer">The update rule; its state is allocated here, for this network.</param>
    /// <param name="loss">The cost. Binary cross-entropy needs a sigmoid output layer; softmax cross-entropy an identity one.</param>
    /// <param name="maxBatchSize">The largest batch <see cref="Step(ReadOnlySpan2D{T}, ReadOnlySpan{int})"/> will see.</param>
    /// <exception cref="ArgumentException">The loss does not fit the output activation.</exception>
    /// <exception cref="InvalidOperationException">The optimizer already belongs to another network.</exception>
    public Trainer(Network<T> network, Optimizer<T> optimizer, Loss loss, int maxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        Activation output = network.Layers[^1].Activation;
        if (loss == Loss.BinaryCrossEntropy && output != Activation.Sigmoid)
            throw new ArgumentException($"Binary cross-entropy needs a sigmoid output layer; this network's output is {output}.", nameof(loss));
        if (loss == Loss.SoftmaxCrossEntropy && output != Activation.Identity)
            throw new ArgumentException($"Softmax cross-entropy applies the softmax itself and needs an identity output layer; this network's output is {output}.", nameof(loss));
        if (!Enum.IsDefined(loss))
            throw new ArgumentOutOfRangeException(nameof(loss), loss, "Not a Loss value.");

        Network = network;
        Optimizer = optimizer;
        Loss = loss;
        Workspace = network.CreateWorkspace(maxBatchSize, forInference: false);
        optimizer.Bind(network);
        _layers = new DenseLayer<T>[network.Layers.Count];
        _gradW = new T[_layers.Length][];
        _gradB = new T[_layers.Length][];
        _deltas = new T[_layers.Length][];
        for (int h = 0; h < _layers.Length; h++)
        {
            _layers[h] = network.Layers[h];
            _gradW[h] = new T[_layers[h].W.Length];
            _gradB[h] = new T[_layers[h].B.Length];
            _deltas[h] = new T[checked(maxBatchSize * _layers[h].OutputSize)];
        }

        // One backward pass of the largest batch (on zeros; gradients only, the weights are not touched) sizes the
        // creating thread's GEMM packing buffers, so the first step allocates nothing.
        var zeros = new ReadOnlySpan2D<T>(new T[checked(maxBatchSize * network.InputSize)], maxBatchSize, network.InputSize);
        Network.ForwardUnchecked(Workspace, zeros);
        Backward(zeros, storeWeightGradients: true);
    }

    /// <summary>The network being trained.</summary>
    public Network<T> Network { get; }

    /// <summary>The update rule.</summary>
    public Optimizer<T> Optimizer { get; }

    /// <summary>The cost.</summary>
    public Loss Loss { get; }

    /// <summary>The largest batch this trainer takes.</summary>
    public int MaxBatchSize => Workspace.MaxBatchSize;

    /// <summary>The trainer's own workspace (activations of the last forward pass live here).</summary>
    public Workspace<T> Workspace { get; }

    /// <summary>∂J/∂W of layer <paramref name="layer"/> from the last gradient computation (shaped like its weights).</summary>
    /// <param name="layer">0-based layer index.</param>
    /// <returns>The gradient.</returns>
    public ReadOnlySpan2D<T> WeightGradient(int layer) => new(_gradW[layer], _layers[layer].OutputSize, _layers[layer].InputSize);

    /// <summary>∂J/∂b of layer <paramref name="layer"/> from the last gradient computation.</summary>
    /// <param name="layer">0-based layer index.</param>
    /// <returns>The gradient.</returns>
    public ReadOnlySpan<T> BiasGradient(int layer) => _gradB[layer];

    /// <summary>One training step with class labels (softmax cross-entropy): forward, backward, update.</summary>
    /// <param name="inputs">B×N0, finite.</param>
    /// <param name="labels">B class indices in [0, NL).</param>
    /// <returns>The batch-mean loss before the update.</returns>
    /// <exception cref="ArgumentException">Shapes are wrong, the batch is empty or too large, or an input is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is out of range.</exception>
    /// <exception cref="NonFiniteGradientException">The loss or a gradient is NaN or ∞; nothing was changed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T Step(ReadOnlySpan2D<T> inputs, ReadOnlySpan<int> labels) => Run(inputs, default, labels, useLabels: true, Mode.Update);

    /// <summary>One training step with target values (mean squared error or binary cross-entropy).</summary>
    /// <param name="inputs">B×N0, finite.</param>
    /// <param name="targets">B×NL, finite.</param>
    /// <returns>The batch-mean loss before the update.</returns>
    /// <exception cref="ArgumentException">Shapes are wrong, the batch is empty or too large, or a value is not finite.</exception>
    /// <exception cref="NonFiniteGradientException">The loss or a gradient is NaN or ∞; nothing was changed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T Step(ReadOnlySpan2D<T> inputs, ReadOnlySpan2D<T> targets) => Run(inputs, targets, default, useLabels: false, Mode.Update);

    /// <summary>Forward and backward without updating: fills <see cref="WeightGradient"/> and <see cref="BiasGradient"/>.</summary>
    /// <param name="inputs">B×N0, finite.</param>
    /// <param name="labels">B class indices in [0, NL).</param>
    /// <returns>The batch-mean loss.</returns>
    /// <exception cref="ArgumentException">As <see cref="Step(ReadOnlySpan2D{T}, ReadOnlySpan{int})"/>.</exception>
    public T ComputeGradients(ReadOnlySpan2D<T> inputs, ReadOnlySpan<int> labels) => Run(inputs, default, labels, useLabels: true, Mode.Gradients);

    /// <summary>Forward and backward without updating: fills <see cref="WeightGradient"/> and <see cref="BiasGradient"/>.</summary>
    /// <param name="inputs">B×N0, finite.</param>
    /// <param name="targets">B×NL, finite.</param>
    /// <returns>The batch-mean loss.</returns>
    /// <exception cref="ArgumentException">As <see cref="Step(ReadOnlySpan2D{T}, ReadOnlySpan2D{T})"/>.</exception>
    public T ComputeGradients(ReadOnlySpan2D<T> inputs, ReadOnlySpan2D<T> targets) => Run(inputs, targets, default, useLabels: false, Mode.Gradients);

    /// <summary>The batch-mean loss, forward pass only (no gradients, no update).</summary>
    /// <param name="inputs">B×N0, finite.</param>
    /// <param name="labels">B class indices in [0, NL).</param>
    /// <returns>The loss.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T Evaluate(ReadOnlySpan2D<T> inputs, ReadOnlySpan<int> labels) => Run(inputs, default, labels, useLabels: true, Mode.LossOnly);

    /// <summary>The batch-mean loss, forward pass only (no gradients, no update).</summary>
    /// <param name="inputs">B×N0, finite.</param>
    /// <param name="targets">B×NL, finite.</param>
    /// <returns>The loss.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T Evaluate(ReadOnlySpan2D<T> inputs, ReadOnlySpan2D<T> targets) => Run(inputs, targets, default, useLabels: false, Mode.LossOnly);

    /// <summary>
    /// Back-propagates an arbitrary cost: given ∂J/∂X_L for the batch (B×NL, J being whatever the caller minimises, e.g.
    /// J = f(x) − y gives all ones), runs forward and backward and fills the gradients. The trainer's <see cref="Loss"/> is not used.
    /// </summary>
    /// <param name="inputs">B×N0, finite.</param>
    /// <param name="outputGradient">∂J/∂X_L, B×NL, finite; it already contains any 1/B of a mean.</param>
    /// <exception cref="ArgumentException">Shapes are wrong, the batch is empty or too large, or a value is not finite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ComputeGradientsFromOutputGradient(ReadOnlySpan2D<T> inputs, ReadOnlySpan2D<T> outputGradient)
    {
        CheckInputs(inputs);
        CheckMatrix(outputGradient, inputs.Height, Network.OutputSize, nameof(outputGradient));
        Network.ForwardUnchecked(Workspace, inputs);
        int batch = inputs.Height, nOut = Network.OutputSize;
        var delta = OutputDelta(batch);
        outputGradient.CopyTo(delta);
        var a = Network.Activations(Workspace, _layers.Length - 1);
        MultiplyByDerivative(_layers[^1].Activation, delta, a);
        Backward(inputs, storeWeightGradients: true);
    }

    /// <summary>Applies the optimizer to the gradients of the last <c>ComputeGradients*</c> call.</summary>
    /// <exception cref="NonFiniteGradientException">A gradient holds NaN or ∞; nothing was changed.</exception>
    public void ApplyGradients()
    {
        for (int h = 0; h < _layers.Length; h++)
            if (!TensorPrimitives.IsFiniteAll<T>(_gradW[h]) || !TensorPrimitives.IsFiniteAll<T>(_gradB[h]))
                throw NonFiniteGradientException.Gradient(h, double.NaN, double.NaN);
        Update();
    }

    private enum Mode { LossOnly, Gradients, Update }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private T Run(ReadOnlySpan2D<T> inputs, ReadOnlySpan2D<T> targets, ReadOnlySpan<int> labels, bool useLabels, Mode mode)
    {
        CheckInputs(inputs);
        int batch = inputs.Height;
        if (useLabels)
        {
            if (Loss != Loss.SoftmaxCrossEntropy)
                throw new InvalidOperationException($"Class labels need the softmax cross-entropy loss; this trainer uses {Loss}: pass target values.");
            if (labels.Length != batch)
                throw new ArgumentException($"'labels' has {labels.Length} entries but the batch has {batch} samples.", nameof(labels));
            for (int i = 0; i < batch; i++)
                if ((uint)labels[i] >= (uint)Network.OutputSize)
                    throw new ArgumentOutOfRangeException(nameof(labels), $"The label at index {i} is {labels[i]}, outside 0..{Network.OutputSize - 1}.");
        }
        else
        {
            if (Loss == Loss.SoftmaxCrossEntropy)
                throw new InvalidOperationException("The softmax cross-entropy loss takes class labels: pass a span of int labels.");
            CheckMatrix(targets, batch, Network.OutputSize, nameof(targets));
        }

        Network.ForwardUnchecked(Workspace, inputs);
        T loss = useLabels ? SoftmaxCrossEntropy(labels, mode != Mode.LossOnly) : TargetLoss(targets, mode != Mode.LossOnly);
        if (mode == Mode.LossOnly)
            return loss;
        if (mode == Mode.Gradients)
        {
            Backward(inputs, storeWeightGradients: true);
            return loss;
        }

        // A step: every δ and bias gradient first, then the checks, then the updates, so that a refused step has
        // changed nothing (plain SGD applies its update inside the gradient GEMM, so it must wait for the checks too).
        if (!T.IsFinite(loss))
            throw NonFiniteGradientException.Loss(double.CreateSaturating(loss));
        bool fused = Optimizer.IsPlainGradientDescent;
        Backward(inputs, storeWeightGradients: !fused);
        CheckGradientsFinite(inputs, fused);
        if (fused)
            ApplyFusedSgd(inputs);
        else
            Update();
        return loss;
    }

    /// <summary>δdown_L of the current batch (the loss writes it here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Span2D<T> OutputDelta(int batch) => new(_deltas[^1], 0, batch, _layers[^1].OutputSize, 0);

    private Span2D<T> Delta(int h, int batch) => new(_deltas[h], 0, batch, _layers[h].OutputSize, 0);

    // δdown_L is in _deltas[L − 1]; walks down the layers, leaving δdown_h in _deltas[h], ∇b_h in _gradB[h] and, when
    // asked, ∇W_h in _gradW[h]. Changes no parameter.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Backward(ReadOnlySpan2D<T> inputs, bool storeWeightGradients)
    {
        int batch = inputs.Height;
        for (int h = _layers.Length - 1; h >= 0; h--)
        {
            DenseLayer<T> layer = _layers[h];
            var dDown = Delta(h, batch);
            var w = new ReadOnlySpan2D<T>(layer.W, layer.OutputSize, layer.InputSize);

            // δup_(h−1) = δdown_h·W_h, then δdown_(h−1) = δup_(h−1) ⊙ σ'(X_(h−1)), in place.
            if (h > 0)
            {
                var dUp = Delta(h - 1, batch);
                Gemm.Multiply(T.One, dDown, w, T.Zero, dUp);
                MultiplyByDerivative(_layers[h - 1].Activation, dUp, Network.Activations(Workspace, h - 1));
            }

            MatrixOps.SumColumns<T>(dDown, _gradB[h]);
            if (storeWeightGradients)
                ComputeWeightGradient(h, inputs);
        }
    }

    // ∇W_h = δdown_hᵀ·X_(h−1), masked where the layer is.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeWeightGradient(int h, ReadOnlySpan2D<T> inputs)
    {
        DenseLayer<T> layer = _layers[h];
        ReadOnlySpan2D<T> xPrev = h == 0 ? inputs : Network.Activations(Workspace, h - 1);
        Gemm.Multiply(T.One, Delta(h, inputs.Height), xPrev, T.Zero, new Span2D<T>(_gradW[h], layer.OutputSize, layer.InputSize), Transpose.Trans);
        if (layer.MaskValues is not null)
            ElementWise.Multiply<T>(_gradW[h], layer.MaskValues, _gradW[h]);
    }

    // W ← W − η·δdownᵀ·X_(h−1): the SGD step folded into the gradient GEMM (β = 1), so ∇W is never stored.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ApplyFusedSgd(ReadOnlySpan2D<T> inputs)
    {
        Optimizer.BeginStep();
        T eta = Optimizer.LearningRate;
        for (int h = _layers.Length - 1; h >= 0; h--)
        {
            DenseLayer<T> layer = _layers[h];
            ReadOnlySpan2D<T> xPrev = h == 0 ? inputs : Network.Activations(Workspace, h - 1);
            Gemm.Multiply(-eta, Delta(h, inputs.Height), xPrev, T.One, new Span2D<T>(layer.W, layer.OutputSize, layer.InputSize), Transpose.Trans);
            ParameterUpdate.Sgd(eta, _gradB[h], layer.B);
            layer.ApplyMask();
        }
    }

    /// <summary>
    /// Throws <see cref="NonFiniteGradientException"/> unless every gradient this step applies is finite. Each element of
    /// ∇W_h = δᵀ·X is a sum of B products, so |∇W_h| ≤ B·max|δ|·max|X| (and |∇b_h| ≤ B·max|δ|): when that bound is
    /// comfortably below the largest finite value, and both maxima are finite, every element is finite without looking
    /// at it; the maxima cost a pass over the batch's activations and deltas, not over the weights. Only a layer whose
    /// bound is too large has its gradient computed (if fused) and scanned.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckGradientsFinite(ReadOnlySpan2D<T> inputs, bool fused)
    {
        int batch = inputs.Height;
        double limit = 0.5 * double.CreateSaturating(T.BitDecrement(T.PositiveInfinity));
        // Gradient descent applies η·∇ as it is: that product must be finite too (Adam and momentum normalise or damp it).
        double eta = fused || Optimizer.IsPlainGradientDescent ? Math.Max(1, double.CreateSaturating(Optimizer.LearningRate)) : 1;
        for (int h = _layers.Length - 1; h >= 0; h--)
        {
            double maxDelta = double.CreateSaturating(Finite.MaxMagnitude<T>(_deltas[h].AsSpan(0, batch * _layers[h].OutputSize)));
            double maxInput = double.CreateSaturating(h == 0 ? _inputMagnitude : Finite.MaxMagnitude<T>(Workspace.Activations[h - 1].AsSpan(0, batch * _layers[h].InputSize)));
            if (!double.IsFinite(maxDelta) || !double.IsFinite(maxInput))
                throw NonFiniteGradientException.Gradient(h, maxDelta, maxInput);
            if (batch * maxDelta * maxInput * eta <= limit)
                continue;
            if (fused)
                ComputeWeightGradient(h, inputs);
            double largest = Math.Max(double.CreateSaturating(Finite.MaxMagnitude<T>(_gradW[h])), double.CreateSaturating(Finite.MaxMagnitude<T>(_gradB[h])));
            if (!(largest * eta <= double.CreateSaturating(T.BitDecrement(T.PositiveInfinity))))
                throw NonFiniteGradientException.Gradient(h, maxDelta, maxInput);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Update()
    {
        Optimizer.BeginStep();
        for (int h = 0; h < _layers.Length; h++)
        {
            Optimizer.Update(h, _gradW[h], _layers[h].W, _gradB[h], _layers[h].B);
            _layers[h].ApplyMask();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyByDerivative(Activation activation, Span2D<T> delta, Span2D<T> activations)
    {
        // Both are contiguous (pitch 0) buffers of the workspace: one pass over B·N elements.
        delta.TryGetSpan(out Span<T> d);
        activations.TryGetSpan(out Span<T> a);
        ElementWise.MultiplyByActivationDerivative<T>(activation, d, a, d);
    }

    // MSE and BCE: writes δdown_L into DeltaA (when wanted) and returns the batch-mean loss.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private T TargetLoss(ReadOnlySpan2D<T> targets, bool wantDelta)
    {
        int batch = targets.Height, n = targets.Width;
        var a = Network.Activations(Workspace, _layers.Length - 1);
        var diff = OutputDelta(batch);
        T invBatch = T.One / T.CreateChecked(batch);
        T sum = T.Zero;
        for (int i = 0; i < batch; i++)
        {
            Span<T> d = diff.GetRowSpan(i);
            a.GetRowSpan(i).CopyTo(d);
            ElementWise.Axpy(T.NegativeOne, targets.GetRowSpan(i), d); // d = a − y
            if (Loss == Loss.MeanSquaredError)
                sum += TensorPrimitives.SumOfSquares<T>(d);
            else
                sum += LogLoss(a.GetRowSpan(i), targets.GetRowSpan(i));
        }
        T loss = Loss == Loss.MeanSquaredError ? sum * invBatch / T.CreateChecked(2) : -sum * invBatch;
        if (wantDelta)
        {
            diff.TryGetSpan(out Span<T> all);
            ElementWise.Scale(invBatch, all, all); // ∂J/∂a = (a − y)/B
            if (Loss == Loss.MeanSquaredError)     // BCE on a sigmoid: δdown = (a − y)/B already
                MultiplyByDerivative(_layers[^1].Activation, diff, a);
        }
        return loss;
    }

    private static T LogLoss(ReadOnlySpan<T> a, ReadOnlySpan<T> y)
    {
        T eps = T.CreateChecked(typeof(T) == typeof(float) ? 5.9604645e-8 : 1.1102230246251565e-16);
        T s = T.Zero;
        for (int j = 0; j < a.Length; j++)
        {
            T p = T.Clamp(a[j], eps, T.One - eps);
            s += y[j] * T.Log(p) + (T.One - y[j]) * T.Log(T.One - p);
        }
        return s;
    }

    // Softmax cross-entropy: δdown_L = (softmax(z) − onehot)/B into DeltaA; loss from log-sum-exp, stable for any logits.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private T SoftmaxCrossEntropy(ReadOnlySpan<int> labels, bool wantDelta)
    {
        int batch = labels.Length, n = Network.OutputSize;
        var z = Network.Activations(Workspace, _layers.Length - 1);
        T sum = T.Zero;
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<T> row = z.GetRowSpan(i);
            T max = TensorPrimitives.Max<T>(row), s = T.Zero;
            foreach (T v in row) s += T.Exp(v - max);
            sum += T.Log(s) + max - row[labels[i]];
        }
        if (wantDelta)
        {
            var p = OutputDelta(batch);
            MatrixOps.SoftmaxRows<T>(z, p);
            for (int i = 0; i < batch; i++)
                p[i, labels[i]] -= T.One;
            p.TryGetSpan(out Span<T> all);
            ElementWise.Scale(T.One / T.CreateChecked(batch), all, all);
        }
        return sum / T.CreateChecked(batch);
    }

    private void CheckInputs(ReadOnlySpan2D<T> inputs)
    {
        Network.CheckBatch(Workspace, inputs, nameof(inputs));
        _inputMagnitude = CheckFinite(inputs, nameof(inputs));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckMatrix(ReadOnlySpan2D<T> m, int rows, int cols, string name)
    {
        if (m.Height != rows || m.Width != cols)
            throw new ArgumentException($"'{name}' is {m.Height}×{m.Width} but {rows}×{cols} (batch × outputs) is needed.", name);
        CheckFinite(m, name);
    }

    // Returns max |m|: the gradient check's bound needs it, and it costs the same pass as the finiteness test.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T CheckFinite(ReadOnlySpan2D<T> m, string name)
    {
        T max = T.Zero;
        for (int i = 0; i < m.Height; i++)
        {
            T row = Finite.MaxMagnitude(m.GetRowSpan(i));
            if (!T.IsFinite(row))
                throw new ArgumentException($"'{name}' row {i} contains NaN or ∞; training needs finite values (the model was not changed).", name);
            max = T.Max(max, row);
        }
        return max;
    }
}
