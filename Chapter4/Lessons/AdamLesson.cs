using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Printing;
using Chapter4.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

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

    // Transitional: these sentences become claims (ctx.Say) with their .resx.
    protected override void TakeAway(LessonContext ctx, IReadOnlyList<StepRecord> steps)
    {
        foreach (string line in Sentences(steps)) ctx.Note(line);
    }

    private IEnumerable<string> Sentences(IReadOnlyList<StepRecord> steps)
    {
        // m = exp_avg, v = exp_avg_sq from the optimizer; m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t); step = lr·m̂/(√v̂ + ε).
        double[] m = steps.Select(s => (double)s.State["exp_avg"]).ToArray();
        double[] v = steps.Select(s => (double)s.State["exp_avg_sq"]).ToArray();
        double[] mHat = m.Select((x, i) => x / (1 - Math.Pow(Beta1, i + 1))).ToArray();
        double[] vHat = v.Select((x, i) => x / (1 - Math.Pow(Beta2, i + 1))).ToArray();
        double[] moved = steps.Select(s => s.Moved).ToArray();
        double[] change = steps.Select(s => s.Change).ToArray();
        yield return $"optimizer.state[w]: m = exp_avg = [{Row(m)}], v = exp_avg_sq = [{Row(v)}]";
        yield return $"Bias-corrected: m̂ = m/(1 − β1^t) = [{Row(mHat)}], v̂ = v/(1 − β2^t) = [{Row(vHat)}]";
        // Signed, as the uncorrected steps below: w_t − w_(t−1) = −lr·m̂/(√v̂ + ε).
        yield return $"The step −lr·m̂/(√v̂ + ε) changed w by [{Row(change)}] = [{string.Join(", ", change.Select(x => PyFormat.Fixed(x / Lr, 3)))}]·lr.";
        if (Beta1 == 0 && Beta2 == 0)
            yield return "With β1 = β2 = 0 the averages are g and g² themselves: m̂/√v̂ = sign(g), every step is lr, and there is nothing to correct.";
        else
        {
            // What the steps would have been with the raw averages: lr·m/(√v + ε).
            double[] uncorrected = m.Select((x, i) => -x / (Math.Sqrt(v[i]) + 1e-8)).ToArray();
            yield return $"With bias correction, m̂/√v̂ = sign(g) at step 1, so the first step is ≈ lr. Without it the steps would be " +
                         $"[{string.Join(", ", uncorrected.Select(x => PyFormat.Fixed(x, 3)))}]·lr (the first is (1−β1)/√(1−β2) = {N((1 - Beta1) / Math.Sqrt(1 - Beta2))}·lr).";
            if (mHat.Length > 1)
                yield return moved.Max() <= 2 * moved.Min()
                    ? $"m̂ went from {N(mHat[0])} to {N(mHat[^1])} while the step sizes stayed within a factor of 2 ({N(moved.Min() / Lr)}·lr to {N(moved.Max() / Lr)}·lr): " +
                      "Adam's step is the ratio m̂/√v̂, and v̂ falls with m̂."
                    : $"m̂ went from {N(mHat[0])} to {N(mHat[^1])}; the step sizes ranged from {N(moved.Min() / Lr)}·lr to {N(moved.Max() / Lr)}·lr " +
                      $"(a factor of {N(moved.Max() / moved.Min())}): the ratio m̂/√v̂ is near 1 only while g keeps its sign and size.";
        }
        if (Beta2 != 0.999)
            yield return $"The course uses betas=(0.9, 0.99); PyTorch's default is (0.9, 0.999). Here: ({N(Beta1)}, {N(Beta2)}).";
    }
}
