using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
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

    protected override void TakeAway(LessonContext ctx, IReadOnlyList<StepRecord> steps)
    {
        double floor = NoiseFloor(steps);
        // m = exp_avg, v = exp_avg_sq read from the optimizer; recomputed from the printed gradients in float64.
        double[] g = steps.Select(s => s.Grad).ToArray();
        double[] m = steps.Select(s => (double)s.State["exp_avg"]).ToArray();
        double[] v = steps.Select(s => (double)s.State["exp_avg_sq"]).ToArray();
        double[] mAgain = new double[g.Length], vAgain = new double[g.Length];
        for (int t = 0; t < g.Length; t++)
        {
            mAgain[t] = Beta1 * (t == 0 ? 0 : mAgain[t - 1]) + (1 - Beta1) * g[t];
            vAgain[t] = Beta2 * (t == 0 ? 0 : vAgain[t - 1]) + (1 - Beta2) * g[t] * g[t];
        }
        // float32 state against float64: a few roundings (2⁻²⁴ ≈ 6e-8) of the largest value per step.
        ctx.Say(Claim.Identity("optimizer.state[w]['exp_avg']", m, "β1·m + (1−β1)·g", mAgain, 1e-6 * Math.Max(1, m.Max(Math.Abs))), "state-m", Row(m));
        ctx.Say(Claim.Identity("optimizer.state[w]['exp_avg_sq']", v, "β2·v + (1−β2)·g²", vAgain, 1e-6 * Math.Max(1, v.Max())), "state-v", Row(v));
        // m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t); the step is −lr·m̂/(√v̂ + ε), ε = 1e-8.
        double[] mHat = m.Select((x, i) => x / (1 - Math.Pow(Beta1, i + 1))).ToArray();
        double[] vHat = v.Select((x, i) => x / (1 - Math.Pow(Beta2, i + 1))).ToArray();
        ctx.Say(Claim.Trend("m̂", mHat, floor), "m-hat", Row(mHat));
        ctx.Say(Claim.Trend("v̂", vHat, floor), "v-hat", Row(vHat));
        // Signed, in units of lr, so they can be set beside the uncorrected steps below: (w_t − w_(t−1))/lr.
        double[] perLr = steps.Select(s => s.Change / Lr).ToArray();
        double[] formula = mHat.Select((x, i) => -x / (Math.Sqrt(vHat[i]) + 1e-8)).ToArray();
        // The measured change is the difference of two float32 w: uncertain by the noise floor, i.e. floor/lr in units of lr.
        double tolerance = 1e-5 + 2 * floor / Lr;
        var changes = Claim.Identity("(w_t − w_(t−1))/lr", perLr, "−m̂/(√v̂ + ε)", formula, tolerance).Quoting(("lr", Lr));
        if (changes.MaxAbsDiff <= tolerance) ctx.Say(changes, "changes", Row(perLr));
        else ctx.Say(changes, "changes-apart", Row(perLr), Row(formula), N(changes.MaxAbsDiff));
        var first = Claim.Compare("first step / lr", Math.Abs(perLr[0]), "1", 1, tolerance).Quoting(("lr", Lr));
        ctx.Say(first, first.Relation == "≈" ? "first-lr" : "first-not-lr", N(Math.Abs(perLr[0])), N(Lr));
        if (Beta1 == 0 && Beta2 == 0)
            ctx.Say(Claim.Fact().Quoting(("beta1", Beta1), ("beta2", Beta2)), "zero-betas");
        else
        {
            // What the steps would have been with the raw averages: −m/(√v + ε), in units of lr; at step 1 it is
            // −(1−β1)·g/(√(1−β2)·|g| + ε) ≈ −(1−β1)/√(1−β2)·sign(g).
            double[] uncorrected = m.Select((x, i) => -x / (Math.Sqrt(v[i]) + 1e-8)).ToArray();
            double factor = (1 - Beta1) / Math.Sqrt(1 - Beta2);
            var without = Claim.Compare("(1−β1)/√(1−β2)", factor, "corrected first step / lr", Math.Abs(perLr[0]), tolerance)
                .Quoting([.. uncorrected.Select((u, i) => ($"uncorrected step {i + 1} / lr", u))]);
            ctx.Say(without, without.Relation switch { ">" => "uncorrected-larger", "<" => "uncorrected-smaller", _ => "uncorrected-same" },
                Row(uncorrected), N(factor), N(Math.Abs(perLr[0])));
        }
        if (steps.Count > 1)
        {
            // How far the step sizes spread, in units of lr: Adam's step is lr·|m̂|/(√v̂ + ε), about lr only while the two move together.
            double[] sizes = perLr.Select(Math.Abs).ToArray();
            double smallest = sizes.Min(), largest = sizes.Max();
            var spread = Claim.Compare("largest step / lr", largest, "2 × smallest step / lr", 2 * smallest)
                .Quoting(("smallest step / lr", smallest), ("m̂ first", mHat[0]), ("m̂ last", mHat[^1]), ("√v̂ first", Math.Sqrt(vHat[0])), ("√v̂ last", Math.Sqrt(vHat[^1])));
            string[] ends = [N(mHat[0]), N(mHat[^1]), N(Math.Sqrt(vHat[0])), N(Math.Sqrt(vHat[^1]))];
            if (spread.Relation == ">")
                ctx.Say(spread.Quoting(("largest / smallest", largest / smallest)), "sizes-spread", [N(smallest), N(largest), N(largest / smallest), .. ends]);
            else
                ctx.Say(spread, "sizes-close", [N(smallest), N(largest), .. ends]);
            var signs = Claim.Trend("w.grad", g, floor);
            if (signs.SignChanges > 0)
            {
                int k = Array.IndexOf(sizes, smallest);
                int mFlips = TrendRule.SignChanges(mHat, floor);
                // With β1 = 0 there is no average: m̂ = g, and it cannot lag behind g.
                ctx.Say(signs.Quoting(("m̂ sign changes", mFlips), ("smallest step / lr", smallest), ("step", k + 1), ("m̂ there", mHat[k]), ("beta1", Beta1)),
                    Beta1 == 0 ? "grad-sign-no-average" : "grad-sign", signs.SignChanges, mFlips, N(smallest), k + 1, N(mHat[k]));
            }
        }
        SaySettings(ctx);
    }
}
