using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Harness;

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
    private readonly double _lr;
    private readonly double _momentum;
    private Tensor? _buffer;

    public FlatMomentumSgd(IEnumerable<Parameter> parameters, double lr, double momentum)
    {
        if (!(lr > 0)) throw new ArgumentOutOfRangeException(nameof(lr), "learning rate must be > 0");
        if (momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(momentum), "momentum must be in [0, 1)");
        _lr = lr;
        _momentum = momentum;
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

    public void zero_grad() => _gradients.zero_();

    public void step()
    {
        using var _ = torch.no_grad();
        if (_buffer is null) _buffer = _gradients.clone().DetachFromDisposeScope(); // step() runs inside the caller's per-step scope
        else _buffer.mul_(_momentum).add_(_gradients);
        _parameters.add_(_buffer, alpha: -_lr);
    }

    public void Dispose()
    {
        _parameters.Dispose();
        _gradients.Dispose();
        _buffer?.Dispose();
    }
}
