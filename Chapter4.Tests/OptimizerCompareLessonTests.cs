using System.Globalization;
using System.Text.Json.Nodes;
using Chapter4.Claims;
using Chapter4.Lessons;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// optimizer-compare's chosen rates (teaching-review-3, statement 11): a best rate at an edge of its grid extends the
/// grid past that edge (the grid's next value, at most 3 times, within [1e-5, 10]) until it is inside; "best rate" is
/// said only of an interior one, and an edge one is named as the best of the grid, at its edge.
/// </summary>
[TestOf(typeof(OptimizerCompareLesson))]
public class OptimizerCompareLessonTests
{
    private static double D(JsonNode? n) => n!.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? (string)n! == "Infinity" ? double.PositiveInfinity : double.NaN
        : double.Parse(n.ToJsonString(), CultureInfo.InvariantCulture);

    [TestCase(0.3, true, 1.0)]
    [TestCase(1.0, true, 3.0)]
    [TestCase(0.01, true, 0.03)]
    [TestCase(0.03, true, 0.1)]
    [TestCase(0.001, false, 0.0003)]
    [TestCase(0.003, false, 0.001)]
    [TestCase(0.0003, false, 0.0001)]
    public void TheGridGrowsByItsOwnNextValue(double edge, bool up, double next) =>
        Assert.That(OptimizerCompareLesson.Beyond(edge, up), Is.EqualTo(next), "1, 3, 10, 30, …: ×3 and ×10/3 in turn");

    /// <summary>The review's two cases: the defaults (SGD 0.3 and momentum 0.1 at the top) and a short run with big batches.</summary>
    [TestCase]
    [TestCase("--epochs", "5", "--batch-size", "200", "--seed", "31337")]
    public void ABestRateAtTheGridsEdgeExtendsTheGridUntilItIsInside(params string[] knobs)
    {
        var run = LessonMemo.Of("optimizer-compare", knobs);
        Assert.That(run.Outcome.Error, Is.Null);
        var said = run.Outcome.Takeaways;
        foreach (JsonNode? o in run.Outcome.Results["optimizers"]!.AsArray())
        {
            string name = (string)o!["name"]!;
            double[] grid = o["lr_grid"]!.AsArray().Select(D).ToArray(), val = o["val_loss_by_lr"]!.AsArray().Select(D).ToArray();
            double[] initial = OptimizerCompareLesson.GridFor(name);
            int extensions = (int)o["grid_extensions"]!;
            Assert.That(grid, Is.Ordered.Ascending);
            Assert.That(grid.Length, Is.EqualTo(initial.Length + extensions));
            Assert.That(grid, Is.SupersetOf(initial), "the first grid is kept");
            // Each extension is the next value past the edge it extends.
            for (int i = 1; i < grid.Length; i++)
                if (!initial.Contains(grid[i])) Assert.That(grid[i], Is.EqualTo(OptimizerCompareLesson.Beyond(grid[i - 1], up: true)));
            for (int i = 0; i < grid.Length - 1; i++)
                if (!initial.Contains(grid[i])) Assert.That(grid[i], Is.EqualTo(OptimizerCompareLesson.Beyond(grid[i + 1], up: false)));
            // The chosen rate is the lowest mean validation loss (the smaller rate on a tie).
            int best = Array.IndexOf(val, val.Min());
            Assert.That(D(o["lr"]), Is.EqualTo(grid[best]));
            bool interior = best > 0 && best < grid.Length - 1;
            Assert.That((bool)o["lr_interior"]!, Is.EqualTo(interior));
            if (!interior)
            {
                double next = OptimizerCompareLesson.Beyond(best == 0 ? grid[0] : grid[^1], up: best != 0);
                Assert.That(extensions == OptimizerCompareLesson.MaxExtensions || next < OptimizerCompareLesson.MinRate || next > OptimizerCompareLesson.MaxRate,
                    $"{name}: at the edge, so the extensions ran out");
            }
            var claim = said.OfType<RankingClaim>().Single(c => c.Text.StartsWith($"  {name}:", StringComparison.Ordinal));
            Assert.That(claim.Key, Is.EqualTo(interior ? extensions == 0 ? "rate-interior" : "rate-interior-extended" : "rate-edge"));
            Assert.That(claim.Scores, Is.Ordered.Ascending);
            Assert.That(claim.Names[0], Is.EqualTo("lr " + Chapter4.Printing.PyFormat.Repr(grid[best])), "the ranking's first is the chosen rate");
            if (!interior) Assert.That(claim.Text, Does.Not.Contain("best rate").And.Contain("best of the grid"));
        }
        var results = run.Outcome.Results["optimizers"]!.AsArray().ToDictionary(o => (string)o!["name"]!, o => o!);
        if (knobs.Length == 0)
        {
            // The defaults: SGD's best (0.3) and momentum's (0.1) were the tops of their grids; one extension each puts them inside.
            Assert.That(results["sgd"]!["lr_grid"]!.AsArray().Select(D), Is.EqualTo(new[] { 0.01, 0.03, 0.1, 0.3, 1.0 }));
            Assert.That(results["momentum"]!["lr_grid"]!.AsArray().Select(D), Is.EqualTo(new[] { 0.003, 0.01, 0.03, 0.1, 0.3 }));
            Assert.That(said.Single(c => c.Key.StartsWith("course-choice", StringComparison.Ordinal)).Key, Is.EqualTo("course-choice-tuned"));
        }
        else
            Assert.That(results.Values.Select(o => (int)o["grid_extensions"]!), Has.Some.GreaterThan(1));
    }

    [Test]
    public void WorkBoundCountsTheExtensions()
    {
        // Every step that may run: epochs × 7 batches (of 32 in 200) × 3 seeds × 5 optimizers × (4 rates + 3 extensions),
        // 735 per epoch: 204 epochs make 149,940 steps, 205 make 150,675, over the bound of 150,000.
        Assert.DoesNotThrow(new OptimizerCompareLesson { Epochs = 204 }.Validate);
        Assert.That(new OptimizerCompareLesson { Epochs = 205 }.Validate,
            Throws.InstanceOf<Chapter4.Harness.LessonInputException>().With.Message.Contains("150675").And.Message.Contains("grid extensions"));
    }

    [TestCase]
    [TestCase("--seeds", "2", "--epochs", "10")]
    public void TheLeadersAreApartOnlyWhenTheGapExceedsTheirStandardDeviations(params string[] knobs)
    {
        var run = LessonMemo.Of("optimizer-compare", knobs);
        var ranked = run.Outcome.Results["optimizers"]!.AsArray().Select(o => (Name: (string)o!["name"]!, Mean: D(o["final_loss_mean"]), Std: D(o["final_loss_std"]))).OrderBy(o => o.Mean).ToList();
        var claim = run.Outcome.Takeaways.OfType<ComparisonClaim>().Single(c => c.Key is "leaders-apart" or "leaders-close");
        Assert.That(claim.LeftValue, Is.EqualTo(ranked[1].Mean - ranked[0].Mean).Within(1e-12));
        Assert.That(claim.RightValue, Is.EqualTo(ranked[0].Std + ranked[1].Std).Within(1e-12));
        Assert.That(claim.Key, Is.EqualTo(ranked[1].Mean - ranked[0].Mean > ranked[0].Std + ranked[1].Std ? "leaders-apart" : "leaders-close"));
        Assert.That(claim.Text, Does.StartWith($"Lowest mean test loss: {ranked[0].Name}"));
    }
}
