using System.Text.Json.Nodes;
using Chapter4.Harness;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Every entry of every fixture written by tools/parity/reference.py (PyTorch 1.13) becomes two test
/// cases: the lesson prints exactly what the Python snippet printed, and its named results equal
/// PyTorch's within tolerance. The lesson runs through the same runner as the command line.
/// </summary>
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

    /// <summary>lesson id → (absolute, relative, why): |diff| ≤ abs + rel·|pytorch| instead of the ulp bound.</summary>
    private static readonly Dictionary<string, (double Abs, double Rel, string Why)> WiderTolerance = new()
    {
        // PyTorch 1.13's BCE takes log(1 − p) after rounding 1 − p to float32; near p = 0.01 that
        // rounding (ulp(0.99) = 6e-8) shifts the loss by up to ~6e-8, i.e. 10 ulps of 0.01.
        // libtorch 2.10 is closer to the exact −log1p(−p). An absolute 1e-7 covers exactly that.
        ["loss-bce"] = (1e-7, 1e-6, "BCE's log(1 − p) cancellation in PyTorch 1.13"),
        ["loss-curves"] = (1e-7, 1e-6, "BCE's log(1 − p) cancellation in PyTorch 1.13"),
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
        Assert.That(Lines(printed), Is.EqualTo(Lines(entry.Stdout)), $"{entry.Lesson} [{entry.Name}] prints differ from PyTorch's");
    }

    [TestCaseSource(nameof(Entries))]
    public void ResultsMatchPyTorch(ReferenceEntry entry)
    {
        var (outcome, _) = Run(entry);
        Assert.That(outcome.Error, Is.Null);
        var c = ResultComparison.Compare(entry.Results, outcome.Results);
        Assert.That(c.Mismatches, Is.Empty, $"{entry.Lesson} [{entry.Name}]");
        Assert.That(c.Values, Is.Not.Empty);
        bool wider = WiderTolerance.TryGetValue(entry.Lesson, out var tolerance);
        var outside = c.Values.Where(v => wider ? !v.Within(tolerance.Abs, tolerance.Rel) : v.UlpDistanceFloat32 > MaxUlps)
            .Select(v => $"{v.Path}: PyTorch {v.Expected:G9}, Chapter4 {v.Actual:G9} (|diff| {v.AbsoluteDifference:G3}, {v.UlpDistanceFloat32} ulps)").ToList();
        Assert.That(outside, Is.Empty, $"{entry.Lesson} [{entry.Name}]: values outside " +
            (wider ? $"{tolerance.Abs:G} + {tolerance.Rel:G}·|v| ({tolerance.Why})" : $"{MaxUlps} float32 ulps"));
        TestContext.Out.WriteLine($"{entry.Lesson} [{entry.Name}]: {c.Values.Count(v => v.BitExactFloat32)} of {c.Values.Count} values bit-exact as float32, max {c.Values.Max(v => v.UlpDistanceFloat32)} ulps, max |diff| {c.Values.Max(v => v.AbsoluteDifference):G3}");
    }

    /// <summary>Runs the lesson as the CLI would, with prints captured and explanations left out.</summary>
    internal static (LessonOutcome Outcome, string Printed) Run(ReferenceEntry entry)
    {
        Lesson lesson = LessonRegistry.Find(entry.Lesson) ?? throw new AssertionException($"no lesson '{entry.Lesson}'");
        for (int i = 0; i + 1 < entry.Args.Length; i += 2)
        {
            string value = entry.Args[i + 1];
            string asFixtureFile = Path.Combine(FixtureDir, value);
            Knobs.Set(lesson, entry.Args[i][2..], File.Exists(asFixtureFile) ? asFixtureFile : value);
        }
        var printed = new StringWriter();
        var outcome = LessonRunner.Run(lesson, new RunOptions(entry.Seed, PlotsDir: null, DeviceChoice.Cpu, Notes: TextWriter.Null), printed);
        return (outcome, printed.ToString());
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
}
