using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Printing;
using Chapter4.Training;
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

    /// <summary>The optimizer's state for w after a step, as PyTorch names it in optimizer.state[w].</summary>
    protected abstract Dictionary<string, float> ReadState(optim.Optimizer optimizer);

    /// <summary>What the learner should take away, computed from every step's gradient, weight and state.</summary>
    protected abstract IEnumerable<string> TakeAway(IReadOnlyList<StepRecord> steps);

    /// <summary>One step: the gradient it used, w after it, the optimizer's state after it.</summary>
    protected sealed record StepRecord(double Grad, double W, double WBefore, IReadOnlyDictionary<string, float> State)
    {
        /// <summary>How far the step moved w.</summary>
        public double Moved => Math.Abs(W - WBefore);
    }

    /// <summary>Numbers in prose, the Python way and short: 0.1, not 0.10000000000000002.</summary>
    protected static string N(double v) => PyFormat.General(v, 6);

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
            var state = ReadState(optimizer);
            steps.Add(new() { ["grad"] = grad, ["w"] = value, ["state"] = state.ToDictionary(kv => kv.Key, kv => (object?)kv.Value) });
            if (!NonFinite.AllFinite(grad, value))
                diverged = NonFinite.Message(float.IsFinite(value) ? "w.grad" : "w", float.IsFinite(value) ? grad : value, $"step {step + 1}", Lr);
        }
        ctx.Result("steps", steps);
        if (diverged is not null) throw new LessonRunException(diverged);

        var records = new List<StepRecord>();
        for (int i = 0; i < steps.Count; i++)
        {
            var state = ((Dictionary<string, object?>)steps[i]["state"]!).ToDictionary(kv => kv.Key, kv => (float)kv.Value!);
            double before = i == 0 ? 1.0 : (float)steps[i - 1]["w"]!;
            records.Add(new StepRecord((float)steps[i]["grad"]!, (float)steps[i]["w"]!, before, state));
        }
        ctx.Note("");
        foreach (string line in TakeAway(records)) ctx.Note(line);
    }

    protected static string Row(IEnumerable<double> values) => string.Join(", ", values.Select(v => PyFormat.Fixed(v, 6)));
}

/// <summary>动量算法(Momentum): SGD with momentum.</summary>
public sealed class MomentumLesson : OptimizerStepsLesson
{
    public MomentumLesson() => Steps = 2;

    public override string Id => "momentum";
    public override string? Snippet => "3.3.3-momentum";
    public override CourseSection Section => CourseOutline.Momentum;
    public override string Description => "optim.SGD([w], lr=0.01, momentum=0.9) on loss = w²/2, two steps";
    protected override bool PrintsW => false;

    [Knob("momentum", "momentum factor μ (the course's β)", Min = 0, Below = 1)]
    public double Momentum { get; set; } = 0.9;

    protected override optim.Optimizer CreateOptimizer(Parameter w) => torch.optim.SGD([w], Lr, momentum: Momentum);

    protected override Dictionary<string, float> ReadState(optim.Optimizer optimizer) =>
        // With μ = 0 PyTorch keeps no buffer (None), and neither does TorchSharp.
        OptimizerStates.Of<SGD.State>(optimizer).momentum_buffer is { } buffer ? new() { ["momentum_buffer"] = buffer.item<float>() } : [];

    protected override IEnumerable<string> TakeAway(IReadOnlyList<StepRecord> steps)
    {
        // The course: S_t = (1−β)·g_t + β·S_(t−1), S_0 = 0, computed here from the printed gradients.
        if (steps[0].State.Count == 0)
        {
            yield return "With momentum 0 there is no buffer (optimizer.state[w] holds none): this is plain gradient descent, w ← w − lr·g.";
            yield break;
        }
        var course = new List<double>();
        foreach (var step in steps) course.Add((1 - Momentum) * step.Grad + Momentum * (course.Count == 0 ? 0 : course[^1]));
        double[] buffer = steps.Select(s => (double)s.State["momentum_buffer"]).ToArray();
        double worst = steps.Select((s, t) => Math.Abs((1 - Momentum) * buffer[t] - course[t])).Max();
        yield return "w.grad is the raw gradient of each step; the average lives in the optimizer's state:";
        yield return $"  w.grad                                   = [{Row(steps.Select(s => s.Grad))}]";
        yield return $"  optimizer.state[w]['momentum_buffer'] v  = [{Row(buffer)}]   (v = μ·v + g; the first step copies g)";
        yield return $"  the course's S = (1−β)·g + β·S, from S_0 = 0 = [{Row(course)}]";
        yield return worst <= 1e-6 * Math.Max(1, buffer.Max(Math.Abs))
            ? $"Here S = (1−β)·v at every step (largest difference {N(worst)}): PyTorch's SGD at lr is the course's rule at lr/(1−β) = {N(Lr / (1 - Momentum))}. " +
              "(dampening=β is not the same: PyTorch skips the damping on the first step.)"
            : $"Here S and (1−β)·v differ by up to {N(worst)}.";
        double[] moved = steps.Select(s => s.Moved).ToArray();
        yield return $"Each step moves w by lr·v = [{Row(moved)}]: {(moved.Length > 1 && moved[^1] > moved[0] ? "growing as the buffer gathers speed" : "the buffer has not gathered speed yet")}.";
    }
}

/// <summary>AdaGrad: the step shrinks as squared gradients accumulate.</summary>
public sealed class AdaGradLesson : OptimizerStepsLesson
{
    public override string Id => "adagrad";
    public override string? Snippet => "3.3.4-adagrad";
    public override CourseSection Section => CourseOutline.AdaGrad;
    public override string Description => "optim.Adagrad([w], lr=0.01) on loss = w²/2, three steps";

    protected override optim.Optimizer CreateOptimizer(Parameter w) => torch.optim.Adagrad([w], Lr);

    protected override Dictionary<string, float> ReadState(optim.Optimizer optimizer) =>
        new() { ["sum"] = OptimizerStates.Of<Adagrad.State>(optimizer).sum.item<float>() };

    protected override IEnumerable<string> TakeAway(IReadOnlyList<StepRecord> steps)
    {
        // The step is lr·g / (√sum + ε), sum = Σ g² over ALL steps so far.
        double[] effective = steps.Select(s => Lr / (Math.Sqrt(s.State["sum"]) + 1e-10)).ToArray();
        yield return $"optimizer.state[w]['sum'] = Σ g² = [{Row(steps.Select(s => (double)s.State["sum"]))}]";
        yield return $"AdaGrad divides lr by √(sum of ALL past g²), so the effective rate lr/√sum can only shrink: [{Row(effective)}]; " +
                     $"w moved by [{Row(steps.Select(s => s.Moved))}].";
    }
}

/// <summary>RMSProp: a moving average of squared gradients replaces AdaGrad's sum.</summary>
public sealed class RmsPropLesson : OptimizerStepsLesson
{
    public override string Id => "rmsprop";
    public override string? Snippet => "3.3.5-rmsprop";
    public override CourseSection Section => CourseOutline.RmsProp;
    public override string Description => "optim.RMSprop([w], lr=0.01, alpha=0.9) on loss = w²/2, three steps";

    [Knob("alpha", "smoothing of the squared-gradient average", Min = 0, Max = 1)]
    public double Alpha { get; set; } = 0.9;

    protected override optim.Optimizer CreateOptimizer(Parameter w) => torch.optim.RMSProp([w], Lr, alpha: Alpha);

    protected override Dictionary<string, float> ReadState(optim.Optimizer optimizer) =>
        new() { ["square_avg"] = OptimizerStates.Of<RMSProp.State>(optimizer).square_avg.item<float>() };

    protected override IEnumerable<string> TakeAway(IReadOnlyList<StepRecord> steps)
    {
        // s_t = α·s_(t−1) + (1−α)·g_t², from s_0 = 0, with no bias correction; step = lr·g/(√s + ε).
        double[] s = steps.Select(r => (double)r.State["square_avg"]).ToArray();
        double[] moved = steps.Select(r => r.Moved).ToArray();
        yield return $"optimizer.state[w]['square_avg'] s = α·s + (1−α)·g² = [{Row(s)}]   (the average of g², not of g)";
        yield return $"The step lr·g/√s moved w by [{Row(moved)}].";
        if (Alpha == 1)
            yield return "With α = 1 the average never moves from 0: the step is lr·g/ε (ε = 1e-8), and w explodes.";
        else
            yield return $"No bias correction: s starts from 0, so the first step is lr/√(1−α) = {N(Lr / Math.Sqrt(1 - Alpha))} = {N(1 / Math.Sqrt(1 - Alpha))}·lr " +
                         $"(measured {N(moved[0])}); Adam divides its averages by 1 − β^t and steps about lr from the start.";
        if (moved.Length > 1)
            yield return moved[^1] < moved[0]
                ? $"The steps shrink ({N(moved[0])} → {N(moved[^1])}) as g shrinks and the old, larger g² fade from s at rate α = {N(Alpha)}."
                : $"The steps do not shrink here ({N(moved[0])} → {N(moved[^1])}).";
    }
}

/// <summary>Adam: momentum on the gradient plus RMSProp's scaling, both bias-corrected.</summary>
public sealed class AdamLesson : OptimizerStepsLesson
{
    public override string Id => "adam";
    public override string? Snippet => "3.3.6-adam";
    public override CourseSection Section => CourseOutline.Adam;
    public override string Description => "optim.Adam([w], lr=0.01, betas=(0.9, 0.99)) on loss = w²/2, three steps";

    [Knob("beta1", "decay of the gradient average (the momentum part)", Min = 0, Below = 1)]
    public double Beta1 { get; set; } = 0.9;

    [Knob("beta2", "decay of the squared-gradient average (the RMSProp part)", Min = 0, Below = 1)]
    public double Beta2 { get; set; } = 0.99;

    protected override optim.Optimizer CreateOptimizer(Parameter w) => torch.optim.Adam([w], Lr, beta1: Beta1, beta2: Beta2);

    protected override Dictionary<string, float> ReadState(optim.Optimizer optimizer)
    {
        var state = OptimizerStates.Of<Adam.State>(optimizer);
        return new() { ["exp_avg"] = state.exp_avg.item<float>(), ["exp_avg_sq"] = state.exp_avg_sq.item<float>() };
    }

    protected override IEnumerable<string> TakeAway(IReadOnlyList<StepRecord> steps)
    {
        // m = exp_avg, v = exp_avg_sq from the optimizer; m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t); step = lr·m̂/(√v̂ + ε).
        double[] m = steps.Select(s => (double)s.State["exp_avg"]).ToArray();
        double[] v = steps.Select(s => (double)s.State["exp_avg_sq"]).ToArray();
        double[] mHat = m.Select((x, i) => x / (1 - Math.Pow(Beta1, i + 1))).ToArray();
        double[] vHat = v.Select((x, i) => x / (1 - Math.Pow(Beta2, i + 1))).ToArray();
        double[] moved = steps.Select(s => s.Moved).ToArray();
        yield return $"optimizer.state[w]: m = exp_avg = [{Row(m)}], v = exp_avg_sq = [{Row(v)}]";
        yield return $"Bias-corrected: m̂ = m/(1 − β1^t) = [{Row(mHat)}], v̂ = v/(1 − β2^t) = [{Row(vHat)}]";
        yield return $"The step lr·m̂/(√v̂ + ε) moved w by [{Row(moved)}] = [{string.Join(", ", moved.Select(x => PyFormat.Fixed(x / Lr, 3)))}]·lr.";
        if (Beta1 == 0 && Beta2 == 0)
            yield return "With β1 = β2 = 0 the averages are g and g² themselves: m̂/√v̂ = sign(g), every step is lr, and there is nothing to correct.";
        else
        {
            // What the steps would have been with the raw averages: lr·m/(√v + ε).
            double[] uncorrected = m.Select((x, i) => x / (Math.Sqrt(v[i]) + 1e-8)).ToArray();
            yield return $"With bias correction, m̂/√v̂ = sign(g) at step 1, so the first step is ≈ lr. Without it the steps would be " +
                         $"[{string.Join(", ", uncorrected.Select(x => PyFormat.Fixed(x, 3)))}]·lr (the first is (1−β1)/√(1−β2) = {N((1 - Beta1) / Math.Sqrt(1 - Beta2))}·lr).";
            if (mHat.Length > 1)
                yield return $"m̂ went from {N(mHat[0])} to {N(mHat[^1])} while the steps stayed between {N(moved.Min() / Lr)}·lr and {N(moved.Max() / Lr)}·lr: " +
                             "Adam's step is the ratio m̂/√v̂, and v̂ falls with m̂.";
        }
        if (Beta2 != 0.999)
            yield return $"The course uses betas=(0.9, 0.99); PyTorch's default is (0.9, 0.999). Here: ({N(Beta1)}, {N(Beta2)}).";
    }
}
