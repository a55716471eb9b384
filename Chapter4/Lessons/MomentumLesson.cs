using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

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

    protected override void TakeAway(LessonContext ctx, IReadOnlyList<StepRecord> steps)
    {
        double floor = NoiseFloor(steps);
        double[] grads = steps.Select(s => s.Grad).ToArray();
        if (steps[0].State.Count == 0)
            // With μ = 0 PyTorch keeps no buffer: the state read back is empty, and the step is −lr·g.
            ctx.Say(Claim.Fact().Quoting(("momentum", Momentum)), "no-buffer");
        else
        {
            // PyTorch: v_t = μ·v_(t−1) + g_t, v_1 = g_1; the course: S_t = (1−β)·g_t + β·S_(t−1), S_0 = 0 — both from the printed gradients.
            double[] buffer = steps.Select(s => (double)s.State["momentum_buffer"]).ToArray();
            double[] v = new double[steps.Count], course = new double[steps.Count];
            for (int t = 0; t < steps.Count; t++)
            {
                v[t] = t == 0 ? grads[0] : Momentum * v[t - 1] + grads[t];
                course[t] = (1 - Momentum) * grads[t] + Momentum * (t == 0 ? 0 : course[t - 1]);
            }
            ctx.Fact("state-intro");
            ctx.Say(Claim.Trend("w.grad", grads, floor), "grads", Row(grads));
            // float32 state against the same recurrence in float64: a few roundings (2⁻²⁴ ≈ 6e-8) of the largest |v| per step.
            double tolerance = 1e-6 * Math.Max(1, buffer.Max(Math.Abs));
            ctx.Say(Claim.Identity("optimizer.state[w]['momentum_buffer']", buffer, "μ·v + g (v_1 = g_1)", v, tolerance).Quoting(("momentum", Momentum)), "buffer", Row(buffer));
            ctx.Say(Claim.Trend("the course's S", course), "course-s", Row(course));
            var same = Claim.Identity("the course's S", course, "(1−β)·v", buffer.Select(b => (1 - Momentum) * b).ToList(), tolerance)
                .Quoting(("lr/(1−β)", Lr / (1 - Momentum)), ("momentum", Momentum));
            if (same.MaxAbsDiff <= same.Tolerance) ctx.Say(same, "s-equals", N(same.MaxAbsDiff), N(Lr / (1 - Momentum)));
            else ctx.Say(same, "s-differs", N(same.MaxAbsDiff));
        }
        // Signed: v can turn negative when momentum carries w past the minimum, and the steps then reverse.
        double[] change = steps.Select(s => s.Change).ToArray();
        var direction = Claim.Trend("change of w", change, floor);
        string rule = steps[0].State.Count == 0 ? "−lr·g" : "−lr·v";
        if (change.Length == 1) ctx.Say(direction, "step-one", rule, Row(change));
        else if (direction.SignChanges > 0) ctx.Say(direction, "steps-reverse", rule, Row(change), direction.SignChanges);
        else ctx.Say(direction, "steps-one-way", rule, Row(change));
        if (change.Length < 2) return;
        // The sizes |w_t − w_(t−1)| and their trend by TrendRule (differences within the float32 noise floor ignored).
        double[] sizes = change.Select(Math.Abs).ToArray();
        var trend = Claim.Trend("|change of w|", sizes, floor);
        ctx.Say(trend, trend.Direction switch
        {
            TrendDirection.Increasing => "sizes-growing",
            TrendDirection.Decreasing => "sizes-shrinking",
            TrendDirection.Constant => "sizes-constant",
            _ => "sizes-mixed",
        }, Row(sizes), N(floor));
    }
}
