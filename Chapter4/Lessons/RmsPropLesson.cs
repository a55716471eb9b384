using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

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
        {
            // Why the steps change, from the numbers: the step is lr·|g|/√s, so compare how |g| and √s moved.
            double g0 = Math.Abs(steps[0].Grad), g1 = Math.Abs(steps[^1].Grad);
            string numbers = $"|g| {N(g0)} → {N(g1)}, s {N(s[0])} → {N(s[^1])}";
            if (moved[^1] < moved[0] && s[^1] > s[0])
                yield return $"The steps shrink ({N(moved[0])} → {N(moved[^1])}) mostly because s is still filling up from 0 ({numbers}): " +
                             "√s grows faster than |g| falls. That start-up bias is what Adam's bias correction removes.";
            else if (moved[^1] < moved[0])
                yield return $"The steps shrink ({N(moved[0])} → {N(moved[^1])}) because |g| falls while s falls less ({numbers}).";
            else
                yield return $"The steps do not shrink here ({N(moved[0])} → {N(moved[^1])}; {numbers}).";
        }
    }
}
