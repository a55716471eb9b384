using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Plotting;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// 为什么进行学习率优化: the course's learning-rate script (SGD with momentum on loss = (w·x − y_true)²,
/// w = 1, x = 1, y_true = 0) run at several learning rates, each judged from its losses alone:
/// diverged if the loss stops being a number or ends above where it started; oscillating if it ever
/// goes up; too slow if it ends above 1% of where it started; good otherwise.
/// </summary>
public sealed class LrSweepLesson : Lesson
{
    public override string Id => "lr-sweep";
    public override CourseSection Section => CourseOutline.WhyDecay;
    public override string Description => "the course's lr script at 6 learning rates: too slow, good, oscillating and diverged, judged from the losses";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("lr-sweep.png", "The same script at six rates (log scale): 0.0001 barely moves, 0.001 falls smoothly, 0.01–1 go up and down (and end lowest), 2.5 diverges."),
        ];

    [Knob("lrs", "the learning rates to try", Above = 0, MaxCount = 20)]
    public double[] Lrs { get; set; } = [0.0001, 0.001, 0.01, 0.1, 1.0, 2.5];

    [Knob("steps", "optimizer steps per learning rate", Min = 2, Max = 100_000)]
    public int Steps { get; set; } = 200;

    [Knob("momentum", "SGD's momentum (the course's lr scripts use 0.9)", Min = 0, Below = 1)]
    public double Momentum { get; set; } = 0.9;

    /// <summary>About 100 µs a step here: 400,000 keep the lesson within a minute.</summary>
    public const long MaxSteps = 400_000;

    public override void Validate()
    {
        long steps = (long)Lrs.Length * Steps;
        if (steps > MaxSteps)
            throw new LessonInputException($"{Lrs.Length} learning rates × --steps {Steps} = {steps} steps; at most {MaxSteps} keep this lesson within about a minute");
    }

    /// <summary>The rule, from the losses alone.</summary>
    public static string Verdict(IReadOnlyList<double> losses)
    {
        if (!double.IsFinite(losses[^1]) || losses[^1] > losses[0]) return "diverged";
        for (int t = 1; t < losses.Count; t++)
            if (losses[t] > losses[t - 1]) return "oscillating";
        return losses[^1] > 0.01 * losses[0] ? "too-slow" : "good";
    }

    public override void Run(LessonContext ctx)
    {
        var runs = new List<(double Lr, List<double> Losses, string Verdict, int Flips)>();
        ctx.Print($"{"lr",8} {"final loss",14}  verdict");
        foreach (double lr in Lrs)
        {
            var x = torch.tensor(new float[] { 1.0f });
            var y_true = torch.tensor(new float[] { 0.0f });
            var w = nn.Parameter(torch.tensor(new float[] { 1.0f }));
            var optimizer = torch.optim.SGD([w], lr, momentum: Momentum);
            var losses = new List<double>();
            int flips = 0;
            for (int step = 0; step < Steps; step++)
            {
                using var scope = torch.NewDisposeScope();
                var loss = (w * x - y_true).pow(2).sum();
                losses.Add(loss.item<float>());
                // A diverging run is this lesson's point: it stops here and gets its verdict.
                if (!double.IsFinite(losses[^1])) break;
                float before = w.detach().item<float>();
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                float after = w.detach().item<float>();
                if ((before > 0 && after < 0) || (before < 0 && after > 0)) flips++;
            }
            string verdict = Verdict(losses);
            ctx.Print($"{PyFormat.Repr(lr),8} {PyFormat.Scientific(losses[^1], 6),14}  {verdict}");
            runs.Add((lr, losses, verdict, flips));
        }

        ctx.Result("runs", runs.Select(r => new Dictionary<string, object?>
        {
            ["lr"] = r.Lr,
            ["final_loss"] = r.Losses[^1],
            ["verdict"] = r.Verdict,
            ["w_sign_changes"] = r.Flips,
            ["losses"] = r.Losses,
        }));

        var plot = Figures.Create($"The same script at {runs.Count} learning rates (SGD, momentum {PyFormat.Repr(Momentum)})", "Step", "Loss (w·x − y)², log scale");
        plot.UseLogY();
        foreach (var (lr, losses, verdict, _) in runs)
        {
            // Log scale: the finite, positive losses; a diverged run's curve ends where its loss stopped being a number.
            var shown = losses.Select((l, t) => (t, l)).Where(p => double.IsFinite(p.l) && p.l > 0).ToArray();
            if (shown.Length == 0) continue;
            plot.LineLogY(shown.Select(p => (double)p.t).ToArray(), shown.Select(p => p.l).ToArray(), $"lr {PyFormat.Repr(lr)}: {verdict}");
        }
        ctx.Save(plot, "lr-sweep.png");

        ctx.Note("");
        ctx.Note("The rule, from the losses alone: diverged if the loss stops being a number or ends above its start; " +
                 "oscillating if it ever goes up; too slow if it ends above 1% of its start; good otherwise.");
        foreach (string line in TakeAways(runs.Select(r => (r.Lr, r.Losses[^1], r.Verdict, r.Flips)).ToList())) ctx.Note(line);
    }

    /// <summary>What this run shows, computed from its verdicts and losses.</summary>
    private static IEnumerable<string> TakeAways(List<(double Lr, double Final, string Verdict, int Flips)> runs)
    {
        string Rates(string verdict) => string.Join(", ", runs.Where(r => r.Verdict == verdict).Select(r => PyFormat.Repr(r.Lr)));
        foreach (string v in new[] { "too-slow", "good", "oscillating", "diverged" })
            if (runs.Any(r => r.Verdict == v)) yield return $"  {v}: lr {Rates(v)}";
        var finite = runs.Where(r => r.Verdict != "diverged").ToList();
        if (finite.Count > 0)
        {
            var best = finite.MinBy(r => r.Final);
            yield return $"Lowest final loss: lr {PyFormat.Repr(best.Lr)} ({best.Verdict}, {PyFormat.Scientific(best.Final, 3)}).";
        }
        var hidden = runs.Where(r => r.Verdict is "good" or "too-slow" && r.Flips > 0).ToList();
        if (hidden.Count > 0)
            yield return $"At lr {string.Join(", ", hidden.Select(r => PyFormat.Repr(r.Lr)))} w changes sign {string.Join(", ", hidden.Select(r => r.Flips))} times " +
                         "(the gradient 2w flips: the course's 梯度震荡) while the loss still falls every step: the rule sees only the loss.";
        yield return "The course: too high a rate oscillates or diverges, too low a rate is slow; start high and decay (the schedules of 4.2–4.4).";
    }
}
