using System.Globalization;
using System.Text.Json.Nodes;
using Chapter4.Claims;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>ewma (teaching-review-3, statement 17, plots 1 and 2): every day shown, and its sentences computed from the averages.</summary>
[TestOf(typeof(Chapter4.Lessons.EwmaLesson))]
public class EwmaTests
{
    private static double D(JsonNode? n) => double.Parse(n!.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>--days 6: the table shows days 1 to 6 (it stopped at 5), and PyTorch's twin prints the same (ParityTests).</summary>
    [Test]
    public void ShortSeriesShowEveryDay()
    {
        var run = LessonMemo.Of("ewma", "--days", "6");
        var days = run.Printed.Split('\n').Skip(1).TakeWhile(l => !l.StartsWith("β=", StringComparison.Ordinal))
            .Select(l => int.Parse(l[..3], CultureInfo.InvariantCulture)).ToArray();
        Assert.That(days, Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));
        var longer = LessonMemo.Of("ewma", "--days", "57");
        Assert.That(longer.Printed, Does.Contain("\n 50 ").And.Contain("\n 57 "), "the last day after the usual ones");
    }

    /// <summary>
    /// S_1 = (1 − β)·Y_1 (S_0 = 0) and the corrected S_1/(1 − β) = Y_1, from the results by formula (1e-12 relative:
    /// one multiplication and one division in double); β = 0 has no bias to correct. The reviewer's --beta 0,0.999.
    /// </summary>
    [TestCase("0,0.999")]
    [TestCase("0.5,0.9,0.98")]
    public void StartBiasAndCorrectionFollowTheFormula(string betas)
    {
        var run = LessonMemo.Of("ewma", "--beta", betas);
        Assert.That(run.Outcome.Error, Is.Null);
        // The series is float32 (a torch tensor); the averages are computed in double from its values.
        double y1 = float.Parse(run.Outcome.Results["temperature"]![0]!.ToJsonString(), CultureInfo.InvariantCulture);
        foreach (JsonNode? a in run.Outcome.Results["averages"]!.AsArray())
        {
            double beta = D(a!["beta"]), s1 = D(a["ewma"]![0]), corrected = D(a["ewma_corrected"]![0]);
            Assert.That(s1, Is.EqualTo((1 - beta) * y1).Within(1e-12 * Math.Abs(y1)));
            Assert.That(corrected, Is.EqualTo(y1).Within(1e-12 * Math.Abs(y1)));
            var start = (ComparisonClaim)run.Outcome.Takeaways.Single(c => c is ComparisonClaim && c.Values["β"] == beta);
            Assert.That(start.Key, Is.EqualTo(beta == 0 ? "start.equal" : y1 > 0 ? "start.below" : "start.above"));
        }
        Assert.That(run.Outcome.Takeaways.Single(c => c.Key.StartsWith("corrected", StringComparison.Ordinal)).Key, Is.EqualTo("corrected"));
    }

    /// <summary>"The larger β, the smoother" only when the mean day-to-day change of the corrected averages falls as β grows.</summary>
    [TestCase("0.5,0.9,0.98")]
    [TestCase("0,0.999")]
    [TestCase("0.9,0.5", "--days", "3")]
    public void SmoothnessIsRankedFromTheAverages(string betas, params string[] knobs)
    {
        var run = LessonMemo.Of("ewma", ["--beta", betas, .. knobs]);
        var change = run.Outcome.Results["averages"]!.AsArray().Select(a =>
        {
            double[] c = a!["ewma_corrected"]!.AsArray().Select(D).ToArray();
            return (Beta: D(a["beta"]), Change: Enumerable.Range(1, c.Length - 1).Average(t => Math.Abs(c[t] - c[t - 1])));
        }).OrderBy(c => c.Change).ToList();
        bool byBeta = change.Zip(change.Skip(1), (a, b) => a.Beta >= b.Beta).All(x => x);
        var claim = (RankingClaim)run.Outcome.Takeaways.Single(c => c.Key.StartsWith("smooth.", StringComparison.Ordinal));
        Assert.That(claim.Key, Is.EqualTo(byBeta ? "smooth.by-beta" : "smooth.other"));
        Assert.That(claim.Scores, Is.EqualTo(change.Select(c => c.Change).ToArray()).Within(1e-12));
    }
}
