using System.Globalization;
using System.Text.Json.Nodes;
using Chapter4.Claims;
using Chapter4.Lessons;
using Chapter4.Plotting;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// optimizer-paths' take-aways re-derived from its paths by the rules they state (teaching-review-3, statements 7, 8
/// and 9; plot 8): zig-zag only for ≥ 3 sign changes above 1e-6 of the path's largest |x2|; "near the saddle" by the
/// distance from (0, 0) against 0.5; the growth of |x2| per step against (1 + 2·lr); a symmetric-log axis beyond 100×.
/// </summary>
[TestOf(typeof(OptimizerPathsLesson))]
public class OptimizerPathsLessonTests
{
    private static LessonMemo.Run Run(params string[] knobs) => LessonMemo.Of("optimizer-paths", knobs);

    private static double D(JsonNode? n) => double.Parse(n!.ToJsonString(), CultureInfo.InvariantCulture);

    private static List<(string Name, double[][] Points)> Paths(LessonMemo.Run run, string surface) =>
        run.Outcome.Results["paths"]![surface]!.AsObject()
            .Select(kv => (kv.Key, kv.Value!["points"]!.AsArray().Select(p => p!.AsArray().Select(D).ToArray()).ToArray())).ToList();

    private static int SignChangesAbove(IEnumerable<double> values, double floor)
    {
        int changes = 0, last = 0;
        foreach (double v in values)
        {
            int sign = v > floor ? 1 : v < -floor ? -1 : 0;
            if (sign == 0) continue;
            if (last != 0 && sign != last) changes++;
            last = sign;
        }
        return changes;
    }

    [TestCase]
    [TestCase("--saddle-lr", "0.2", "--steps", "40")]
    [TestCase("--lr", "0.4")]
    public void ZigZagOnlyForThreeSignChangesAboveTheNoiseFloor(params string[] knobs)
    {
        var run = Run(knobs);
        var said = run.Outcome.Takeaways;
        foreach (var (name, points) in Paths(run, "bowl"))
        {
            double[] x2 = points.Select(p => p[1]).ToArray();
            double floor = 1e-6 * x2.Max(Math.Abs);
            int changes = SignChangesAbove(x2, floor);
            var claim = said.OfType<TrendClaim>().SingleOrDefault(c => c.Series == $"x2 of {name}");
            string? expected = changes >= 3 ? "bowl-zigzag" : changes > 0 ? "bowl-crossings" : null;
            Assert.That(claim?.Key, Is.EqualTo(expected), $"{name}: {changes} sign changes above {floor}");
            if (claim is not null) Assert.That(claim.SignChanges, Is.EqualTo(changes));
        }
        if (knobs.Length == 0)
        {
            // The review's defaults: Adam crosses once (not a zig-zag); RMSProp's x2 flips only at the 1e-13 level (not counted).
            Assert.That(said.Single(c => c.Text.Contains("adam: x2", StringComparison.Ordinal)).Key, Is.EqualTo("bowl-crossings"));
            Assert.That(said.Any(c => c.Text.Contains("rmsprop: x2", StringComparison.Ordinal)), Is.False);
            var rmsprop = Paths(run, "bowl").Single(p => p.Name == "rmsprop").Points.Select(p => p[1]).ToArray();
            Assert.That(SignChangesAbove(rmsprop, 0), Is.GreaterThan(0), "without the floor, rmsprop's tiny x2 does change sign");
        }
    }

    [TestCase]
    [TestCase("--saddle-lr", "0.1", "--steps", "30")]
    [TestCase("--saddle-lr", "0.01", "--steps", "5")]
    public void NearTheSaddleIsDecidedByTheDistanceFromTheSaddlePoint(params string[] knobs)
    {
        var run = Run(knobs);
        var said = run.Outcome.Takeaways;
        Assert.That(said.Single(c => c.Key == "saddle-intro").Text, Does.Contain("within 0.5 of (0, 0)"));
        foreach (var (name, points) in Paths(run, "saddle"))
        {
            double x1 = points[^1][0], x2 = points[^1][1], distance = Math.Sqrt(x1 * x1 + x2 * x2);
            string expected = Math.Abs(x2) > 1 ? "saddle-escaped" : distance <= OptimizerPathsLesson.NearSaddle ? "saddle-near" : "saddle-between";
            var claim = said.Single(c => c.Key.StartsWith("saddle-", StringComparison.Ordinal) && c.Key != "saddle-intro" && c.Text.StartsWith($"  {name}:", StringComparison.Ordinal));
            Assert.That(claim.Key, Is.EqualTo(expected), $"{name} at ({x1}, {x2}), {distance} from (0, 0)");
            Assert.That(claim.Values["distance"], Is.EqualTo(distance).Within(1e-12));
            Assert.That(claim.Text, Does.Contain(Chapter4.Printing.PyFormat.General(distance, 3) + " from (0, 0)"), "the distance is printed");
        }
        if (knobs.Length == 0)
        {
            // The review's case: AdaGrad ends at (−1.14, 0.56), 1.27 from the saddle point: not "near the saddle".
            var adagrad = said.Single(c => c.Text.StartsWith("  adagrad:", StringComparison.Ordinal) && c.Key.StartsWith("saddle-", StringComparison.Ordinal));
            Assert.That(adagrad.Key, Is.EqualTo("saddle-between"));
            Assert.That(adagrad.Text, Does.Contain("1.27 from (0, 0)"));
            Assert.That(said.Single(c => c.Text.StartsWith("  sgd:", StringComparison.Ordinal) && c.Key.StartsWith("saddle-", StringComparison.Ordinal)).Key, Is.EqualTo("saddle-near"));
        }
    }

    /// <summary>
    /// Statement 9: the growth of |x2| per step, (|x2_T| / |x2_0|)^(1/T), of each optimizer against plain gradient
    /// descent's exact factor 1 + 2·lr (x2 ← x2 − lr·(−2·x2)). Independent: the factor by formula, the growth from the path.
    /// At --saddle-lr 0.2, 40 steps: SGD grows by 1.4 (to 7e3), momentum faster (to 1.1e8), the adaptive methods slower.
    /// </summary>
    [TestCase("--saddle-lr", "0.2", "--steps", "40")]
    [TestCase]
    public void SaddleGrowthIsComparedWithOnePlusTwoLrFromTheNumbers(params string[] knobs)
    {
        var run = Run(knobs);
        double lr = knobs.Length > 0 ? 0.2 : 0.05, plain = 1 + 2 * lr;
        int steps = knobs.Length > 0 ? 40 : 20;
        var said = run.Outcome.Takeaways;
        Assert.That(run.Text, Does.Not.Contain("grow it only by a factor"));
        var verdicts = new Dictionary<string, string>();
        foreach (var (name, points) in Paths(run, "saddle"))
        {
            double growth = Math.Pow(Math.Abs(points[^1][1]) / 0.01, 1.0 / steps);
            var claim = said.OfType<ComparisonClaim>().Single(c => c.Left == $"growth of |x2| per step, {name}");
            // The JSON keeps x2 as float32's shortest decimal (1e-7 relative), here under a 1/steps root.
            Assert.That(claim.LeftValue, Is.EqualTo(growth).Within(1e-7 * growth));
            Assert.That(claim.RightValue, Is.EqualTo(plain).Within(1e-12));
            // ≈ within 1e-5 of the factor: float32 rounding of SGD's x2·(1 + 2·lr), about 1e-7 relative per step.
            verdicts[name] = Math.Abs(growth - plain) <= 1e-5 * plain ? "growth-same" : growth > plain ? "growth-faster" : growth < 1 ? "growth-shrank" : "growth-slower";
            Assert.That(claim.Key, Is.EqualTo(verdicts[name]), name);
        }
        Assert.That(verdicts["sgd"], Is.EqualTo("growth-same"), "SGD's x2 is multiplied by exactly 1 + 2·lr");
        Assert.That(verdicts["momentum"], Is.EqualTo("growth-faster"));
        string adaptive = knobs.Length > 0 ? "growth-slower" : "growth-faster";
        Assert.That(new[] { verdicts["adagrad"], verdicts["rmsprop"], verdicts["adam"] }, Is.All.EqualTo(adaptive),
            "the adaptive methods add about lr per step: faster than ×1.1 over 20 steps from 0.01, slower than ×1.4 over 40");
    }

    /// <summary>
    /// Plot 8: at --saddle-lr 0.2, 40 steps, |x2| reaches 1.1e8 (more than 100 × the view's 1.75), so the x2 axis is
    /// symmetric-log, labelled so, with every point inside; at the defaults both axes stay linear.
    /// </summary>
    [Test]
    public void TheSaddlePlotTurnsSymmetricLogWhenItsValuesSpanMoreThanTwoDecades()
    {
        var run = LessonMemo.Of("optimizer-paths", plots: true, "--saddle-lr", "0.2", "--steps", "40");
        var saddle = run.Outcome.PlotAudits.Single(a => a.File == "optimizer-saddle.png");
        Assert.That(saddle.YAxis, Is.EqualTo("symlog c=1.75"));
        Assert.That(saddle.XAxis, Is.EqualTo("linear"));
        Assert.That(saddle.PointsOutside, Is.Zero);
        var defaults = LessonMemo.Of("optimizer-paths", plots: true);
        Assert.That(defaults.Outcome.PlotAudits.Select(a => a.YAxis), Is.All.EqualTo("linear"));
        // Each optimizer keeps its colour.
        foreach (var (label, color) in saddle.Series.Where(s => s.Label.All(char.IsLetter)))
            Assert.That(color, Is.EqualTo(SeriesColors.Hex(SeriesColors.Of(label))));
        Assert.That(saddle.Series.Count(s => s.Label.All(char.IsLetter)), Is.EqualTo(5));
    }

    [Test]
    public void SymLogMapsBackAndForthAndLabelsTicksWithTheValues()
    {
        var scale = new SymLog(1.75);
        foreach (double v in new[] { -1.1e8, -3, -0.01, 0, 0.5, 1.75, 7000 })
            Assert.That(scale.Inverse(scale.Forward(v)), Is.EqualTo(v).Within(1e-9 * Math.Max(1, Math.Abs(v))));
        Assert.That(scale.Forward(1.75), Is.EqualTo(Math.Log10(2)).Within(1e-15), "sign·log10(1 + |v|/c)");
        Assert.That(SymLog.IfNeeded([0.01, 175], 1.75), Is.Null, "exactly 100 × c: still linear");
        Assert.That(SymLog.IfNeeded([0.01, 176], 1.75), Is.Not.Null);
        Assert.That(new[] { 0, 1, 10, 1000, 1e4, -1e8, 0.01 }.Select(SymLog.Label), Is.EqualTo(new[] { "0", "1", "10", "1000", "1e4", "−1e8", "0.01" }));
    }

    [Test]
    public void TheBowlIsRankedByTheFinalF()
    {
        var run = Run();
        var bowl = run.Outcome.Results["paths"]!["bowl"]!.AsObject().Select(kv => (kv.Key, F: D(kv.Value!["final_f"]))).OrderBy(x => x.F).Select(x => x.Key);
        var ranking = run.Outcome.Takeaways.OfType<RankingClaim>().Single(c => c.Key == "bowl-ranking-grid");
        Assert.That(ranking.Names, Is.EqualTo(bowl));
        Assert.That(ranking.Text, Does.StartWith("Bowl, each optimizer at its best lr of the grid: lowest final f first: " + string.Join(" ", bowl.Take(1))));
    }
}
