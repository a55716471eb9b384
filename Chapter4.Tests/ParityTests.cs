using Chapter4.Harness;
using Chapter4.Parity;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Every entry of every fixture written by tools/parity/reference.py (PyTorch 1.13) becomes two test
/// cases: the lesson prints exactly what the Python snippet printed, and its named results equal
/// PyTorch's within tolerance. The lesson runs through the same runner as the command line.
/// </summary>
[TestOf("every lesson against PyTorch's fixtures")]
[Category("Parity")]
public class ParityTests
{
    /// <summary>
    /// Default tolerance: at most 8 float32 ulps between Chapter4's value and PyTorch's (0 = bit-exact).
    /// Why: the lessons compute in float32, and libtorch 2.10 and PyTorch 1.13 may vectorise log/exp
    /// or order a reduction differently, which moves a result by an ulp or two (measured: BCE's log,
    /// 1–2 ulps). Eight ulps (≈ 1e-6 relative) admits that and nothing more, and unlike an absolute
    /// bound it stays meaningful for tiny values such as a final w of 1e-12. For values of order 1 it
    /// is tighter than the 1e-6 absolute the parity issue asks for. Lessons whose numbers pass through
    /// long training runs may get a wider bound in <see cref="WiderTolerance"/>, each with its reason.
    /// </summary>
    private const long MaxUlps = 8;

    /// <summary>
    /// Wider bounds, each for some values of one lesson, with its reason: |diff| ≤ abs + rel·|pytorch|.
    /// Every value these do not name keeps the ulp bound.
    /// </summary>
    private static readonly List<(string Lesson, string PathPart, double Abs, double Rel, string Why)> WiderTolerance =
    [
        // PyTorch 1.13's BCE takes log(1 − p) after rounding 1 − p to float32; near p = 0.01 that
        // rounding (ulp(0.99) = 6e-8) shifts the loss by up to ~6e-8, i.e. 10 ulps of 0.01.
        // libtorch 2.10 is closer to the exact −log1p(−p). An absolute 1e-7 covers exactly that.
        ("loss-bce", "", 1e-7, 1e-6, "BCE's log(1 − p) cancellation in PyTorch 1.13"),
        ("loss-curves", "bce", 1e-7, 1e-6, "BCE's log(1 − p) cancellation in PyTorch 1.13"),
        // PyTorch 1.13's BCEWithLogitsLoss takes log(e^−m + e^(−z−m)) in float32 without log1p: for z > 0 the
        // 1 + e^−z rounds to 1 + ulp(1), an absolute error up to ~6e-8. libtorch 2.10 uses log1p and is exact
        // (softplus(−10) = 4.5398899e-05; PyTorch 1.13 gives 4.5417706e-05). Measured: at most 5.5e-8 absolute.
        ("logits", "bce_with_logits.loss", 1e-7, 1e-6, "PyTorch 1.13's BCEWithLogits without log1p"),
        // Label 0's BCELoss is −log(1 − p): PyTorch 1.13 rounds 1 − p to float32 first, which moves the loss by at most half
        // a float32 ulp of 1 (3e-8), and below p = 3e-8 (z below about −17) gives exactly 0 where libtorch 2.10 gives ≈ p
        // (6e-39 at z = −88). The absolute 1e-7 covers both.
        ("logits", "y0.bce.loss", 1e-7, 1e-6, "BCE's log(1 − p) cancellation in PyTorch 1.13"),
        // Label 0's BCEWithLogitsLoss at z < 0 in libtorch 2.10 is (1 − y)·z − log_sigmoid(z): two numbers about |z| apart
        // whose difference is tiny, so it keeps only |z|'s float32 precision (at z = −11: ulp(11) = 9.5e-7; PyTorch 1.13
        // has 1.668916e-05, libtorch 1.7166138e-05, exact 1.670142e-05). Measured: at most 4.8e-7 absolute.
        ("logits", "y0.bce_with_logits.loss", 5e-7, 1e-6, "libtorch 2.10's BCEWithLogits cancellation for label 0"),
        // Training losses of an MLP: the matmuls run on different BLAS builds (libtorch 2.10's vs
        // Debian's OpenBLAS), whose last bits differ, and SGD with momentum carries the difference
        // through thousands of steps. Measured: 7.8e-6 relative at the course settings, 8.6e-4 at
        // lr 0.1 for the schedules and 2.0e-3 for the constant rate at lr 0.1 (nothing decays to damp
        // the difference; its validation loss is 5× the others'). The learning rates stay on the ulp bound.
        ("lr-compare", "loss", 0, 3e-3, "float32 BLAS differences carried through 2,400 SGD steps"),
        // optimizer-compare trains 60 small MLPs (4 rates × 3 seeds × 5 optimizers, 30 epochs each) and reads
        // validation and test losses after them: the same BLAS last-bit differences as lr-compare, carried
        // through 210 steps. Measured: up to 4.1e-6 relative (66 ulps) on a validation loss.
        ("optimizer-compare", "loss", 0, 1e-4, "float32 BLAS differences carried through 210 training steps"),
        // The hand-written backward's matrix products (dz1ᵀ @ x, …) in libtorch 2.10 may round a sum of five
        // products differently from PyTorch 1.13 (both compute the same formula; measured: 12 ulps, 5.7e-9
        // absolute on a 4e-3 gradient, seed 42). 4e-6 relative is 32 ulps; 1e-8 covers gradients that cancel to ~1e-3.
        ("backprop-model", "grads.", 1e-8, 4e-6, "gemm rounding of the hand-written gradients differs between libtorch builds"),
        // How many ulps apart the hand-written and autograd gradients are is a property of the build's kernels
        // (PyTorch 1.13: 0 for these fixtures; libtorch 2.10: up to 12). The bound is the lesson's own claim.
        ("backprop-model", "max_ulps", 16, 0, "hand-vs-autograd ulps depend on the libtorch build"),
        // A step that lands w next to 0 subtracts two numbers of order lr·g ≈ 0.1; the remainder
        // (measured: −2.4e-17) depends on whether addcdiv is fused. 1e-9 is 8 ulps of those operands.
        ("momentum", ".w", 1e-9, 1e-6, "cancellation when w lands next to 0"),
        ("adagrad", ".w", 1e-9, 1e-6, "cancellation when w lands next to 0"),
        ("rmsprop", ".w", 1e-9, 1e-6, "cancellation when w lands next to 0"),
        ("adam", ".w", 1e-9, 1e-6, "cancellation when w lands next to 0"),
        // AdaGrad's best rate on the bowl is 3: each step x2 ← x2 − 3·4·x2/√Σg² nearly cancels x2 (the
        // factor is about −0.3), so a 1-ulp difference in √Σg² (fused vs separate addcdiv) grows a few
        // times per step. Measured: up to 28 ulps, 1.3e-6 relative, on x2 of order 1e-2…1e-3.
        ("optimizer-paths", "adagrad.points", 1e-9, 1e-5, "AdaGrad at lr 3: near-cancelling x2 steps amplify a 1-ulp difference"),
        // Adam at lr 0.3 (the course's betas (0.9, 0.99)) carries x1 from −5 across 0 in steps of about lr: each step's
        // rounding is an ulp of the larger |x1| seen (ulp(5) = 4.8e-7), left behind where x1 is small. Measured: 1.3e-7
        // absolute at x1 = −0.039 (32 ulps of that value). One ulp of 5 bounds it.
        ("optimizer-paths", "adam.points", 5e-7, 1e-6, "Adam's steps of about lr carry x1 from −5 across 0: an ulp of 5"),
        // Coordinates that converge to 0 from an O(1) start keep a remainder of ~1e-11 whose last
        // bits depend on fused vs separate ops (measured: 16 ulps of 2.4e-11, i.e. 3e-17).
        ("optimizer-paths", "points", 1e-9, 1e-6, "cancellation in coordinates converging to 0"),
    ];

    /// <summary>Lessons whose printed tables hold training numbers: tokens compared as numbers within (abs, rel).</summary>
    private static readonly Dictionary<string, (double Abs, double Rel)> PrintedNumberTolerance = new()
    {
        // 6 printed decimals: the rounding unit 1e-6 plus the training-loss bound above.
        ["lr-compare"] = (2e-6, 2e-3),
        // A 1-ulp difference can flip the 6th printed decimal (measured: −2.382563 vs −2.382562),
        // and an exploding path (momentum at the saddle, |f| ~ 1.6e6) shows more decimals than float32 has.
        ["gd-variants"] = (1.5e-6, 1e-5),
        ["optimizer-paths"] = (1.5e-6, 1e-5),
        ["optimizer-compare"] = (1.5e-6, 1e-5),
    };

    public static string FixtureDir => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IEnumerable<TestCaseData> Entries()
    {
        foreach (string file in Directory.GetFiles(FixtureDir, "*.json").Order())
            foreach (ReferenceEntry entry in ReferenceEntry.Parse(File.ReadAllText(file)))
                yield return new TestCaseData(entry).SetName($"{entry.Lesson} [{entry.Name}]");
    }

    [Test]
    public void EveryLessonHasFixtures()
    {
        var covered = Entries().Select(t => ((ReferenceEntry)t.Arguments[0]!).Lesson).ToHashSet();
        Assert.That(LessonRegistry.Ids.Where(id => !covered.Contains(id)), Is.Empty, "lessons without a PyTorch reference");
    }

    [TestCaseSource(nameof(Entries))]
    public void PrintsWhatPyTorchPrints(ReferenceEntry entry)
    {
        var (outcome, printed) = Run(entry);
        Assert.That(outcome.Error, Is.Null);
        string[] expected = Lines(entry.Stdout), actual = Lines(printed);
        if (!PrintedNumberTolerance.TryGetValue(entry.Lesson, out var t))
        {
            Assert.That(actual, Is.EqualTo(expected), $"{entry.Lesson} [{entry.Name}] prints differ from PyTorch's");
            return;
        }
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        for (int i = 0; i < expected.Length; i++)
            Assert.That(SameUpToNumbers(expected[i], actual[i], t.Abs, t.Rel), Is.True,
                $"{entry.Lesson} [{entry.Name}] line {i + 1}:\n  PyTorch:  {expected[i]}\n  Chapter4: {actual[i]}");
    }

    [TestCaseSource(nameof(Entries))]
    public void ResultsMatchPyTorch(ReferenceEntry entry)
    {
        var (outcome, _) = Run(entry);
        Assert.That(outcome.Error, Is.Null);
        var c = ResultComparison.Compare(entry.Results, outcome.Results);
        Assert.That(c.Mismatches, Is.Empty, $"{entry.Lesson} [{entry.Name}]");
        Assert.That(c.Values, Is.Not.Empty);
        var outside = new List<string>();
        foreach (ComparedValue v in c.Values)
        {
            var wider = WiderTolerance.Where(w => w.Lesson == entry.Lesson && v.Path.Contains(w.PathPart, StringComparison.Ordinal)).ToList();
            bool ok = wider.Count > 0 ? wider.Any(w => v.Within(w.Abs, w.Rel)) : v.UlpDistanceFloat32 <= MaxUlps;
            if (!ok)
                outside.Add($"{v.Path}: PyTorch {v.Expected:G9}, Chapter4 {v.Actual:G9} (|diff| {v.AbsoluteDifference:G3}, {v.UlpDistanceFloat32} ulps; bound: " +
                    (wider.Count > 0 ? $"{wider[0].Abs:G} + {wider[0].Rel:G}·|v|, {wider[0].Why})" : $"{MaxUlps} ulps)"));
        }
        Assert.That(outside, Is.Empty, $"{entry.Lesson} [{entry.Name}]: values outside their bound");
        TestContext.Out.WriteLine($"{entry.Lesson} [{entry.Name}]: {c.Values.Count(v => v.BitExactFloat32)} of {c.Values.Count} values bit-exact as float32, max {c.Values.Max(v => v.UlpDistanceFloat32)} ulps, max |diff| {c.Values.Max(v => v.AbsoluteDifference):G3}");
    }

    /// <summary>Runs the lesson as the CLI would, with prints captured and explanations left out.</summary>
    internal static (LessonOutcome Outcome, string Printed) Run(ReferenceEntry entry)
    {
        Lesson lesson = LessonRegistry.Find(entry.Lesson) ?? throw new AssertionException($"no lesson '{entry.Lesson}'");
        entry.ApplyTo(lesson, value => File.Exists(Path.Combine(FixtureDir, value)) ? Path.Combine(FixtureDir, value) : value);
        var run = LessonMemo.Of(lesson, entry.Seed);
        return (run.Outcome, run.Printed);
    }

    /// <summary>Equal text between numbers, and numbers within |diff| ≤ abs + rel·|pytorch|.</summary>
    private static bool SameUpToNumbers(string expected, string actual, double abs, double rel)
    {
        var number = new System.Text.RegularExpressions.Regex(@"-?\d+(\.\d+)?(e[-+]?\d+)?");
        if (number.Replace(expected, "#") != number.Replace(actual, "#")) return false;
        var e = number.Matches(expected).Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var a = number.Matches(actual).Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return e.Count == a.Count && e.Zip(a).All(p => Math.Abs(p.First - p.Second) <= abs + rel * Math.Abs(p.First));
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
}
