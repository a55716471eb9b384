using System.Globalization;
using System.Text.Json.Nodes;
using Chapter4.Claims;
using Chapter4.Lessons;
using Chapter4.Plotting;
using Chapter4.Printing;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>momentum-dynamics: its take-aways re-derived from the paths under knobs, and its plot's colours by μ (plot 9).</summary>
[TestOf(typeof(MomentumDynamicsLesson))]
public class MomentumDynamicsLessonTests
{
    private static double D(JsonNode? n) => double.Parse(n!.ToJsonString(), CultureInfo.InvariantCulture);

    [TestCase]
    [TestCase("--momenta", "0,0.95,0.999", "--lr", "0.5")]
    [TestCase("--momenta", "0.99,0.5", "--lr", "0.01", "--steps", "30")]
    [TestCase("--momenta", "0.9", "--lr", "0.02", "--steps", "5")]
    public void TheTakeAwaysFollowThePaths(params string[] knobs)
    {
        var run = LessonMemo.Of("momentum-dynamics", knobs);
        Assert.That(run.Outcome.Error, Is.Null);
        var said = run.Outcome.Takeaways;
        var runs = run.Outcome.Results["runs"]!.AsArray().Select(r => (Mu: D(r!["momentum"]), Final: D(r["final_f"]), X1Max: D(r["x1_max"]))).ToList();
        double lr = D(run.Outcome.Results["runs"]![0]!["lr"]);
        // Effective rate lr/(1 − μ), ascending.
        var effective = said.OfType<RankingClaim>().Single(c => c.Key == "effective");
        Assert.That(effective.Scores, Is.EqualTo(runs.Select(r => lr / (1 - r.Mu)).Order()).Within(1e-12));
        // Largest x1, smallest first; "no run passes the minimum" only when none exceeds 0 (beyond 5e-6, 1e-6 of |x1| = 5).
        var reach = said.OfType<RankingClaim>().Single(c => c.Key is "reach" or "reach-none");
        // The JSON keeps float32 values as their shortest decimals: within 1e-7 relative of the lesson's.
        Assert.That(reach.Scores, Is.EqualTo(runs.Select(r => r.X1Max).Order()).Within(1e-6));
        bool any = runs.Any(r => r.X1Max > 5e-6);
        Assert.That(reach.Key, Is.EqualTo(any ? "reach" : "reach-none"));
        // The overshoot's trend with μ by TrendRule, over the runs ordered by μ.
        var byMu = runs.OrderBy(r => r.Mu).Select(r => r.X1Max).ToList();
        var trend = said.OfType<TrendClaim>().SingleOrDefault(c => c.Key.StartsWith("overshoot-", StringComparison.Ordinal));
        if (runs.Count < 2 || !any) Assert.That(trend, Is.Null);
        else
        {
            bool up = byMu.Zip(byMu.Skip(1)).Any(p => p.Second - p.First > 5e-6), down = byMu.Zip(byMu.Skip(1)).Any(p => p.First - p.Second > 5e-6);
            Assert.That(trend!.Key, Is.EqualTo(up && !down ? "overshoot-grows" : down && !up ? "overshoot-falls" : "overshoot-mixed"));
        }
        // Final f, lowest first; "more momentum is not more progress" only when the largest μ ends above the best.
        var final = said.OfType<RankingClaim>().Single(c => c.Key == "final");
        Assert.That(final.Scores, Is.EqualTo(runs.Select(r => r.Final).Order()).Within(1e-4).Percent, "float32 in the JSON: 1e-6 relative");
        var largest = runs.MaxBy(r => r.Mu);
        bool worse = runs.Count > 1 && largest.Final > runs.Min(r => r.Final);
        Assert.That(said.Any(c => c.Key == "more-is-not-better"), Is.EqualTo(worse));
    }

    /// <summary>Plot 9: one colour per μ (SeriesColors.Setting), the legend outside the data, every point inside the axes.</summary>
    [Test]
    public void EachMuHasItsOwnColourAndEveryPathIsShown()
    {
        var run = LessonMemo.Of("momentum-dynamics", plots: true, "--momenta", "0,0.95,0.999", "--lr", "0.5");
        var audit = run.Outcome.PlotAudits.Single();
        var series = audit.Series.Where(s => s.Label.StartsWith("μ = ", StringComparison.Ordinal)).ToList();
        Assert.That(series, Has.Count.EqualTo(3));
        foreach (var ((label, color), mu) in series.Zip(new[] { 0, 0.95, 0.999 }))
        {
            Assert.That(label, Does.StartWith($"μ = {PyFormat.Repr(mu)} "));
            Assert.That(color, Is.EqualTo(SeriesColors.Hex(SeriesColors.Setting(mu))));
        }
        Assert.That(run.Outcome.PlotAudits.Single().PointsOutside, Is.Zero);
    }
}
