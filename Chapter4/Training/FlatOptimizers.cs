using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Training;

/// <summary>
/// What a training loop needs of an optimizer. <see cref="TrainingLoop.Fit"/> takes either a torch.optim optimizer
/// (converted implicitly; schedulers work on those) or one of the flat-buffer optimizers below.
/// </summary>
public abstract class TrainingOptimizer
{
    public abstract double LearningRate { get; }

    public abstract void zero_grad();

    public abstract void step();

    /// <summary>The torch.optim optimizer inside, or null for a flat-buffer one.</summary>
    public virtual optim.Optimizer? Torch => null;

    public static implicit operator TrainingOptimizer(optim.Optimizer optimizer) => new TorchOptimizer(optimizer);

    private sealed class TorchOptimizer(optim.Optimizer optimizer) : TrainingOptimizer
    {
        public override double LearningRate => optimizer.ParamGroups.First().LearningRate;
        public override void zero_grad() => optimizer.zero_grad();
        public override void step() => optimizer.step();
        public override optim.Optimizer? Torch => optimizer;
    }
}

/// <summary>
/// The parameters of a model moved into one flat tensor, and their gradients into another: each parameter
/// (and each .grad) becomes a view of its slice. An optimizer then updates every parameter with a few ops on
/// the whole buffer instead of a few per parameter (PyTorch's foreach/fused optimizers do the same). Autograd
/// accumulates into an existing .grad in place, so gradients land in the flat buffer.
/// </summary>
public abstract class FlatOptimizer : TrainingOptimizer, IDisposable
{
    private readonly Scalar _zero = 0.ToScalar();

    protected FlatOptimizer(IEnumerable<Parameter> parameters, double lr)
    {
        if (!(lr > 0)) throw new ArgumentOutOfRangeException(nameof(lr), "learning rate must be > 0");
        Lr = lr;
        var list = parameters.ToList();
        long total = list.Sum(p => p.numel());
        // Owned for the optimizer's lifetime: never let a caller's dispose scope free them.
        FlatParameters = torch.empty(total, dtype: list[0].dtype, device: list[0].device).DetachFromDisposeScope();
        FlatGradients = torch.zeros(total, dtype: list[0].dtype, device: list[0].device).DetachFromDisposeScope();
        using var _ = torch.no_grad();
        long offset = 0;
        foreach (Parameter p in list)
        {
            long n = p.numel();
            using var values = FlatParameters.narrow(0, offset, n).view(p.shape);
            values.copy_(p);
            p.set_(values);
            p.grad = FlatGradients.narrow(0, offset, n).view(p.shape);
            offset += n;
        }
    }

    protected double Lr { get; }

    public override double LearningRate => Lr;

    /// <summary>Every parameter's values, as one tensor (the parameters are views into it).</summary>
    public Tensor FlatParameters { get; }

    /// <summary>Every parameter's gradient, as one tensor (each .grad is a view into it).</summary>
    public Tensor FlatGradients { get; }

    public override void zero_grad() => FlatGradients.fill_(_zero);

    public void Dispose()
    {
        FlatParameters.Dispose();
        FlatGradients.Dispose();
        _zero.Dispose();
        DisposeState();
    }

    protected abstract void DisposeState();
}

/// <summary>
/// SGD, optionally with momentum, as torch.optim.SGD computes it (dampening 0, no Nesterov, no weight decay:
/// p −= lr·g; with momentum the first step buf = g, then buf = μ·buf + g, p −= lr·buf), on flat buffers:
/// zero_grad() and step() are 1 and 1–3 native calls instead of 1 and ~3 per parameter; for the course's
/// 6-parameter ModelDemo that is most of the per-step overhead that is ours rather than libtorch's.
/// </summary>
public sealed class FlatSgd : FlatOptimizer
{
    // Scalars are made once: TorchSharp turns every number passed to an op into a new finalizable
    // Scalar (add_(t) passes 1), and objects waiting for the finalizer survive into gen1, which made
    // the GC commit new regions over a long run (bench W3).
    private readonly Scalar _one = 1.ToScalar();
    private readonly Tensor _momentumTensor; // mul_ by a 0-dim tensor: a number would be wrapped in a new tensor each call
    private readonly Scalar _negativeLrScalar;
    private readonly double _momentum;
    private Tensor? _buffer;

    public FlatSgd(IEnumerable<Parameter> parameters, double lr, double momentum = 0) : base(parameters, lr)
    {
        if (momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(momentum), "momentum must be in [0, 1)");
        _momentum = momentum;
        _momentumTensor = torch.tensor(momentum, dtype: FlatParameters.dtype, device: FlatParameters.device).DetachFromDisposeScope();
        _negativeLrScalar = (-lr).ToScalar();
    }

    public override void step()
    {
        using var _ = torch.no_grad();
        if (_momentum == 0)
        {
            FlatParameters.add_(FlatGradients, alpha: _negativeLrScalar);
            return;
        }
        if (_buffer is null) _buffer = FlatGradients.clone().DetachFromDisposeScope(); // step() runs inside the caller's per-step scope
        else _buffer.mul_(_momentumTensor).add_(FlatGradients, _one);
        FlatParameters.add_(_buffer, alpha: _negativeLrScalar);
    }

    protected override void DisposeState()
    {
        _buffer?.Dispose();
        _one.Dispose();
        _momentumTensor.Dispose();
        _negativeLrScalar.Dispose();
    }
}

/// <summary>
/// Adam as TorchSharp's torch.optim.Adam computes it (no weight decay, no AMSGrad), step for step and op for op
/// so the result is bit-identical, on flat buffers: m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
/// p −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε). The denominator goes into a buffer made once instead of two new
/// tensors per parameter per step (for W2's 535,040 parameters, 4 MB of fresh memory per step).
/// </summary>
public sealed class FlatAdam : FlatOptimizer
{
    private readonly Tensor _m, _v, _denominator;
    private readonly Scalar _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps;
    private readonly double _beta1Value, _beta2Value;
    private long _step;

    /// <summary>The decay of the gradient average, as built (β1).</summary>
    public double Beta1 => _beta1Value;

    /// <summary>The decay of the squared-gradient average, as built (β2).</summary>
    public double Beta2 => _beta2Value;

    public FlatAdam(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8) : base(parameters, lr)
    {
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), "beta1 must be in [0, 1)");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), "beta2 must be in [0, 1)");
        (_beta1Value, _beta2Value) = (beta1, beta2);
        (_beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps) = (beta1.ToScalar(), (1 - beta1).ToScalar(), beta2.ToScalar(), (1 - beta2).ToScalar(), eps.ToScalar());
        _m = torch.zeros_like(FlatParameters).DetachFromDisposeScope();
        _v = torch.zeros_like(FlatParameters).DetachFromDisposeScope();
        _denominator = torch.empty_like(FlatParameters).DetachFromDisposeScope();
    }

    public override void step()
    {
        using var _ = torch.no_grad();
        _step++;
        double biasCorrection1 = 1 - Math.Pow(_beta1Value, _step);
        double biasCorrection2 = 1 - Math.Pow(_beta2Value, _step);
        _m.mul_(_beta1).add_(FlatGradients, alpha: _oneMinusBeta1);
        _v.mul_(_beta2).addcmul_(FlatGradients, FlatGradients, _oneMinusBeta2);
        using var sqrtBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        _denominator.copy_(_v).sqrt_().div_(sqrtBiasCorrection2).add_(_eps);
        using var stepSize = (-Lr / biasCorrection1).ToScalar();
        FlatParameters.addcdiv_(_m, _denominator, stepSize);
    }

    protected override void DisposeState()
    {
        _m.Dispose();
        _v.Dispose();
        _denominator.Dispose();
        foreach (Scalar s in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps }) s.Dispose();
    }
}
