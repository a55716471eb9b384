using Chapter4.Harness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// The course's four optimizer snippets are one script with a different optimizer: w = [1.0],
/// loss = w²/2 (so the gradient is w itself), a few steps, printing w.grad (and w) after each
/// optimizer.step(). Subclasses create the optimizer and explain what it does.
/// </summary>
public abstract class OptimizerStepsLesson : Lesson
{
    [Knob("lr", "learning rate", Above = 0)]
    public double Lr { get; set; } = 0.01;

    [Knob("steps", "how many optimizer steps", Min = 1, Max = 100_000)]
    public int Steps { get; set; } = 3;

    /// <summary>The momentum snippet prints only w.grad; the others print w.grad and w.</summary>
    protected virtual bool PrintsW => true;

    protected abstract optim.Optimizer CreateOptimizer(Parameter w);

    /// <summary>What the learner should take away, given the gradients and weights of every step.</summary>
    protected abstract IEnumerable<string> TakeAway(double[] grads, double[] ws);

    public override void Run(LessonContext ctx)
    {
        // step 1 - the weight
        var w = nn.Parameter(torch.tensor(new float[] { 1.0f }));
        // step 2 - the optimizer
        var optimizer = CreateOptimizer(w);
        var steps = new List<Dictionary<string, object?>>();
        string? diverged = null;
        for (int step = 0; step < Steps && diverged is null; step++)
        {
            using var scope = torch.NewDisposeScope();
            // loss = w²/2, summed; in practice a task's loss (cross entropy, MSE, ...)
            var loss = (w.pow(2) / 2.0).sum();
            // step 3 - gradients; step 4 - update
            optimizer.zero_grad();
            loss.backward();
            try
            {
                optimizer.step();
            }
            catch (Exception e) when (NonFinite.IsFloatOverflow(e))
            {
                diverged = NonFinite.OverflowMessage($"step {step + 1}", Lr);
                break;
            }
            if (PrintsW) ctx.Print("w.grad->", w.grad, w);
            else ctx.Print("w.grad->", w.grad);
            float grad = w.grad!.item<float>(), value = w.detach().item<float>();
            steps.Add(new() { ["grad"] = grad, ["w"] = value });
            if (!NonFinite.AllFinite(grad, value))
                diverged = NonFinite.Message(float.IsFinite(value) ? "w.grad" : "w", float.IsFinite(value) ? grad : value, $"step {step + 1}", Lr);
        }
        ctx.Result("steps", steps);
        if (diverged is not null) throw new LessonRunException(diverged);

        double[] grads = steps.Select(s => (double)(float)s["grad"]!).ToArray();
        double[] ws = steps.Select(s => (double)(float)s["w"]!).ToArray();
        ctx.Note("");
        foreach (string line in TakeAway(grads, ws)) ctx.Note(line);
    }

    protected static string Row(IEnumerable<double> values) => string.Join(", ", values.Select(v => PyFormat.Fixed(v, 6)));
}

/// <summary>动量算法(Momentum): SGD with momentum.</summary>
public sealed class MomentumLesson : OptimizerStepsLesson
{
    public MomentumLesson() => Steps = 2;

    public override string Id => "momentum";
    public override CourseSection Section => Course.Momentum;
    public override string Description => "optim.SGD([w], lr=0.01, momentum=0.9) on loss = w²/2, two steps";
    protected override bool PrintsW => false;

    [Knob("momentum", "momentum factor μ (the course's β)", Min = 0, Below = 1)]
    public double Momentum { get; set; } = 0.9;

    protected override optim.Optimizer CreateOptimizer(Parameter w) => torch.optim.SGD([w], Lr, momentum: Momentum);

    protected override IEnumerable<string> TakeAway(double[] grads, double[] ws)
    {
        // PyTorch: v_t = μ·v_{t-1} + g_t, w -= lr·v_t.  Course: S_t = (1−β)·g_t + β·S_{t-1}.
        var pytorch = new double[grads.Length];
        var course = new double[grads.Length];
        for (int t = 0; t < grads.Length; t++)
        {
            pytorch[t] = (t == 0 ? 0 : Momentum * pytorch[t - 1]) + grads[t];
            course[t] = (1 - Momentum) * grads[t] + (t == 0 ? 0 : Momentum * course[t - 1]);
        }
        yield return $"PyTorch's momentum buffer is v = μ·v + g (no (1−β) factor; that would be `dampening`): v = [{Row(pytorch)}]";
        yield return $"The course writes S_t = (1−β)·g_t + β·S_(t−1), an EWMA of the gradients:           S = [{Row(course)}]";
        yield return $"They differ only by the constant factor S = (1−β)·v, so PyTorch with lr equals the course's rule with lr/(1−β) = {PyFormat.Repr(Lr / (1 - Momentum))}.";
    }
}

/// <summary>AdaGrad: the step shrinks as squared gradients accumulate.</summary>
public sealed class AdaGradLesson : OptimizerStepsLesson
{
    public override string Id => "adagrad";
    public override CourseSection Section => Course.AdaGrad;
    public override string Description => "optim.Adagrad([w], lr=0.01) on loss = w²/2, three steps";

    protected override optim.Optimizer CreateOptimizer(Parameter w) => torch.optim.Adagrad([w], Lr);

    protected override IEnumerable<string> TakeAway(double[] grads, double[] ws)
    {
        // Accumulator s_t = s_{t-1} + g_t²; step = lr·g_t / (√s_t + eps), eps = 1e-10.
        double s = 0;
        var effective = grads.Select(g => { s += g * g; return Lr / (Math.Sqrt(s) + 1e-10); }).ToArray();
        yield return $"AdaGrad divides lr by the root of ALL past squared gradients, so the effective rate only shrinks: lr_eff = [{Row(effective)}]";
    }
}

/// <summary>RMSProp: a moving average of squared gradients replaces AdaGrad's sum.</summary>
public sealed class RmsPropLesson : OptimizerStepsLesson
{
    public override string Id => "rmsprop";
    public override CourseSection Section => Course.RmsProp;
    public override string Description => "optim.RMSprop([w], lr=0.01, alpha=0.9) on loss = w²/2, three steps";

    [Knob("alpha", "smoothing of the squared-gradient average", Min = 0, Max = 1)]
    public double Alpha { get; set; } = 0.9;

    protected override optim.Optimizer CreateOptimizer(Parameter w) => torch.optim.RMSProp([w], Lr, alpha: Alpha);

    protected override IEnumerable<string> TakeAway(double[] grads, double[] ws)
    {
        // s_t = α·s_{t-1} + (1−α)·g_t²; step = lr·g_t / (√s_t + eps), eps = 1e-8.
        double s = 0;
        var average = grads.Select(g => s = Alpha * s + (1 - Alpha) * g * g).ToArray();
        yield return $"RMSProp keeps an exponentially weighted moving average of g² (α = {PyFormat.Repr(Alpha)}), so old gradients fade: s = [{Row(average)}]";
        yield return "Unlike AdaGrad's ever-growing sum, the average can shrink again, so the step does not vanish.";
    }
}

/// <summary>Adam: momentum on the gradient plus RMSProp's scaling, both bias-corrected.</summary>
public sealed class AdamLesson : OptimizerStepsLesson
{
    public override string Id => "adam";
    public override CourseSection Section => Course.Adam;
    public override string Description => "optim.Adam([w], lr=0.01, betas=(0.9, 0.99)) on loss = w²/2, three steps";

    [Knob("beta1", "decay of the gradient average (the momentum part)", Min = 0, Below = 1)]
    public double Beta1 { get; set; } = 0.9;

    [Knob("beta2", "decay of the squared-gradient average (the RMSProp part)", Min = 0, Below = 1)]
    public double Beta2 { get; set; } = 0.99;

    protected override optim.Optimizer CreateOptimizer(Parameter w) => torch.optim.Adam([w], Lr, beta1: Beta1, beta2: Beta2);

    protected override IEnumerable<string> TakeAway(double[] grads, double[] ws)
    {
        double m = 0, v = 0;
        var raw = new List<double>();
        var corrected = new List<double>();
        for (int t = 1; t <= grads.Length; t++)
        {
            double g = grads[t - 1];
            m = Beta1 * m + (1 - Beta1) * g;
            v = Beta2 * v + (1 - Beta2) * g * g;
            raw.Add(m);
            corrected.Add(m / (1 - Math.Pow(Beta1, t)));
        }
        yield return $"Adam averages g (β1) and g² (β2). The averages start at 0, so early ones are too small: m = [{Row(raw)}]";
        yield return $"Bias correction divides by 1 − β^t: m̂ = [{Row(corrected)}], which is why every step here moves w by about lr.";
    }
}
