using System.Globalization;
using System.Text.Json.Nodes;
using Chapter4.Claims;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>lr-step, lr-multistep and lr-exponential: what they say about their rates, computed from the rates (teaching-review-3, statement 15).</summary>
[TestOf("the learning-rate schedule lessons' take-aways")]
public class LrScheduleTests
{
    private static double D(JsonNode? n) => double.Parse(n!.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>The note shows get_last_lr()'s list with the run's own rate, under the reviewer's --lr 0.3.</summary>
    [TestCase("lr-step", "0.3")]
    [TestCase("lr-multistep", "0.3")]
    [TestCase("lr-exponential", "0.3")]
    [TestCase("lr-exponential", "0.05")]
    public void TheNoteQuotesTheRunsOwnRate(string id, string lr)
    {
        var run = LessonMemo.Of(id, "--lr", lr);
        Assert.That(run.Text, Does.Contain($"(a list, hence [[{lr}], ...])").And.Not.Contain("[[0.1], ...]"));
        var note = run.Outcome.Takeaways.Single(c => c.Key == "notes");
        Assert.That(note.Values["lr"], Is.EqualTo(double.Parse(lr, CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// "Below 1e-4 from epoch k on" names the first epoch after which every rate is below 1e-4. ExponentialLR's rate is
    /// lr·γ^e (formula), so k = the smallest e with 0.1·γ^e &lt; 1e-4: 66 at γ 0.9, 135 at γ 0.95, none within 100 epochs at γ 0.99.
    /// </summary>
    [TestCase("0.9", "200", 66)]
    [TestCase("0.95", "200", 135)]
    [TestCase("0.99", "100", -1)]
    public void ExponentialDecaySaysWhenTheRateFallsBelow1e4(string gamma, string epochs, int expected)
    {
        var run = LessonMemo.Of("lr-exponential", "--gamma", gamma, "--epochs", epochs);
        double g = double.Parse(gamma, CultureInfo.InvariantCulture);
        int byFormula = Enumerable.Range(0, int.Parse(epochs, CultureInfo.InvariantCulture)).Select(e => (int?)e).FirstOrDefault(e => 0.1 * Math.Pow(g, e!.Value) < 1e-4) ?? -1;
        Assert.That(byFormula, Is.EqualTo(expected));
        double[] lrs = run.Outcome.Results["lrs"]!.AsArray().Select(D).ToArray();
        Assert.That(Array.FindIndex(lrs, l => l < 1e-4), Is.EqualTo(expected));
        if (expected >= 0) Assert.That(run.Text, Does.Contain($"The rate is below 1e-4 from epoch {expected} on"));
        else Assert.That(run.Outcome.Takeaways.Select(c => c.Key), Has.None.StartWith("tiny"), "no sentence about 1e-4 (the course erratum may still quote γ 0.9's)");
    }

    /// <summary>The trend sentence follows the rates: falling, rising (γ > 1) or constant (γ = 1, or no decay inside the run).</summary>
    [TestCase("lr-step", "lr.decreasing", "--gamma", "0.5")]
    [TestCase("lr-exponential", "lr.increasing", "--gamma", "1.01", "--lr", "0.00001", "--epochs", "300")]
    [TestCase("lr-step", "lr.constant-gamma-one", "--gamma", "1")]
    [TestCase("lr-multistep", "lr.constant-no-decay", "--milestones", "300")]
    public void TheTrendSentenceFollowsTheRates(string id, string key, params string[] knobs)
    {
        var run = LessonMemo.Of(id, knobs);
        Assert.That(run.Outcome.Error, Is.Null);
        var trend = (TrendClaim)run.Outcome.Takeaways.Single(c => c.Key.StartsWith("lr.", StringComparison.Ordinal));
        Assert.That(trend.Key, Is.EqualTo(key));
        double[] lrs = run.Outcome.Results["lrs"]!.AsArray().Select(D).ToArray();
        Assert.That(trend.Points, Is.EqualTo(lrs));
        if (key == "lr.increasing") Assert.That(run.Outcome.Takeaways.Select(c => c.Key), Has.None.StartWith("tiny"), "the rate rises above 1e-4: no 'from epoch k on'");
    }

    /// <summary>The warning for a milestone past the last epoch keeps its words (HostileInputTests) and is a claim quoting both numbers.</summary>
    [Test]
    public void LateMilestonesAreWarned()
    {
        var run = LessonMemo.Of("lr-multistep", "--milestones", "100,300,400");
        var warning = run.Outcome.Takeaways.Single(c => c.Key == "warning.late-milestones");
        Assert.That(warning.Text, Is.EqualTo("Warning: --milestones 300,400 are not before --epochs 200: the rate never decays there."));
        Assert.That(warning.Values.Values, Does.Contain(300.0).And.Contain(400.0).And.Contain(200.0));
    }
}
