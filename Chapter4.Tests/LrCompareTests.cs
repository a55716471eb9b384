using System.Globalization;
using System.Text.Json.Nodes;
using Chapter4.Claims;
using Chapter4.Lessons;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// lr-compare (teaching-review-3, statement 14, plots 4 and 12): a constant-rate baseline, schedule lengths that follow
/// --epochs (ExponentialLR's γ included), and every schedule judged against the baseline within the seeds' spread.
/// </summary>
[TestOf(typeof(LrCompareLesson))]
public class LrCompareTests
{
    private static double D(JsonNode? n) => double.Parse(n!.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>γ = 0.95^(60/epochs) keeps the total decay γ^epochs at 0.95^60 (6 significant digits: within 0.1%).</summary>
    [TestCase(8)]
    [TestCase(20)]
    [TestCase(40)]
    [TestCase(60)]
    [TestCase(240)]
    [TestCase(1500)]
    public void ExponentialGammaKeepsTheTotalDecayOfTheCourseSettings(int epochs)
    {
        double gamma = LrCompareLesson.Gamma(epochs);
        Assert.That(Math.Pow(gamma, epochs) / Math.Pow(0.95, 60), Is.EqualTo(1).Within(1e-3));
        if (epochs == 60) Assert.That(gamma, Is.EqualTo(0.95));
        if (epochs == 20) Assert.That(gamma, Is.EqualTo(0.857375), "0.95³ exactly");
    }

    /// <summary>
    /// The reviewer's knobs: the constant baseline is there, ExponentialLR uses γ = 0.95³ and its rates are 0.02·γ^e
    /// (formula; TorchSharp multiplies the rate by γ once per epoch, so 1e-12 relative covers the roundings), every
    /// schedule is compared with the baseline by the stated rule (apart iff |mean − mean_constant| > std + std_constant),
    /// and the summary names how many decays beat it.
    /// </summary>
    [Test]
    public void ReviewersCaseHasABaselineScaledLengthsAndComparisonsWithinTheSpread()
    {
        var run = LessonMemo.Of("lr-compare", "--epochs", "20", "--lr", "0.02");
        Assert.That(run.Outcome.Error, Is.Null);
        var schedules = run.Outcome.Results["schedules"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.That(schedules.Select(s => (string)s["name"]!), Does.Contain(LrCompareLesson.ConstantLabel).And.Contain("ExponentialLR(gamma=0.857375)")
            .And.Contain("StepLR(step_size=5, gamma=0.5)").And.Contain("MultiStepLR([5, 10, 16], gamma=0.5)").And.Contain("CosineAnnealingLR(T_max=20)"));
        var constant = schedules.Single(s => (string)s["name"]! == LrCompareLesson.ConstantLabel);
        Assert.That(constant["lrs"]!.AsArray().Select(D), Is.All.EqualTo(0.02));
        double[] exponential = schedules.Single(s => ((string)s["name"]!).StartsWith("ExponentialLR", StringComparison.Ordinal))["lrs"]!.AsArray().Select(D).ToArray();
        for (int e = 0; e < exponential.Length; e++)
            Assert.That(exponential[e], Is.EqualTo(0.02 * Math.Pow(0.857375, e)).Within(1e-12 * exponential[0]), $"epoch {e}");

        double cMean = D(constant["val_loss_mean"]), cStd = D(constant["val_loss_std"]);
        var comparisons = run.Outcome.Takeaways.OfType<ComparisonClaim>().Where(c => c.Key.StartsWith("vs.", StringComparison.Ordinal)).ToList();
        Assert.That(comparisons, Has.Count.EqualTo(7));
        int decaysAhead = 0;
        foreach (var s in schedules.Where(s => s != constant))
        {
            string name = ((string)s["name"]!).Split('(')[0].Trim();
            double mean = D(s["val_loss_mean"]), std = D(s["val_loss_std"]);
            string relation = Math.Abs(mean - cMean) <= std + cStd ? "≈" : mean < cMean ? "<" : ">";
            var claim = comparisons.Single(c => c.Left == name);
            Assert.That(claim.Relation, Is.EqualTo(relation), name);
            Assert.That(claim.Key, Is.EqualTo(relation switch { "<" => "vs.lower", ">" => "vs.higher", _ => "vs.within" }), name);
            if (relation == "<" && name != "LinearLR warm-up") decaysAhead++;
        }
        var summary = run.Outcome.Takeaways.Single(c => c.Key.StartsWith("decay.", StringComparison.Ordinal));
        Assert.That(summary.Text, Does.StartWith($"Of the 6 decaying schedules (the warm-up, which never decays, is left out), {decaysAhead} beat the constant rate"));
        Assert.That(run.Text, Does.Contain("ExponentialLR's γ = 0.95^(60/epochs) = 0.857375"));
    }

    /// <summary>The ranking lists the schedules by their mean validation loss, and ExponentialLR's place is read from it.</summary>
    [TestCase("0")]
    [TestCase("1")]
    public void RankingAndExponentialPlaceAreTheLossesOrder(string seed)
    {
        var run = LessonMemo.Of("lr-compare", "--seed", seed);
        var ranked = run.Outcome.Results["schedules"]!.AsArray().OrderBy(s => D(s!["val_loss_mean"])).Select(s => ((string)s!["name"]!).Split('(')[0].Trim()).ToList();
        var rank = (RankingClaim)run.Outcome.Takeaways.Single(c => c.Key == "ranking");
        Assert.That(rank.Names, Is.EqualTo(ranked));
        Assert.That(run.Text, Does.Contain($"ExponentialLR, the course's first choice, ranks {ranked.IndexOf("ExponentialLR") + 1} of {ranked.Count}."));
    }

    /// <summary>With one seed there is no spread: the lesson says its tolerance is 0.</summary>
    [Test]
    public void OneSeedSaysThereIsNoSpread()
    {
        var run = LessonMemo.Of("lr-compare", "--seeds", "1", "--epochs", "8");
        Assert.That(run.Outcome.Error, Is.Null);
        Assert.That(run.Outcome.Takeaways.Select(c => c.Key), Does.Contain("tolerance.one-seed"));
        Assert.That(run.Outcome.Takeaways.OfType<ComparisonClaim>().Select(c => c.Tolerance), Is.All.EqualTo(0.0));
    }
}
