using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

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

    protected override void TakeAway(LessonContext ctx, IReadOnlyList<StepRecord> steps)
    {
        // sum_t = Σ g² over ALL steps so far, recomputed from the printed gradients; the step is −lr·g/(√sum + ε), ε = 1e-10.
        double[] sums = steps.Select(s => (double)s.State["sum"]).ToArray();
        double[] recomputed = new double[sums.Length];
        for (int t = 0; t < sums.Length; t++) recomputed[t] = (t == 0 ? 0 : recomputed[t - 1]) + steps[t].Grad * steps[t].Grad;
        // float32 state against the float64 sum: a few float32 roundings (2⁻²⁴ ≈ 6e-8) of the sum per step.
        ctx.Say(Claim.Identity("optimizer.state[w]['sum']", sums, "Σ g²", recomputed, 1e-6 * Math.Max(1, sums.Max())), "sum", Row(sums));
        double[] effective = sums.Select(s => Lr / (Math.Sqrt(s) + 1e-10)).ToArray();
        // The rate can only shrink (g² ≥ 0 is added each step); whether it did at every step is read from the steps: it
        // stays put where g² is 0 or too small to change the float32 sum (equal sums give equal rates, so no noise floor).
        var rate = Claim.Trend("lr/√sum", effective).Quoting(("lr", Lr));
        bool everyStep = effective.Zip(effective.Skip(1)).All(p => p.Second < p.First);
        string key = effective.Length == 1 ? "rate-one" : rate.Direction switch
        {
            TrendDirection.Decreasing when everyStep => "rate-shrinking",
            TrendDirection.Constant => "rate-constant",
            _ => "rate-mixed",
        };
        ctx.Say(rate, key, Row(effective));
        double[] change = steps.Select(s => s.Change).ToArray();
        ctx.Say(Claim.Trend("change of w", change, NoiseFloor(steps)), "changes", Row(change));
    }
}
