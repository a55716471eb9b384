using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Bench;

/// <summary>
/// SGD with momentum, as torch.optim.SGD computes it (dampening 0, no Nesterov, no weight decay:
/// first step buf = g, then buf = μ·buf + g, p −= lr·buf), but with every parameter and every
/// gradient stored as a view into one flat buffer each. zero_grad() and step() are then 1 and 3
/// native calls instead of 1 and ~3 per parameter: for the course's 6-parameter ModelDemo that
/// is most of the per-step overhead that is ours rather than libtorch's.
/// Autograd accumulates into an existing .grad in place, so gradients land in the flat buffer.
/// </summary>
public sealed class FlatMomentumSgd : IDisposable
{
    private readonly Tensor _parameters;
    private readonly Tensor _gradients;
    // Scalars are made once: TorchSharp turns every number passed to an op into a new finalizable
    // Scalar (add_(t) passes 1, zero_() also queries the shape through a finalizable pinned array),
    // and objects waiting for the finalizer survive into gen1, which made the GC commit new regions
    // over a long run (bench W3).
    private readonly Scalar _zero = 0.ToScalar();
    private readonly Scalar _one = 1.ToScalar();
    private readonly Scalar _momentumScalar;
    private readonly Scalar _negativeLrScalar;
    private Tensor? _buffer;

    public FlatMomentumSgd(IEnumerable<Parameter> parameters, double lr, double momentum)
    {
        if (!(lr > 0)) throw new ArgumentOutOfRangeException(nameof(lr), "learning rate must be > 0");
        if (momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(momentum), "momentum must be in [0, 1)");
        _momentumScalar = momentum.ToScalar();
        _negativeLrScalar = (-lr).ToScalar();
        var list = parameters.ToList();
        long total = list.Sum(p => p.numel());
        // Owned for the optimizer's lifetime: never let a caller's dispose scope free them.
        _parameters = torch.empty(total, dtype: list[0].dtype, device: list[0].device).DetachFromDisposeScope();
        _gradients = torch.zeros(total, dtype: list[0].dtype, device: list[0].device).DetachFromDisposeScope();
        using var _ = torch.no_grad();
        long offset = 0;
        foreach (Parameter p in list)
        {
            long n = p.numel();
            using var values = _parameters.narrow(0, offset, n).view(p.shape);
            values.copy_(p);
            p.set_(values);
            p.grad = _gradients.narrow(0, offset, n).view(p.shape);
            offset += n;
        }
    }

    /// <summary>Every parameter's values, as one tensor (the parameters are views into it).</summary>
    public Tensor FlatParameters => _parameters;

    /// <summary>Every parameter's gradient, as one tensor (each .grad is a view into it).</summary>
    public Tensor FlatGradients => _gradients;

    public void zero_grad() => _gradients.fill_(_zero);

    public void step()
    {
        using var _ = torch.no_grad();
        if (_buffer is null) _buffer = _gradients.clone().DetachFromDisposeScope(); // step() runs inside the caller's per-step scope
        else _buffer.mul_(_momentumScalar).add_(_gradients, _one);
        _parameters.add_(_buffer, alpha: _negativeLrScalar);
    }

    public void Dispose()
    {
        _parameters.Dispose();
        _gradients.Dispose();
        _buffer?.Dispose();
        _zero.Dispose();
        _one.Dispose();
        _momentumScalar.Dispose();
        _negativeLrScalar.Dispose();
    }
}
