using System.Globalization;
using System.Text.Json.Nodes;
using Chapter4.Claims;
using Chapter4.Lessons;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// lr-sweep (teaching-review-3, statements 3 and 4, plot 7): plain SGD and SGD with momentum on loss = w², each run judged
/// by a stated rule on its losses and on w's sign changes, beside the formula for gradient descent on a quadratic.
/// </summary>
[TestOf(typeof(LrSweepLesson))]
public class LrSweepTests
{
    private static readonly string[] ReviewersKnobs = ["--momentum", "0", "--lrs", "0.001,0.01,0.1,0.5,0.9,1.0,1.01"];

    private static double D(JsonNode? n) => n!.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? (string)n! switch { "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => double.NaN }
        : double.Parse(n.ToJsonString(), CultureInfo.InvariantCulture);

    private static List<(double Mu, double Lr, double[] Losses, string Verdict, int Flips)> Runs(LessonMemo.Run run) =>
        run.Outcome.Results["runs"]!.AsArray().Select(r => (D(r!["momentum"]), D(r["lr"]), r["losses"]!.AsArray().Select(D).ToArray(), (string)r["verdict"]!, (int)D(r["w_sign_changes"]))).ToList();

    /// <summary>
    /// The reviewer's exact case. With μ = 0, w_t = (1 − 2·lr)^t and the loss before step t + 1 is w_t² = (1 − 2·lr)^(2t).
    /// Bound: 1e-4 relative. Each float32 step w − lr·2w rounds twice (2⁻²⁴ each), amplified by 2·lr/|1 − 2·lr| ≤ 2.3
    /// at these rates (lr 1.01: 2.02/1.02), so 200 steps stay below 200·2·2.3·6e-8 ≈ 5.5e-5 in w and twice that in w²;
    /// compared only where the formula is above 1e-30, since below float32's normal range (1.2e-38) the relative precision is lost.
    /// </summary>
    [Test]
    public void ReviewersCaseLossesFollowTheFormulaAndEachRateGetsItsVerdict()
    {
        var run = LessonMemo.Of("lr-sweep", ReviewersKnobs);
        Assert.That(run.Outcome.Error, Is.Null);
        var runs = Runs(run);
        Assert.That(runs.Select(r => r.Mu), Is.All.EqualTo(0.0), "--momentum 0 runs the plain sweep only");
        foreach (var (_, lr, losses, _, _) in runs)
            for (int t = 0; t < losses.Length; t++)
            {
                double expected = Math.Pow(1 - 2 * lr, 2 * t);
                if (expected > 1e-30) Assert.That(losses[t], Is.EqualTo(expected).Within(1e-4 * expected), $"lr {lr}, step {t}");
            }
        var verdicts = runs.ToDictionary(r => r.Lr, r => r.Verdict);
        Assert.That(verdicts, Is.EqualTo(new Dictionary<double, string>
        {
            [0.001] = "slow",
            [0.01] = "converging",
            [0.1] = "converging",
            [0.5] = "converging",
            [0.9] = "oscillating-converging",
            [1.0] = "oscillating-forever",
            [1.01] = "diverging",
        }));
        // lr 1.0 = 2/h: w ← −w at every step, the loss stays exactly 1 (1 − 2·1 = −1 is exact in float32).
        var flip = runs.Single(r => r.Lr == 1.0);
        Assert.That(flip.Losses, Is.All.EqualTo(1.0));
        Assert.That(flip.Flips, Is.EqualTo(200));
        // lr 1.01 diverges: |w| grows by 1.02 per step, the loss by 1.0404.
        Assert.That(runs.Single(r => r.Lr == 1.01).Losses[^1], Is.EqualTo(Math.Pow(1.02, 2 * 199)).Within(1e-3 * Math.Pow(1.02, 2 * 199)));
        // lr 0.5 = 1/h solves in one step: the loss is exactly 0 from step 1 on, and the sweep says so.
        Assert.That(runs.Single(r => r.Lr == 0.5).Losses.Skip(1), Is.All.EqualTo(0.0));
        var zero = run.Outcome.Takeaways.Single(c => c.Key == "zero.one-step");
        Assert.That(zero.Text, Does.Contain("from step 1 on").And.Contain("marked ▼"));
        Assert.That(run.Text, Does.Contain("μ 0, lr 1.0: oscillating for ever").And.Contain("μ 0, lr 1.01: diverging"));
        Assert.That(run.Text, Does.Not.Contain("too-slow").And.Not.Contain("lr 1.0: slow"));
    }

    /// <summary>The rule the lesson states, re-derived here from the losses and a run of the same w recurrence.</summary>
    [TestCase]
    [TestCase("--lrs", "0.05,0.5,3", "--steps", "50")]
    [TestCase("--lrs", "1.0", "--steps", "2", "--momentum", "0")]
    [TestCase("--lrs", "1e-9,0.0015,1.85,1.95", "--momentum", "0.9", "--steps", "300")]
    public void VerdictsFollowTheStatedRule(params string[] knobs)
    {
        var run = LessonMemo.Of("lr-sweep", knobs);
        Assert.That(run.Outcome.Error, Is.Null);
        Assert.That(run.Text, Does.Contain("diverging if the loss stops being a number or ends above its start"));
        foreach (var (mu, lr, losses, verdict, flips) in Runs(run))
        {
            bool zigZag = flips >= 3;
            bool constant = losses.All(l => l == losses[0]);
            string expected = losses.Any(l => !double.IsFinite(l)) || losses[^1] > losses[0] ? "diverging"
                : losses[^1] == losses[0] ? (!constant ? "not-converging" : zigZag ? "oscillating-forever" : flips == 0 && lr * 2 < 6e-8 ? "not-moving" : "constant-loss")
                : zigZag ? "oscillating-converging" : losses[^1] > 0.01 * losses[0] ? "slow" : "converging";
            Assert.That(verdict, Is.EqualTo(expected), $"μ {mu}, lr {lr}");
        }
    }

    /// <summary>
    /// The default sweep runs μ = 0 and μ = 0.9 (statement 4). On loss = w² (h = 2) with momentum μ, the update is
    /// w_(t+1) = (1 + μ − lr·h)·w_t − μ·w_(t−1): w oscillates iff lr·h > (1 − √μ)², and it is stable iff lr·h &lt; 2(1 + μ).
    /// The sentences state those bounds, and the best run at μ 0.9 — an oscillating one — is never called too high.
    /// </summary>
    [Test]
    public void DefaultsShowBothMomentaAndTheHeavyBallBoundaries()
    {
        var run = LessonMemo.Of("lr-sweep");
        Assert.That(run.Outcome.Error, Is.Null);
        var runs = Runs(run);
        Assert.That(runs.Select(r => r.Mu).Distinct(), Is.EqualTo(new[] { 0.0, 0.9 }));
        double mu = 0.9, onset = Math.Pow(1 - Math.Sqrt(mu), 2) / 2, limit = 2 * (1 + mu) / 2;
        Assert.That(onset, Is.EqualTo(0.0013167).Within(1e-7));
        Assert.That(run.Text, Does.Contain("lr > 0.001317").And.Contain("lr < 1.9"));
        foreach (var (m, lr, _, verdict, _) in runs)
        {
            double a = lr * 2, osc = Math.Pow(1 - Math.Sqrt(m), 2), stable = 2 * (1 + m);
            string predicted = a > stable ? "diverging" : a > osc ? "oscillating" : "not oscillating";
            string observed = verdict == "diverging" ? "diverging" : verdict.StartsWith("oscillating", StringComparison.Ordinal) ? "oscillating" : "not oscillating";
            Assert.That(observed, Is.EqualTo(predicted), $"μ {m}, lr {lr}");
        }
        Assert.That(limit, Is.EqualTo(1.9).Within(1e-12));
        // The best rate at μ 0.9 oscillates; the lesson says that is not a sign of too high a rate.
        var best = runs.Where(r => r.Mu == 0.9 && r.Verdict != "diverging").MinBy(r => r.Losses[^1]);
        Assert.That(best.Lr, Is.EqualTo(0.01));
        Assert.That(best.Verdict, Is.EqualTo("oscillating-converging"));
        Assert.That(run.Outcome.Takeaways.Single(c => c.Key == "course.at-or-below").Text, Does.Contain("not a sign of too high a rate"));
        Assert.That(run.Outcome.Takeaways.Count(c => c.Key == "formula.agrees"), Is.EqualTo(2));
        Assert.That(run.Outcome.Takeaways.Single(c => c.Key == "course").Text, Does.StartWith("The course: too high a rate oscillates"));
    }

    /// <summary>One plot per momentum: --momentum 0 writes lr-sweep.png only.</summary>
    [Test]
    public void MomentumZeroDrawsThePlainSweepOnly()
    {
        var lesson = new LrSweepLesson { Momentum = 0 };
        Assert.That(lesson.Plots.Select(p => p.File), Is.EqualTo(new[] { "lr-sweep.png" }));
        Assert.That(new LrSweepLesson().Plots.Select(p => p.File), Is.EqualTo(new[] { "lr-sweep.png", "lr-sweep-momentum.png" }));
        var run = LessonMemo.Of("lr-sweep", plots: true, ReviewersKnobs);
        Assert.That(run.Outcome.PlotAudits.Select(a => a.File), Is.EqualTo(new[] { "lr-sweep.png" }));
        Assert.That(run.Outcome.PlotAudits.Single().PointsOutside, Is.Zero, "the loss of exactly 0 is drawn at the axis floor, inside");
    }

    /// <summary>Each run's sentence is a claim whose data is the series its trend word is about.</summary>
    [Test]
    public void RunSentencesCarryTheSeriesTheyDescribe()
    {
        var run = LessonMemo.Of("lr-sweep", ReviewersKnobs);
        var forever = (TrendClaim)run.Outcome.Takeaways.Single(c => c.Key == "run.forever");
        Assert.That(forever.Series, Is.EqualTo("w"));
        Assert.That(forever.ZigZag, Is.True);
        var falls = run.Outcome.Takeaways.Where(c => c.Key == "run.converging").Cast<TrendClaim>().ToList();
        Assert.That(falls, Has.Count.EqualTo(3));
        Assert.That(falls.Select(c => c.Direction), Is.All.EqualTo(TrendDirection.Decreasing));
    }
}
