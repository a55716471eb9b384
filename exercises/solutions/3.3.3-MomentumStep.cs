using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>3.3.3: v = g on the first step, else μ·v + (1 − dampening)·g; w − lr·v (reference solution).</summary>
    public static (Tensor W, Tensor Buffer) MomentumStep(Tensor w, Tensor grad, Tensor? buffer, double lr, double momentum, double dampening)
    {
        var v = buffer is null ? grad.clone() : momentum * buffer + (1 - dampening) * grad;
        return (w - lr * v, v);
    }
}
