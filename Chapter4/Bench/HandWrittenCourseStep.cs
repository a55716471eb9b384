using Chapter4.Models;
using Chapter4.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Bench;

/// <summary>
/// W1's training step with the backward written by hand (the formulas of the backprop-model lesson) instead of
/// autograd: ModelDemo's forward, CrossEntropyLoss (mean) on its softmax output, the gradients written straight
/// into <see cref="FlatSgd"/>'s flat gradient buffer, then its update. Every intermediate lives in a
/// buffer made once, every op is in place or writes into one (addmm_/addmv_ with beta 0 overwrite), and the
/// numbers passed to ops are cached: a step allocates three small tensors (softmax, log_softmax and the loss,
/// which TorchSharp has no in-place or out= form of) and nothing else.
/// </summary>
public sealed class HandWrittenCourseStep : IDisposable
{
    private readonly FlatSgd _optimizer;
    private readonly Tensor _x, _y;
    private readonly Tensor _w2, _w3, _b1, _b2, _b3;            // detached views of the parameters (in the flat buffer)
    private readonly Tensor _w1T, _w2T, _w3T;
    private readonly Tensor _gW1, _gW2, _gW3, _gb1, _gb2, _gb3; // views of the flat gradient buffer
    private readonly Tensor _h1, _h2, _z3, _dz3, _dz3T, _rowSums, _rowSumsColumn, _dh2, _dh2T, _reluMask, _dh1, _dh1T;
    private readonly Tensor _batchOnes, _classOnes, _inverseBatch, _oneHotOverBatch;
    private readonly Scalar _minusOne = (-1).ToScalar();
    private readonly List<Tensor> _owned = [];

    public HandWrittenCourseStep(ModelDemo model, FlatSgd optimizer, Tensor x, Tensor y)
    {
        _optimizer = optimizer;
        _x = x;
        _y = y;
        long n = x.shape[0];
        var p = model.named_parameters().ToDictionary(q => q.name, q => Own(q.parameter.detach()));
        (_b1, _w2, _b2, _w3, _b3) = (p["linear1.bias"], p["linear2.weight"], p["linear2.bias"], p["output.weight"], p["output.bias"]);
        (_w1T, _w2T, _w3T) = (Own(p["linear1.weight"].t()), Own(_w2.t()), Own(_w3.t()));
        var g = model.named_parameters().ToDictionary(q => q.name, q => Own(q.parameter.grad!.detach()));
        (_gW1, _gb1, _gW2, _gb2, _gW3, _gb3) = (g["linear1.weight"], g["linear1.bias"], g["linear2.weight"], g["linear2.bias"], g["output.weight"], g["output.bias"]);

        Tensor Buffer(long columns) => Own(torch.empty(n, columns));
        (_h1, _h2, _z3, _dz3, _dh2, _reluMask, _dh1) = (Buffer(3), Buffer(2), Buffer(2), Buffer(2), Buffer(2), Buffer(2), Buffer(3));
        (_dz3T, _dh2T, _dh1T) = (Own(_dz3.t()), Own(_dh2.t()), Own(_dh1.t()));
        _rowSums = Own(torch.empty(n));
        _rowSumsColumn = Own(_rowSums.view(n, 1));
        // Sums over the batch (bias gradients) and over the classes as matrix-vector products with ones; the 1/batch
        // of the mean as a 0-dim tensor: an op given a number wraps it in a new tensor each call (measured: 5 µs).
        _batchOnes = Own(torch.ones(n));
        _classOnes = Own(torch.ones(2));
        _inverseBatch = Own(torch.tensor(1.0f / n));
        using var oneHot = nn.functional.one_hot(y, 2).to(ScalarType.Float32);
        _oneHotOverBatch = Own(oneHot.mul(_inverseBatch));
    }

    private Tensor Own(Tensor t)
    {
        t.DetachFromDisposeScope();
        _owned.Add(t);
        return t;
    }

    /// <summary>One step: forward, the hand-written backward into the flat gradient buffer, the momentum update. Returns the loss tensor.</summary>
    public Tensor Step()
    {
        using var noGrad = torch.no_grad();
        // Forward: h1 = σ(x·W1ᵀ + b1), h2 = relu(h1·W2ᵀ + b2), z3 = h2·W3ᵀ + b3, p = softmax(z3), loss = CE(p, y).
        _h1.copy_(_b1).addmm_(_x, _w1T, 1, 1).sigmoid_();
        _h2.copy_(_b2).addmm_(_h1, _w2T, 1, 1).relu_();
        _z3.copy_(_b3).addmm_(_h2, _w3T, 1, 1);
        Tensor p = _z3.softmax(1);
        Tensor logSoftmax = p.log_softmax(1);
        Tensor loss = nn.functional.nll_loss(logSoftmax, _y);

        // ∂loss/∂p = (softmax(p) − onehot)/batch; ∂loss/∂z3 = p ⊙ ∂loss/∂p − p ⊙ Σ_j p_j ∂loss/∂p_j.
        Tensor dp = logSoftmax.exp_().mul_(_inverseBatch).add_(_oneHotOverBatch, _minusOne);
        _dz3.copy_(dp).mul_(p);
        _rowSums.addmv_(_dz3, _classOnes, 0, 1);
        _dz3.addcmul_(p, _rowSumsColumn, _minusOne);
        _gW3.addmm_(_dz3T, _h2, 0, 1);
        _gb3.addmv_(_dz3T, _batchOnes, 0, 1);
        // ∂loss/∂z2 = (∂loss/∂z3 · W3) ⊙ [h2 > 0]; h2 ≥ 0, so sign(h2) is that 0/1 mask.
        _dh2.addmm_(_dz3, _w3, 0, 1).mul_(_reluMask.copy_(_h2).sign_());
        _gW2.addmm_(_dh2T, _h1, 0, 1);
        _gb2.addmv_(_dh2T, _batchOnes, 0, 1);
        // ∂loss/∂z1 = (∂loss/∂z2 · W2) ⊙ h1 ⊙ (1 − h1), as t − t ⊙ h1 with t = (∂loss/∂z2 · W2) ⊙ h1.
        _dh1.addmm_(_dh2, _w2, 0, 1).mul_(_h1).addcmul_(_dh1, _h1, _minusOne);
        _gW1.addmm_(_dh1T, _x, 0, 1);
        _gb1.addmv_(_dh1T, _batchOnes, 0, 1);

        _optimizer.step();
        return loss;
    }

    public void Dispose()
    {
        foreach (Tensor t in _owned) t.Dispose();
        _minusOne.Dispose();
    }
}
