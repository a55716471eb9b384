using System.Globalization;
using System.Text.Json.Nodes;
using Chapter4.Claims;
using Chapter4.Language;
using Chapter4.Lessons;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>gd-variants (teaching-review-3, statement 5, plot 6): what the third run is, and the three compared at equal work.</summary>
[TestOf(typeof(GdVariantsLesson))]
public class GdVariantsTests
{
    private static double D(JsonNode? n) => double.Parse(n!.ToJsonString(), CultureInfo.InvariantCulture);

    private static double[] EpochLosses(LessonMemo.Run run, string name) =>
        run.Outcome.Results["variants"]!.AsArray().Single(v => (string)v!["name"]! == name)!["epoch_losses"]!.AsArray().Select(D).ToArray();

    /// <summary>batch = N is BGD and batch = 1 is SGD: said so (no "between"), and checked: the epoch losses are identical.</summary>
    [TestCase("100", "mini.bgd", "BGD")]
    [TestCase("1", "mini.sgd", "SGD")]
    [TestCase("16", "mini.between", null)]
    public void SaysWhenMiniBatchIsBgdOrSgd(string batch, string key, string? same)
    {
        var run = LessonMemo.Of("gd-variants", "--batch-size", batch, "--epochs", "3");
        Assert.That(run.Outcome.Error, Is.Null);
        var claim = run.Outcome.Takeaways.Single(c => c.Key.StartsWith("mini.", StringComparison.Ordinal));
        Assert.That(claim.Key, Is.EqualTo(key));
        if (same is null)
        {
            Assert.That(claim.Text, Does.Contain("Mini-batch (batch 16) takes 7 steps per epoch, between BGD's 1 and SGD's 100"));
            return;
        }
        Assert.That(EpochLosses(run, "mini-batch"), Is.EqualTo(EpochLosses(run, same)));
        Assert.That(((IdentityClaim)claim).MaxAbsDiff, Is.Zero);
        Assert.That(run.Text, Does.Not.Contain("between"));
        Assert.That(run.Outcome.Takeaways.Where(c => c.Key.StartsWith("epoch.", StringComparison.Ordinal)).Select(c => c.Text), Has.None.Contains("mini-batch"),
            "the copy is not described a second time");
    }

    /// <summary>"Too large" exactly when a variant's epoch loss ends above its start.</summary>
    [Test]
    public void SaysWhenTheRateIsTooLargeForAVariant()
    {
        var run = LessonMemo.Of("gd-variants", "--lr", "0.4", "--epochs", "3");
        foreach (JsonNode? v in run.Outcome.Results["variants"]!.AsArray())
        {
            double[] losses = v!["epoch_losses"]!.AsArray().Select(D).ToArray();
            var claim = run.Outcome.Takeaways.Single(c => c.Key.StartsWith("epoch.", StringComparison.Ordinal) && c.Text.TrimStart().StartsWith((string)v["name"]! + ":", StringComparison.Ordinal));
            Assert.That(claim.Text.Contains("too large", StringComparison.Ordinal), Is.EqualTo(losses[^1] > losses[0]), claim.Text);
        }
    }

    /// <summary>
    /// The plot's curves are the loss on all N samples against samples seen (plot 6). BGD's curve has a point before training and
    /// after each of its E steps — all epochs, where the old plot stopped at 7 of 8. Checked without the lesson's own curve code:
    /// BGD's batch is all samples, so its points 0…E−1 are its epoch losses (each epoch's one batch loss, before the step), and its
    /// last point, after step E, is the first epoch loss of the next epoch of a run with one more epoch (same seed). Bound: 1e-6
    /// relative, a few float32 roundings (the same forward pass, reduced in one call either way; measured: equal).
    /// </summary>
    [Test]
    public void BgdsCurveCoversEveryEpochAtEqualWork()
    {
        var run = LessonMemo.Of("gd-variants", "--batch-size", "1", "--epochs", "8");
        var longer = LessonMemo.Of("gd-variants", "--batch-size", "1", "--epochs", "9");
        var bgd = (TrendClaim)run.Outcome.Takeaways.Single(c => c is TrendClaim t && t.Series == "BGD loss on all samples");
        Assert.That(bgd.Points, Has.Length.EqualTo(9), "the start and after each of 8 epochs");
        double[] epochs = EpochLosses(run, "BGD"), next = EpochLosses(longer, "BGD");
        for (int e = 0; e < 8; e++) Assert.That(bgd.Points[e], Is.EqualTo(epochs[e]).Within(1e-6 * epochs[e]), $"epoch {e}");
        Assert.That(bgd.Points[8], Is.EqualTo(next[8]).Within(1e-6 * next[8]), "after the last step");
        var work = (RankingClaim)run.Outcome.Takeaways.Single(c => c.Key == "work");
        Assert.That(work.Values["samples seen"], Is.EqualTo(800), "every variant ends at epochs × N samples");
        Assert.That(work.Names, Does.Not.Contain("mini-batch"), "at batch 1 the mini-batch run is SGD's copy");
    }

    /// <summary>Legend grammar (plot 6): "1 iteration/epoch", not "1 iterations/epoch".</summary>
    [Test]
    public void LegendsSayOneIteration()
    {
        Assert.That(Texts.Get(typeof(GdVariantsLesson), "legend.bgd", UiLanguage.English), Does.Contain("1 iteration/epoch"));
        Assert.That(Texts.Get(typeof(GdVariantsLesson), "legend.mini-one", UiLanguage.English), Does.Contain("{1} iteration/epoch"));
        Assert.That(Texts.Get(typeof(GdVariantsLesson), "legend.mini", UiLanguage.English), Does.Contain("{1} iterations/epoch"));
    }
}
