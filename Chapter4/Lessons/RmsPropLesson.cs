using Chapter4.Claims;
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

    protected override void TakeAway(LessonContext ctx, IReadOnlyList<StepRecord> steps)
    {
        // s_t = α·s_(t−1) + (1−α)·g_t², from s_0 = 0, with no bias correction; step = lr·g/(√s + ε).
        double[] s = steps.Select(r => (double)r.State["square_avg"]).ToArray();
        double[] recomputed = new double[s.Length];
        for (int t = 0; t < s.Length; t++) recomputed[t] = Alpha * (t == 0 ? 0 : recomputed[t - 1]) + (1 - Alpha) * steps[t].Grad * steps[t].Grad;
        // float32 state against the same recurrence in float64: a few float32 roundings (2⁻²⁴ ≈ 6e-8) per step.
        ctx.Say(Claim.Identity("optimizer.state[w]['square_avg']", s, "α·s + (1−α)·g²", recomputed, 1e-6 * Math.Max(1, s.Max())),
            "state", Row(s));
        double[] change = steps.Select(r => r.Change).ToArray();
        ctx.Say(Claim.Trend("change of w", change), "changes", Row(change));
        if (Alpha == 1)
        {
            ctx.Fact("alpha-one");
            SaySettings(ctx);
            return;
        }
        double first = Lr / Math.Sqrt(1 - Alpha), factor = 1 / Math.Sqrt(1 - Alpha);
        // ε = 1e-8 is added to √s, so the first step is lr·1/(√(1−α) + 1e-8): equal to lr/√(1−α) to about 1e-7 relative.
        ctx.Say(Claim.Compare("first step", steps[0].Moved, "lr/√(1−α)", first, 1e-5 * first).Quoting(("1/√(1−α)", factor)),
            "first-step", N(first), N(factor), N(steps[0].Moved));
        if (steps.Count > 1)
        {
            // The step is lr·|g|/(√s + ε): from the first step to the last it changes by (|g_last|/|g_first|)·√(s_first/s_last).
            // Which factor did it: |g| falling, or √s growing (s filling up from 0)? Steps within the float32 noise floor are equal.
            double g0 = Math.Abs(steps[0].Grad), g1 = Math.Abs(steps[^1].Grad);
            double sGrowth = Math.Sqrt(s[^1] / s[0]), gFall = g0 / g1;
            var quotes = new[] { ("|g| first", g0), ("|g| last", g1), ("s first", s[0]), ("s last", s[^1]), ("first step", steps[0].Moved), ("last step", steps[^1].Moved) };
            var shrink = Claim.Compare("last step", steps[^1].Moved, "first step", steps[0].Moved, 2 * NoiseFloor(steps)).Quoting(quotes);
            object[] ends = [N(steps[0].Moved), N(steps[^1].Moved), N(g0), N(g1), N(s[0]), N(s[^1])];
            if (shrink.Relation != "<")
                ctx.Say(shrink, "no-shrink", ends);
            else if (sGrowth <= 1)
                // s did not grow: the whole shrink is |g|'s, and √s fell by less.
                ctx.Say(Claim.Compare("|g_first|/|g_last|", gFall, "√(s_first/s_last)", 1 / sGrowth).Quoting(quotes), "shrink-gradient-s-fell", [.. ends, N(gFall), N(1 / sGrowth)]);
            else if (gFall <= 1)
                // |g| did not fall: the whole shrink is √s's growth.
                ctx.Say(Claim.Compare("√(s_last/s_first)", sGrowth, "|g_first|/|g_last|", gFall).Quoting(quotes), "shrink-s-grew", [.. ends, N(sGrowth)]);
            else
            {
                // Both: s grew while |g| fell, which it does only while s is below g², i.e. still filling up from 0.
                var why = Claim.Compare("√(s_last/s_first)", sGrowth, "|g_first|/|g_last|", gFall).Quoting(quotes);
                ctx.Say(why, why.Relation == ">" ? "shrink-filling" : "shrink-gradient", [.. ends, N(sGrowth), N(gFall)]);
            }
        }
        SaySettings(ctx);
    }
}
