using Chapter4.Models;
using Chapter4.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Bench;

/// <summary>
/// W1's training step as one TorchScript function, compiled by libtorch once and run with a single native call:
/// ModelDemo's forward, CrossEntropyLoss and <see cref="FlatSgd"/>'s zero_grad/step, on the flat buffers.
/// </summary>
/// <remarks>
/// Every argument of the call is an object this class owns for its whole life, numbers included.
/// TorchSharp 0.107's <c>CompilationUnit.invoke</c> turns a double argument into a temporary <see cref="Scalar"/>,
/// stores its native pointer in the argument array and drops the Scalar: a garbage collection before libtorch
/// reads the array lets the finalizer free the c10::Scalar under it, and libtorch then reads a freed tag
/// (<c>c10::Scalar::toLong()</c>: "Expected false to be true, but got false"; issue 20). Scalars made once here
/// and kept until <see cref="Dispose"/> are never collected during a call.
/// </remarks>
public sealed class OneNativeCallCourseStep : IDisposable
{
    // torch.linear and torch.cross_entropy_loss are the aten ops nn.Linear and nn.CrossEntropyLoss call. buf starts
    // at zero, so the first update 0·μ + g = g equals torch.optim.SGD's buf = g.
    private const string Script = """
        def step(x: Tensor, y: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor, w3: Tensor, b3: Tensor,
                 params: Tensor, grads: Tensor, buf: Tensor, lr: float, momentum: float) -> Tensor:
            h = torch.sigmoid(torch.linear(x, w1, b1))
            h = torch.relu(torch.linear(h, w2, b2))
            out = torch.softmax(torch.linear(h, w3, b3), -1)
            loss = torch.cross_entropy_loss(out, y)
            grads.zero_()
            loss.backward()
            buf.mul_(momentum).add_(grads)
            params.add_(buf, alpha=-lr)
            return loss
        """ + "\n"; // TorchScript's parser wants the last line terminated

    private readonly jit.CompilationUnit _script;
    private readonly Tensor _momentumBuffer;
    private readonly Scalar _learningRate, _momentum;
    private readonly object[] _arguments;

    public OneNativeCallCourseStep(ModelDemo model, FlatSgd optimizer, Tensor x, Tensor y, double learningRate, double momentum)
    {
        _script = torch.jit.compile(Script);
        _momentumBuffer = torch.zeros_like(optimizer.FlatGradients).DetachFromDisposeScope();
        _learningRate = learningRate.ToScalar();
        _momentum = momentum.ToScalar();
        _arguments = [x, y, .. model.parameters(), optimizer.FlatParameters, optimizer.FlatGradients, _momentumBuffer, _learningRate, _momentum];
    }

    /// <summary>One step; returns the loss tensor (in the caller's dispose scope).</summary>
    public Tensor Step()
    {
        var loss = (Tensor)_script.invoke("step", _arguments);
        // The arguments hold native pointers that libtorch read during the call: keep their owners reachable until here.
        GC.KeepAlive(_arguments);
        GC.KeepAlive(this);
        return loss;
    }

    public void Dispose()
    {
        _script.Dispose();
        _momentumBuffer.Dispose();
        _learningRate.Dispose();
        _momentum.Dispose();
    }
}
