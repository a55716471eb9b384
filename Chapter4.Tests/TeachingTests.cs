using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chapter4.Parity;
using Chapter4.Printing;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// What a lesson says about its run must agree with the numbers of that run, under the defaults and
/// under knobs that change the story (the teaching review's examples among them). Each test reads
/// the printed sentence and re-derives it from the lesson's JSON results by the rule it states.
/// </summary>
public class TeachingTests
{
    private static (string Text, JsonObject Results, string? Error) Run(string id, params string[] knobs)
    {
        var run = LessonMemo.Of(id, knobs);
        return (run.Text, run.Outcome.Results, run.Outcome.Error);
    }

    /// <summary>A result number (float or double in memory; "Infinity"/"NaN" as strings, as the JSON writes them).</summary>
    private static double D(JsonNode? n) => n!.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? (string)n! switch { "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => double.NaN }
        : double.Parse(n.ToJsonString(), CultureInfo.InvariantCulture);

    // ---- lr-sweep: the verdicts follow the stated rule, and the defaults show all four ----

    [TestCase]
    [TestCase("--lrs", "0.05,0.5,3", "--steps", "50")]
    [TestCase("--lrs", "0.001,0.1,0.6", "--momentum", "0")]
    public void LrSweepVerdictsFollowTheRuleItStates(params string[] knobs)
    {
        var (text, results, error) = Run("lr-sweep", knobs);
        Assert.That(error, Is.Null);
        Assert.That(text, Does.Contain("diverged if the loss stops being a number or ends above its start; oscillating if it ever goes up; too slow if it ends above 1% of its start; good otherwise"));
        foreach (JsonNode? run in results["runs"]!.AsArray())
        {
            double[] losses = run!["losses"]!.AsArray().Select(D).ToArray();
            string expected = !double.IsFinite(losses[^1]) || losses[^1] > losses[0] ? "diverged"
                : losses.Zip(losses.Skip(1)).Any(p => p.Second > p.First) ? "oscillating"
                : losses[^1] > 0.01 * losses[0] ? "too-slow" : "good";
            Assert.That((string)run["verdict"]!, Is.EqualTo(expected), $"lr {run["lr"]}");
        }
    }

    [Test]
    public void LrSweepShowsAllFourVerdictsByDefaultAndExitsZeroThoughOneRunDiverges()
    {
        var r = CliAssert.Run("lr-sweep", "--json", "--no-plots");
        Assert.That(r.Exit, Is.Zero, r.Err);
        var verdicts = JsonNode.Parse(r.Out)!["results"]!["runs"]!.AsArray().Select(v => (string)v!["verdict"]!).ToHashSet();
        Assert.That(verdicts, Is.EquivalentTo(new[] { "too-slow", "good", "oscillating", "diverged" }));
    }

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

    // ---- the network of 1.1 / 1.2 ----

    [Test]
    public void TheDefaultNetworkIsAliveItsRowsDiffer()
    {
        var (text, results, _) = Run("model");
        var rows = results["output"]!.AsArray().Select(r => r!.ToJsonString()).ToList();
        Assert.That(rows.Distinct().Count(), Is.GreaterThan(1));
        Assert.That(results["dead_linear2_units"]!.AsArray(), Is.Empty);
        Assert.That(text, Does.Not.Contain("dead for every input"));
    }

    [Test]
    public void SeedZerosDeadUnitsAreSaidToBeDeadForEveryInput()
    {
        var (text, results, _) = Run("model", "--seed", "0");
        Assert.That(results["dead_linear2_units"]!.AsArray().Select(u => (int)u!), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(text, Does.Contain("dead for every input").And.Contain("no training can revive it"));
        var weights = results["parameters"]!["linear2.weight"]!.AsArray().SelectMany(r => r!.AsArray()).Select(D);
        Assert.That(weights, Has.All.LessThanOrEqualTo(0.0), "the claim's premise, from the weights themselves");
    }

    // ---- losses ----

    [TestCase("0.5,0.5,0.5;0.9,0.9,0.2")]
    [TestCase("0,0,0;0,0,0")]
    public void CrossEntropyMakesNoMinusLogPClaimForRowsThatAreNotProbabilities(string rows)
    {
        var (text, results, _) = Run("loss-ce", "--y-pred", rows);
        Assert.That(results["loss_on_log_probs"], Is.Null);
        Assert.That(text, Does.Not.Contain("-log p[y]"));
    }

    [Test]
    public void LossCurvesPrintsAsPythonRoundsTies() =>
        Assert.That(Run("loss-curves", "--beta", "4").Text, Does.Contain("0.0312").And.Contain("0.2812").And.Not.Contain("0.0313"));

    // ---- training lessons: rankings read from the results ----

    [TestCase("0")]
    [TestCase("1")]
    public void LrCompareRanksExponentialDecayAsTheLossesDo(string seed)
    {
        var (text, results, _) = Run("lr-compare", "--seed", seed);
        var ranked = results["schedules"]!.AsArray().OrderBy(s => D(s!["val_loss_mean"])).Select(s => ((string)s!["name"]!).Split('(')[0]).ToList();
        int expected = ranked.IndexOf("ExponentialLR") + 1;
        Assert.That(text, Does.Contain($"ExponentialLR, the course's first choice, ranks {expected} of {ranked.Count}."));
    }

    [Test]
    public void GdVariantsSaysWhenTheRateIsTooLargeForAVariant()
    {
        var (text, results, _) = Run("gd-variants", "--lr", "0.4", "--epochs", "3");
        foreach (JsonNode? v in results["variants"]!.AsArray())
        {
            double[] losses = v!["epoch_losses"]!.AsArray().Select(D).ToArray();
            string line = text.Split('\n').Single(l => l.TrimStart().StartsWith((string)v["name"]! + ": epoch loss", StringComparison.Ordinal));
            Assert.That(line.Contains("too large", StringComparison.Ordinal), Is.EqualTo(losses[^1] > losses[0]), line);
        }
    }

    // ---- more lessons under non-default knobs ----

    [TestCase("--y-pred", "1,1,0")]
    [TestCase("--y-pred", "0,0.5,1", "--y-true", "1,0,0")]
    [TestCase]
    public void BceCountsTheClampedPredictionsItTalksAbout(params string[] knobs)
    {
        var (text, results, _) = Run("loss-bce", knobs);
        double[] p = results["y_pred"]!.AsArray().Select(D).ToArray(), y = results["y_true"]!.AsArray().Select(D).ToArray();
        int wrong = p.Where((v, i) => (v == 1 && y[i] != 1) || (v == 0 && y[i] != 0)).Count();
        if (wrong > 0) Assert.That(text, Does.Contain($"{wrong} of the {p.Length} predictions are exactly 0 or 1 and wrong"));
        else Assert.That(text, Does.Not.Contain("clamps to −100"));
    }

    [TestCase("0.5")]
    [TestCase("0")]
    public void SmoothL1SaysWhatItIsAtItsBeta(string beta)
    {
        var (text, _, _) = Run("loss-smoothl1", "--beta", beta, "--y-pred", "1.2,1.7,2.0", "--y-true", "1.2,1.5,2.0");
        if (beta == "0") Assert.That(text, Does.Contain("Smooth L1 is MAE").And.Contain("Where the error is exactly 0 PyTorch gives"));
        else Assert.That(text, Does.Contain("0.5·e²/beta inside |e| < beta"));
    }

    [TestCase("0.9", "200")]
    [TestCase("0.95", "200")]
    [TestCase("0.99", "100")]
    public void ExponentialDecaySaysWhenTheRateFallsBelow1e4(string gamma, string epochs)
    {
        var (text, results, _) = Run("lr-exponential", "--gamma", gamma, "--epochs", epochs);
        double[] lrs = results["lrs"]!.AsArray().Select(D).ToArray();
        int first = Array.FindIndex(lrs, l => l < 1e-4);
        if (first >= 0) Assert.That(text, Does.Contain($"below 1e-4 from epoch {first} on"));
        else Assert.That(text, Does.Not.Contain("The rate is below 1e-4"));
    }

    [TestCase]
    [TestCase("--steps", "10", "--lr", "0.5")]
    public void AdaGradsEffectiveRateIsReadFromItsSumAndOnlyShrinks(params string[] knobs)
    {
        var (text, results, _) = Run("adagrad", knobs);
        double[] sums = results["steps"]!.AsArray().Select(s => D(s!["state"]!["sum"])).ToArray();
        double[] grads = results["steps"]!.AsArray().Select(s => D(s!["grad"])).ToArray();
        double acc = 0;
        for (int t = 0; t < sums.Length; t++)
        {
            acc += grads[t] * grads[t];
            Assert.That(sums[t], Is.EqualTo(acc).Within(1e-5 * acc), $"sum = Σ g² at step {t + 1}");
        }
        Assert.That(sums, Is.Ordered.Ascending, "the sum can only grow, so lr/√sum can only shrink");
        Assert.That(text, Does.Contain("can only shrink"));
    }

    [TestCase]
    [TestCase("--seeds", "2", "--epochs", "10")]
    public void OptimizerCompareSaysWhetherTheLeadersAreSeparated(params string[] knobs)
    {
        var (text, results, _) = Run("optimizer-compare", knobs);
        var ranked = results["optimizers"]!.AsArray().Select(o => (Name: (string)o!["name"]!, Mean: D(o["final_loss_mean"]), Std: D(o["final_loss_std"]))).OrderBy(o => o.Mean).ToList();
        bool separated = ranked[0].Mean + ranked[0].Std < ranked[1].Mean - ranked[1].Std;
        Assert.That(text, Does.Contain($"Lowest mean test loss: {ranked[0].Name}"));
        Assert.That(text, separated ? Does.Contain("apart by more than their spread") : Does.Contain("within one standard deviation"));
        foreach (JsonNode? o in results["optimizers"]!.AsArray())
            Assert.That(o!["lr_grid"]!.AsArray().Select(D), Does.Contain(D(o["lr"])), "the chosen rate is one of its grid");
    }

    // ---- backprop-model: the hand-written gradients equal autograd's, and the note says how closely ----

    private static float[] Floats(JsonNode? n) => n is JsonArray a ? a.SelectMany(Floats).ToArray() : [(float)D(n)];

    /// <summary>
    /// Autograd (libtorch's own backward) is the independent side. Bound: 16 ulps at batch ≤ 8, the lesson's
    /// stated claim: the same formulas, and a sum of at most 8 float32 products rounded in another order moves
    /// the last bits only (measured: 0 with PyTorch 1.13, up to 12 with libtorch 2.10).
    /// </summary>
    [TestCase("--seed", "1")]
    [TestCase("--seed", "0")]
    [TestCase("--seed", "42")]
    [TestCase("--seed", "5", "--reduction", "mean")]
    [TestCase("--seed", "3", "--batch", "8")]
    public void BackpropModelHandGradientsEqualAutogradsWithinTheStatedUlps(params string[] knobs)
    {
        var (text, results, error) = Run("backprop-model", knobs);
        Assert.That(error, Is.Null);
        long worst = 0;
        foreach (var (name, hand) in results["grads"]!.AsObject())
        {
            float[] h = Floats(hand), a = Floats(results["autograd_grads"]![name]);
            Assert.That(h, Has.Length.EqualTo(a.Length), name);
            worst = Math.Max(worst, h.Zip(a, Float32Ulps.Between).Max());
        }
        Assert.That(results["grads"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "output.weight", "output.bias" }));
        Assert.That(worst, Is.LessThanOrEqualTo(16));
        Assert.That((long)D(results["max_ulps"]), Is.EqualTo(worst));
        Assert.That(text, Does.Contain(worst == 0 ? "equals autograd's bit for bit" : $"equal autograd's within {worst} ulps"));
    }

    /// <summary>
    /// Over a large batch the bias gradients are sums of up to 1,000 terms, which autograd may add in another
    /// order: bound 1e-5 × the parameter's largest gradient (about 80 float32 ε; measured at most 2.1e-6).
    /// </summary>
    [TestCase("64", "sum")]
    [TestCase("1000", "mean")]
    public void BackpropModelLargeBatchesStayWithinSummationRounding(string batch, string reduction)
    {
        var (_, results, error) = Run("backprop-model", "--seed", "3", "--batch", batch, "--reduction", reduction);
        Assert.That(error, Is.Null);
        foreach (var (name, hand) in results["grads"]!.AsObject())
        {
            float[] h = Floats(hand), a = Floats(results["autograd_grads"]![name]);
            double scale = a.Max(v => Math.Abs((double)v));
            Assert.That(h.Zip(a, (x, y) => Math.Abs((double)x - y)).Max(), Is.LessThanOrEqualTo(1e-5 * scale), name);
        }
    }

    /// <summary>Seed 0: both linear2 units are inactive for all five rows, so everything below them gets exactly 0.</summary>
    [Test]
    public void BackpropModelInactiveReluUnitsPassNoGradientDown()
    {
        var (text, results, error) = Run("backprop-model", "--seed", "0");
        Assert.That(error, Is.Null);
        Assert.That(results["inactive_linear2_units"]!.AsArray().Select(n => (int)D(n)), Is.EqualTo(new[] { 0, 1 }));
        foreach (string name in new[] { "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias" })
            Assert.That(Floats(results["autograd_grads"]![name]), Is.All.EqualTo(0f), name);
        Assert.That(Floats(results["grads"]!["output.bias"]), Has.Some.Not.EqualTo(0f));
        Assert.That(text, Does.Contain("linear2 units 0 and 1 gave z2 ≤ 0 for every row"));

        var (live, liveResults, _) = Run("backprop-model", "--seed", "1");
        Assert.That(liveResults["inactive_linear2_units"]!.AsArray(), Is.Empty);
        Assert.That(live, Does.Not.Contain("gave z2 ≤ 0 for every row"));
    }

    /// <summary>The ratio in the note is the two printed norms' ratio; and a second softmax never enlarges ‖∂loss/∂z3‖ here.</summary>
    [TestCase("--seed", "1")]
    [TestCase("--seed", "2", "--reduction", "mean")]
    public void BackpropModelSecondSoftmaxRatioIsComputed(params string[] knobs)
    {
        var (text, results, _) = Run("backprop-model", knobs);
        double inner = D(results["dz3_norm"]), logits = D(results["dz3_norm_if_logits"]);
        Assert.That(text, Does.Contain($"({(inner / logits).ToString("F2", CultureInfo.InvariantCulture)}×)"));
        Assert.That(inner, Is.LessThan(logits));
    }
}
