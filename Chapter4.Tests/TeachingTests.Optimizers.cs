using System.Globalization;
using System.Text.RegularExpressions;
using Chapter4.Claims;
using Chapter4.Printing;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>The optimizer lessons' sentences (steps, state), re-derived from their results by the rule each states.</summary>
public partial class TeachingTests
{
    /// <summary>What the lesson said, as claims (key, kind, data), in order.</summary>
    private static IReadOnlyList<Claim> Said(string id, params string[] knobs) => LessonMemo.Of(id, knobs).Outcome.Takeaways;

    private static T One<T>(IReadOnlyList<Claim> said, params string[] keys) where T : Claim =>
        (T)said.Single(c => keys.Contains(c.Key));

    private static double Knob(string[] knobs, string name, double otherwise) =>
        Array.IndexOf(knobs, name) is var i and >= 0 ? double.Parse(knobs[i + 1], CultureInfo.InvariantCulture) : otherwise;

    private static double[] Changes(System.Text.Json.Nodes.JsonObject results)
    {
        double[] w = [1.0, .. results["steps"]!.AsArray().Select(s => D(s!["w"]))];
        return w.Zip(w.Skip(1), (a, b) => b - a).ToArray();
    }

    /// <summary>The numbers of a printed list "[a, b, c]" after <paramref name="after"/>.</summary>
    private static double[] ListAfter(string text, string after) =>
        Regex.Match(text[(text.IndexOf(after, StringComparison.Ordinal) + after.Length)..], @"\[([^\]]*)\]").Groups[1].Value
            .Split(", ").Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();

    // ---- the optimizer steps: state read from the optimizer, sentences computed from it ----

    [TestCase]
    [TestCase("--momentum", "0.5", "--lr", "0.1", "--steps", "5")]
    [TestCase("--momentum", "0.99", "--lr", "0.5", "--steps", "20")]
    public void MomentumBufferIsReadFromTheOptimizerAndIsTheCoursesSOverOneMinusBeta(params string[] knobs)
    {
        var (text, results, _) = Run("momentum", knobs);
        double mu = Knob(knobs, "--momentum", 0.9);
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

    /// <summary>
    /// Momentum's steps are printed signed, and their trend words come from TrendRule (teaching-review-3, statement 2: at
    /// μ 0.99, lr 0.5 the steps shrink and reverse, and the lesson said "growing as the buffer gathers speed"). Re-derived
    /// here from w: the signed changes w_t − w_(t−1), the reversals (sign changes of the changes) and the sizes' direction,
    /// both ignoring differences within the lesson's stated float32 floor (4 ulps of the largest |w|, at least of 1).
    /// </summary>
    [TestCase]
    [TestCase("--momentum", "0.99", "--lr", "0.5", "--steps", "6")]
    [TestCase("--momentum", "0.5", "--lr", "0.1", "--steps", "5")]
    [TestCase("--momentum", "0", "--lr", "0.1", "--steps", "4")]
    public void MomentumsStepsAreSignedAndTheirTrendIsTheStepsTrend(params string[] knobs)
    {
        var (text, results, _) = Run("momentum", knobs);
        var said = Said("momentum", knobs);
        double[] change = Changes(results);
        double floor = 4 * Math.Pow(2, -24) * Math.Max(1, results["steps"]!.AsArray().Max(s => Math.Abs(D(s!["w"]))));
        var direction = One<TrendClaim>(said, "steps-reverse", "steps-one-way", "step-one");
        // The JSON keeps w as float32's shortest decimal: a few 1e-8 from the lesson's (double)w.
        Assert.That(direction.Points, Is.EqualTo(change).Within(1e-6), "the claim's data are the run's signed steps");
        Assert.That(ListAfter(direction.Text, "= "), Is.EqualTo(change).Within(1e-6), "the printed steps, with their signs");
        int reversals = 0, last = 0;
        foreach (double c in change)
        {
            int sign = c > floor ? 1 : c < -floor ? -1 : 0;
            if (sign != 0 && last != 0 && sign != last) reversals++;
            if (sign != 0) last = sign;
        }
        Assert.That(direction.Key, Is.EqualTo(reversals > 0 ? "steps-reverse" : "steps-one-way"));
        if (reversals > 0) Assert.That(direction.Text, Does.Contain($"reverses {reversals} time(s)"));
        double[] size = change.Select(Math.Abs).ToArray();
        bool up = size.Zip(size.Skip(1)).Any(p => p.Second - p.First > floor), down = size.Zip(size.Skip(1)).Any(p => p.First - p.Second > floor);
        string expected = (up, down) switch { (true, false) => "sizes-growing", (false, true) => "sizes-shrinking", (false, false) => "sizes-constant", _ => "sizes-mixed" };
        Assert.That(said.Single(c => c.Key.StartsWith("sizes-", StringComparison.Ordinal)).Key, Is.EqualTo(expected));
        if (knobs.Contains("0.99"))
        {
            // The review's case: the steps shrink, then reverse (v turns negative at step 5).
            Assert.That(expected, Is.EqualTo("sizes-mixed"));
            Assert.That(reversals, Is.EqualTo(1));
            Assert.That(text, Does.Not.Contain("grow at every step").And.Not.Contain("gathers speed"));
        }
    }

    /// <summary>
    /// Adam (teaching-review-3, statement 13, at the review's knobs): both step lists are signed and in units of lr, so
    /// "changed w by" and "without bias correction" can be set side by side; a spread of sizes is not presented as "about lr".
    /// Independent: the changes from w; the uncorrected steps −m/(√v + ε) from the optimizer's state (ε = 1e-8); the
    /// factor (1−β1)/√(1−β2) by formula.
    /// </summary>
    [TestCase]
    [TestCase("--beta1", "0.9", "--beta2", "0.999", "--lr", "0.3", "--steps", "12")]
    [TestCase("--beta1", "0.5", "--beta2", "0.999", "--lr", "0.1", "--steps", "6")]
    [TestCase("--beta1", "0", "--beta2", "0", "--steps", "4")]
    public void AdamsStepListsAreSignedOnBothSidesAndASpreadIsNotCalledAboutLr(params string[] knobs)
    {
        var (text, results, _) = Run("adam", knobs);
        var said = Said("adam", knobs);
        double lr = Knob(knobs, "--lr", 0.01), beta1 = Knob(knobs, "--beta1", 0.9), beta2 = Knob(knobs, "--beta2", 0.99);
        double[] perLr = Changes(results).Select(c => c / lr).ToArray();
        var changes = One<IdentityClaim>(said, "changes", "changes-apart");
        Assert.That(changes.Key, Is.EqualTo("changes"), "the measured steps are −m̂/(√v̂ + ε) from the state");
        // Printed with 6 decimals; w is float32, so a step read from two w is uncertain by about an ulp of w (6e-8) over lr.
        Assert.That(ListAfter(changes.Text, "by "), Is.EqualTo(perLr).Within(1e-6 + 2e-7 / lr), "printed signed, in units of lr");
        Assert.That(text, Does.Not.Contain("between").And.Not.Contain("stayed between"));
        var steps = results["steps"]!.AsArray();
        if (beta1 == 0 && beta2 == 0)
        {
            Assert.That(said.Select(c => c.Key), Does.Contain("zero-betas"));
            return;
        }
        double[] uncorrected = steps.Select(s => -D(s!["state"]!["exp_avg"]) / (Math.Sqrt(D(s!["state"]!["exp_avg_sq"])) + 1e-8)).ToArray();
        var without = One<ComparisonClaim>(said, "uncorrected-larger", "uncorrected-smaller", "uncorrected-same");
        Assert.That(ListAfter(without.Text, "= "), Is.EqualTo(uncorrected).Within(1e-6), "the uncorrected steps, signed as the corrected ones");
        for (int t = 0; t < perLr.Length; t++)
            if (Math.Abs(perLr[t]) > 1e-3 && Math.Abs(uncorrected[t]) > 1e-3) Assert.That(Math.Sign(uncorrected[t]), Is.EqualTo(Math.Sign(perLr[t])), $"step {t + 1}");
        double factor = (1 - beta1) / Math.Sqrt(1 - beta2);
        Assert.That(without.LeftValue, Is.EqualTo(factor).Within(1e-12));
        Assert.That(without.Key, Is.EqualTo(Math.Abs(factor - Math.Abs(perLr[0])) <= 1e-5 ? "uncorrected-same" : factor > 1 ? "uncorrected-larger" : "uncorrected-smaller"));
        double[] size = perLr.Select(Math.Abs).ToArray();
        var spread = One<ComparisonClaim>(said, "sizes-close", "sizes-spread");
        Assert.That(spread.Key, Is.EqualTo(size.Max() > 2 * size.Min() ? "sizes-spread" : "sizes-close"));
        if (knobs.Contains("0.999") && knobs.Contains("0.3"))
        {
            // The review's case: 0.0032·lr to 1·lr is a spread of 300, said as such, with w.grad's sign change named.
            Assert.That(spread.Key, Is.EqualTo("sizes-spread"));
            Assert.That(spread.Text, Does.Contain("a factor of 311.1"));
            Assert.That(said.Select(c => c.Key), Does.Contain("grad-sign"));
        }
    }

    /// <summary>
    /// The reason the RMSProp steps shrink is read from the state: √s growing (still filling from 0) against |g| falling.
    /// The review's wrong sentence said "old, larger g² fade" while s grew (teaching-review-3, statement 1).
    /// </summary>
    [TestCase]
    [TestCase("--alpha", "0.999", "--lr", "0.001", "--steps", "5")]
    [TestCase("--alpha", "0.5", "--lr", "0.3", "--steps", "8")]
    [TestCase("--alpha", "0", "--lr", "0.01", "--steps", "5")]
    public void RmsPropSaysWhyItsStepsShrinkFromTheState(params string[] knobs)
    {
        var (text, results, _) = Run("rmsprop", knobs);
        Assert.That(text, Does.Not.Contain("fade"));
        var steps = results["steps"]!.AsArray();
        double[] s = steps.Select(x => D(x!["state"]!["square_avg"])).ToArray();
        double[] g = steps.Select(x => Math.Abs(D(x!["grad"]))).ToArray();
        double[] change = Changes(results);
        double first = Math.Abs(change[0]), last = Math.Abs(change[^1]);
        double floor = 2 * 4 * Math.Pow(2, -24) * Math.Max(1, steps.Max(x => Math.Abs(D(x!["w"]))));
        double sGrowth = Math.Sqrt(s[^1] / s[0]), gFall = g[0] / g[^1];
        string key = Said("rmsprop", knobs).Single(c => c.Key is "no-shrink" || c.Key.StartsWith("shrink-", StringComparison.Ordinal)).Key;
        string expected = !(first - last > floor) ? "no-shrink" : sGrowth <= 1 ? "shrink-gradient-s-fell" : gFall <= 1 ? "shrink-s-grew"
            : sGrowth > gFall ? "shrink-filling" : "shrink-gradient";
        Assert.That(key, Is.EqualTo(expected));
        if (knobs.Length == 0 || knobs[1] == "0.999") Assert.That(key, Is.EqualTo("shrink-filling"), "s grows from 0.1 and 0.001: it is still filling");
        if (knobs.Length > 1 && knobs[1] == "0") Assert.That(key, Is.EqualTo("no-shrink"), "α = 0: every step is lr·sign(g)");
    }

    [TestCase]
    [TestCase("--alpha", "0.99", "--lr", "0.1", "--steps", "6")]
    public void RmsPropsFirstStepIsLrOverSqrtOneMinusAlphaAsMeasured(params string[] knobs)
    {
        var (text, results, _) = Run("rmsprop", knobs);
        double alpha = Knob(knobs, "--alpha", 0.9), lr = Knob(knobs, "--lr", 0.01);
        double first = Math.Abs(1 - D(results["steps"]![0]!["w"]));
        Assert.That(first, Is.EqualTo(lr / Math.Sqrt(1 - alpha)).Within(1e-6), "the measured first step");
        Assert.That(text, Does.Contain($"the first step is lr/√(1−α) = {PyFormat.General(lr / Math.Sqrt(1 - alpha), 6)}"));
    }

    /// <summary>AdaGrad's effective rate lr/√sum: "shrank at every step" only when every step's sum grew.</summary>
    [TestCase]
    [TestCase("--lr", "1", "--steps", "4")]
    public void AdaGradSaysAtEveryStepOnlyWhenItShrankAtEveryStep(params string[] knobs)
    {
        var (_, results, _) = Run("adagrad", knobs);
        double[] sums = results["steps"]!.AsArray().Select(s => D(s!["state"]!["sum"])).ToArray();
        var rate = One<TrendClaim>(Said("adagrad", knobs), "rate-one", "rate-shrinking", "rate-constant", "rate-mixed");
        bool every = sums.Zip(sums.Skip(1)).All(p => p.Second > p.First), none = sums.Zip(sums.Skip(1)).All(p => p.Second == p.First);
        Assert.That(rate.Key, Is.EqualTo(every ? "rate-shrinking" : none ? "rate-constant" : "rate-mixed"));
        // lr 1: w = 1 − 1·1/1 = 0 after step 1, so g = 0 and the sum stays 1.
        if (knobs.Length > 0) Assert.That(rate.Key, Is.EqualTo("rate-constant"));
    }

    // ---- one rule for RMSProp's α and Adam's betas (teaching-review-3, statement 10) ----

    private static readonly Type[] RuleOwners = [typeof(Chapter4.Lessons.OptimizerStepsLesson), typeof(Chapter4.Lessons.OptimizerPathsLesson), typeof(Chapter4.Lessons.OptimizerCompareLesson)];

    /// <summary>
    /// Every lesson that builds RMSProp or Adam says the same rule sentence (the course's alpha=0.9 and betas=(0.9, 0.99)
    /// everywhere, with the knobs that change them), and the optimizers it built have those values, read back from them.
    /// </summary>
    [TestCase("rmsprop")]
    [TestCase("adam")]
    [TestCase("optimizer-paths")]
    [TestCase("optimizer-compare", "--epochs", "1", "--seeds", "1")]
    public void EveryLessonUsingRmsPropOrAdamSaysTheRuleAndBuildsTheCoursesValues(string id, params string[] knobs)
    {
        var run = LessonMemo.Of(id, knobs);
        var rule = run.Outcome.Takeaways.Single(c => c.Key == "optimizer-settings");
        Assert.That(rule.Kind, Is.EqualTo("fact"));
        Assert.That(rule.Text, Is.EqualTo(Chapter4.Language.Texts.Get(typeof(Chapter4.Lessons.OptimizerStepsLesson), "optimizer-settings")), "the same sentence everywhere");
        Assert.That(rule.Text, Does.Contain("alpha=0.9 (3.3.5)").And.Contain("betas=(0.9, 0.99) (3.3.6)").And.Contain("--alpha").And.Contain("--beta2"));
        var settings = run.Outcome.Results["settings"]!.AsObject();
        var alpha = id == "rmsprop" ? settings["alpha"] : id == "adam" ? null : settings["rmsprop"]!["alpha"];
        var beta1 = id == "adam" ? settings["beta1"] : id == "rmsprop" ? null : settings["adam"]!["beta1"];
        var beta2 = id == "adam" ? settings["beta2"] : id == "rmsprop" ? null : settings["adam"]!["beta2"];
        if (alpha is not null) Assert.That(D(alpha), Is.EqualTo(0.9));
        if (beta1 is not null) Assert.That((D(beta1), D(beta2)), Is.EqualTo((0.9, 0.99)));
        Assert.That(run.Outcome.Takeaways.Any(c => c.Key.StartsWith("settings-", StringComparison.Ordinal)), Is.False, "nothing changed, nothing more said");
    }

    [Test]
    public void TheRuleSentenceIsTheSameInEveryFileAndLanguage()
    {
        foreach (string key in new[] { "optimizer-settings", "settings-alpha-changed", "settings-betas-changed" })
            foreach (var culture in new[] { CultureInfo.InvariantCulture, Chapter4.Language.UiLanguage.Chinese })
                Assert.That(RuleOwners.Select(t => Chapter4.Language.Texts.Exact(t, key, culture)).Distinct().ToList(), Has.Count.EqualTo(1).And.None.Null, $"{key} ({culture.Name})");
    }

    /// <summary>
    /// The comparison lessons' paths are the course's optimizers, step for step: the saddle paths of Adam and RMSProp
    /// recomputed here in float64 by PyTorch's update rules (ε = 1e-8) with the course's values match the lesson's float32
    /// paths within 1e-5 (20 steps of float32 rounding); with PyTorch's defaults they would end elsewhere (more than 1e-3 off).
    /// </summary>
    [Test]
    public void TheSaddlePathsAreTheCoursesAdamAndRmsPropStepForStep()
    {
        var run = LessonMemo.Of("optimizer-paths");
        double[][] Path(string name) => run.Outcome.Results["paths"]!["saddle"]![name]!["points"]!.AsArray().Select(p => p!.AsArray().Select(D).ToArray()).ToArray();
        double[][] Adam(double b1, double b2) => Walk((x, g, m, v, t) =>
        {
            for (int i = 0; i < 2; i++)
            {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                x[i] -= 0.05 * (m[i] / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(b2, t)) + 1e-8);
            }
        });
        double[][] RmsProp(double alpha) => Walk((x, g, _, s, _) =>
        {
            for (int i = 0; i < 2; i++)
            {
                s[i] = alpha * s[i] + (1 - alpha) * g[i] * g[i];
                x[i] -= 0.05 * g[i] / (Math.Sqrt(s[i]) + 1e-8);
            }
        });
        static double[][] Walk(Action<double[], double[], double[], double[], int> step)
        {
            double[] x = [-1.5, 0.01], m = [0, 0], v = [0, 0];
            var path = new List<double[]> { (double[])x.Clone() };
            for (int t = 1; t <= 20; t++)
            {
                step(x, [2 * x[0], -2 * x[1]], m, v, t);
                path.Add((double[])x.Clone());
            }
            return [.. path];
        }
        static double Apart(double[][] a, double[][] b) => a.Zip(b, (p, q) => Math.Max(Math.Abs(p[0] - q[0]), Math.Abs(p[1] - q[1]))).Max();
        Assert.That(Apart(Path("adam"), Adam(0.9, 0.99)), Is.LessThan(1e-5));
        Assert.That(Apart(Path("adam"), Adam(0.9, 0.999)), Is.GreaterThan(1e-3));
        Assert.That(Apart(Path("rmsprop"), RmsProp(0.9)), Is.LessThan(1e-5));
        Assert.That(Apart(Path("rmsprop"), RmsProp(0.99)), Is.GreaterThan(1e-3));
    }

    [TestCase("optimizer-paths", "--alpha", "0.99", "--beta2", "0.999", "--steps", "3")]
    [TestCase("rmsprop", "--alpha", "0.99")]
    [TestCase("adam", "--beta2", "0.999")]
    public void AChangedAlphaOrBetaIsReadBackAndSaid(string id, params string[] knobs)
    {
        var run = LessonMemo.Of(id, knobs);
        var settings = run.Outcome.Results["settings"]!.AsObject();
        if (knobs.Contains("--alpha"))
        {
            Assert.That(D(id == "rmsprop" ? settings["alpha"] : settings["rmsprop"]!["alpha"]), Is.EqualTo(0.99));
            Assert.That(run.Outcome.Takeaways.Single(c => c.Key == "settings-alpha-changed").Text, Does.Contain("alpha=0.99"));
        }
        if (knobs.Contains("--beta2"))
        {
            Assert.That(D(id == "adam" ? settings["beta2"] : settings["adam"]!["beta2"]), Is.EqualTo(0.999));
            Assert.That(run.Outcome.Takeaways.Single(c => c.Key == "settings-betas-changed").Text, Does.Contain("betas=(0.9, 0.999)"));
        }
    }

    // ---- the words: every sentence in both languages, with the same placeholders in the same order ----

    private static readonly Type[] OptimizerLessons =
    [
        // Lesson: the rule for α and betas that every optimizer lesson says (CourseOptimizerSettings) lives in its file.
        typeof(Chapter4.Harness.Lesson), typeof(Chapter4.Lessons.MomentumLesson), typeof(Chapter4.Lessons.AdaGradLesson),
        typeof(Chapter4.Lessons.RmsPropLesson), typeof(Chapter4.Lessons.AdamLesson), typeof(Chapter4.Lessons.OptimizerPathsLesson),
        typeof(Chapter4.Lessons.OptimizerCompareLesson), typeof(Chapter4.Lessons.MomentumDynamicsLesson),
    ];

    [TestCaseSource(nameof(OptimizerLessons))]
    public void EverySentenceHasItsChineseWithTheSamePlaceholdersInOrder(Type lesson)
    {
        var english = Chapter4.Language.Texts.Keys(lesson, CultureInfo.InvariantCulture);
        Assert.That(english, Is.Not.Empty);
        Assert.That(Chapter4.Language.Texts.Keys(lesson, Chapter4.Language.UiLanguage.Chinese), Is.EqualTo(english));
        foreach (string key in english)
        {
            static string[] Holes(string? text) => Regex.Matches(text ?? "", @"\{\d+\}").Select(m => m.Value).ToArray();
            string en = Chapter4.Language.Texts.Exact(lesson, key, CultureInfo.InvariantCulture)!, zh = Chapter4.Language.Texts.Exact(lesson, key, Chapter4.Language.UiLanguage.Chinese)!;
            Assert.That(Holes(zh), Is.EqualTo(Holes(en)), $"{lesson.Name}.{key}");
            Assert.That(zh, Is.Not.EqualTo(en).Or.Matches(@"^[^A-Za-z]*$|^\s*(w\.grad|optimizer\.state|μ)"), $"{lesson.Name}.{key} is not translated");
        }
    }
}
