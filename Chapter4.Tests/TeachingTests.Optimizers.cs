using System.Globalization;
using System.Text.RegularExpressions;
using Chapter4.Printing;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>The optimizer lessons' sentences (steps, state, paths), re-derived from their results.</summary>
public partial class TeachingTests
{
    // ---- the optimizer steps: state read from the optimizer, sentences computed from it ----

    [TestCase]
    [TestCase("--momentum", "0.5", "--lr", "0.1", "--steps", "5")]
    [TestCase("--momentum", "0.99", "--lr", "0.5", "--steps", "20")]
    public void MomentumBufferIsReadFromTheOptimizerAndIsTheCoursesSOverOneMinusBeta(params string[] knobs)
    {
        var (text, results, _) = Run("momentum", knobs);
        double mu = knobs.Length > 1 && knobs[0] == "--momentum" ? double.Parse(knobs[1], CultureInfo.InvariantCulture) : 0.9;
        var steps = results["steps"]!.AsArray();
        double v = 0, s = 0;
        for (int t = 0; t < steps.Count; t++)
        {
            double g = D(steps[t]!["grad"]);
            v = t == 0 ? g : mu * v + g;
            s = (1 - mu) * g + mu * s;
            double buffer = D(steps[t]!["state"]!["momentum_buffer"]);
            Assert.That(buffer, Is.EqualTo(v).Within(1e-5 * Math.Max(1, Math.Abs(v))), $"v at step {t + 1}");
            Assert.That((1 - mu) * buffer, Is.EqualTo(s).Within(1e-5 * Math.Max(1, Math.Abs(s))), $"S = (1−β)·v at step {t + 1}");
        }
        Assert.That(text, Does.Contain("Here S = (1−β)·v at every step"));
        Assert.That(text, Does.Not.Contain("0.10000000000000002"), "numbers in prose are short, as Python's {:g}");
    }

    [TestCase]
    [TestCase("--beta1", "0.5", "--beta2", "0.999", "--lr", "0.1", "--steps", "6")]
    [TestCase("--beta1", "0", "--beta2", "0", "--steps", "4")]
    public void AdamSaysHowFarEachStepMovedAndWhyFromTheState(params string[] knobs)
    {
        var (text, results, _) = Run("adam", knobs);
        var steps = results["steps"]!.AsArray();
        double lr = Array.IndexOf(knobs, "--lr") is var i and >= 0 ? double.Parse(knobs[i + 1], CultureInfo.InvariantCulture) : 0.01;
        double[] w = [1.0, .. steps.Select(s => D(s!["w"]))];
        // Signed, in units of lr: w_t − w_(t−1).
        double[] change = w.Zip(w.Skip(1), (a, b) => (b - a) / lr).ToArray();
        string line = text.Split('\n').Single(l => l.StartsWith("The step −lr·m̂/(√v̂ + ε) changed w by", StringComparison.Ordinal));
        double[] printed = Regex.Match(line, @"= \[([^\]]*)\]·lr").Groups[1].Value.Split(", ").Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        Assert.That(printed, Is.EqualTo(change).Within(1e-3), "the printed steps are the run's, with their signs");
        // "within a factor of 2" only when the sizes are.
        double[] size = change.Select(Math.Abs).ToArray();
        if (text.Contains("stayed within a factor of 2", StringComparison.Ordinal)) Assert.That(size.Max(), Is.LessThanOrEqualTo(2 * size.Min()));
        if (knobs.Contains("0") && knobs.Contains("--beta1"))
            Assert.That(text, Does.Contain("every step is lr, and there is nothing to correct").And.Not.Contain("m̂ went from"));
        else if (steps.Count > 1)
            Assert.That(text, Does.Contain("m̂ went from"));
    }

    /// <summary>
    /// The reason the RMSProp steps shrink is read from the state: s rising (still filling from 0) or not. The review's
    /// wrong sentence said "old, larger g² fade" while s grew (teaching-review-3, statement 1).
    /// </summary>
    [TestCase]
    [TestCase("--alpha", "0.999", "--lr", "0.001", "--steps", "5")]
    [TestCase("--alpha", "0.5", "--lr", "0.3", "--steps", "8")]
    public void RmsPropSaysWhyItsStepsShrinkFromTheState(params string[] knobs)
    {
        var (text, results, _) = Run("rmsprop", knobs);
        Assert.That(text, Does.Not.Contain("fade"));
        var steps = results["steps"]!.AsArray();
        double[] s = steps.Select(x => D(x!["state"]!["square_avg"])).ToArray();
        double[] w = [1.0, .. steps.Select(x => D(x!["w"]))];
        double first = Math.Abs(w[1] - w[0]), last = Math.Abs(w[^1] - w[^2]);
        if (text.Contains("mostly because s is still filling up from 0", StringComparison.Ordinal))
            Assert.That((last < first, s[^1] > s[0]), Is.EqualTo((true, true)));
        else if (text.Contains("The steps shrink", StringComparison.Ordinal))
            Assert.That((last < first, s[^1] <= s[0]), Is.EqualTo((true, true)));
        else
            Assert.That(last, Is.GreaterThanOrEqualTo(first));
    }

    /// <summary>
    /// Momentum's steps are printed signed and given a trend word only by the stated rule (teaching-review-3, statement
    /// 2: at μ 0.99, lr 0.5 the steps shrink and reverse, and the lesson said "growing").
    /// </summary>
    [TestCase]
    [TestCase("--momentum", "0.99", "--lr", "0.5", "--steps", "6")]
    [TestCase("--momentum", "0.5", "--lr", "0.1", "--steps", "5")]
    public void MomentumsStepTrendIsTheStepsTrend(params string[] knobs)
    {
        var (text, results, _) = Run("momentum", knobs);
        double[] w = [1.0, .. results["steps"]!.AsArray().Select(x => D(x!["w"]))];
        double[] change = w.Zip(w.Skip(1), (a, b) => b - a).ToArray();
        string line = text.Split('\n').Single(l => l.StartsWith("Each step changes w by −lr·v", StringComparison.Ordinal));
        double[] printed = Regex.Match(line, @"= \[([^\]]*)\]").Groups[1].Value.Split(", ").Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        Assert.That(printed, Is.EqualTo(change).Within(1e-6));
        int reversals = change.Zip(change.Skip(1)).Count(p => Math.Sign(p.First) * Math.Sign(p.Second) < 0);
        double[] size = change.Select(Math.Abs).ToArray();
        if (line.EndsWith(": growing as the buffer gathers speed.", StringComparison.Ordinal)) Assert.That(reversals == 0 && size.Zip(size.Skip(1)).All(p => p.Second > p.First));
        if (line.EndsWith(": shrinking.", StringComparison.Ordinal)) Assert.That(reversals == 0 && size.Zip(size.Skip(1)).All(p => p.Second < p.First));
        if (line.Contains("reverses", StringComparison.Ordinal)) Assert.That(line, Does.Contain($"reverses {reversals} time"));
        Assert.That(reversals == 0 || line.Contains("reverses", StringComparison.Ordinal), "a reversal is always said");
    }

    [TestCase]
    [TestCase("--alpha", "0.99", "--lr", "0.1", "--steps", "6")]
    public void RmsPropsFirstStepIsLrOverSqrtOneMinusAlphaAsMeasured(params string[] knobs)
    {
        var (text, results, _) = Run("rmsprop", knobs);
        double alpha = knobs.Length > 1 ? double.Parse(knobs[1], CultureInfo.InvariantCulture) : 0.9;
        double lr = knobs.Length > 3 ? double.Parse(knobs[3], CultureInfo.InvariantCulture) : 0.01;
        double first = Math.Abs(1 - D(results["steps"]![0]!["w"]));
        Assert.That(first, Is.EqualTo(lr / Math.Sqrt(1 - alpha)).Within(1e-6), "the measured first step");
        Assert.That(text, Does.Contain($"the first step is lr/√(1−α) = {PyFormat.General(lr / Math.Sqrt(1 - alpha), 6)}"));
    }

    // ---- optimizer-paths: who escaped the saddle is read from the paths ----

    [TestCase]
    [TestCase("--saddle-lr", "0.1", "--steps", "30")]
    [TestCase("--lr", "0.4")]
    public void OptimizerPathsSaysWhoEscapedTheSaddleAsThePathsShow(params string[] knobs)
    {
        var (text, results, error) = Run("optimizer-paths", knobs);
        Assert.That(error, Is.Null);
        string line = text.Split('\n').Single(l => l.StartsWith("Saddle (lr", StringComparison.Ordinal));
        string escapedPart = line[line.IndexOf("escaped past", StringComparison.Ordinal)..line.IndexOf("still near", StringComparison.Ordinal)];
        foreach (var (name, path) in results["paths"]!["saddle"]!.AsObject())
        {
            double x2 = D(path!["points"]!.AsArray()[^1]![1]);
            bool escaped = Math.Abs(x2) > 1;
            Assert.That(escapedPart.Contains(name + " (", StringComparison.Ordinal), Is.EqualTo(escaped), $"{name}: x2 = {x2}");
        }
        // The review's example: at --saddle-lr 0.1 for 30 steps plain SGD does escape (x2 ≈ 2.37).
        if (knobs.Contains("--saddle-lr")) Assert.That(escapedPart, Does.Contain("sgd ("));
    }

    [Test]
    public void OptimizerPathsRanksTheBowlByTheFinalF()
    {
        var (text, results, _) = Run("optimizer-paths");
        var bowl = results["paths"]!["bowl"]!.AsObject().Select(kv => (kv.Key, F: D(kv.Value!["final_f"]))).OrderBy(x => x.F).Select(x => x.Key);
        string line = text.Split('\n').Single(l => l.StartsWith("Bowl,", StringComparison.Ordinal));
        Assert.That(Regex.Matches(line, @"(sgd|momentum|adagrad|rmsprop|adam) ").Select(m => m.Groups[1].Value), Is.EqualTo(bowl));
        Assert.That(line, Does.Contain("each at its best lr of the grid"));
    }
}
