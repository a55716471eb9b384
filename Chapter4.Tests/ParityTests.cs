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
    /// Tolerance for a value v: |chapter4 − pytorch| ≤ 1e-6 + 1e-6·|pytorch|, or equal as float32.
    /// Why: the lessons compute in float32 (2^-23 ≈ 1.2e-7 relative per rounding); libtorch 2.10 and
    /// PyTorch 1.13 may order a reduction or vectorise exp differently, so a few ulp may separate
    /// them after several ops. 1e-6 (≈ 8 ulp near 1) admits that and nothing more. Lessons whose
    /// numbers pass through long training runs get a wider, stated bound in <see cref="WiderTolerance"/>.
    /// </summary>
    private const double Absolute = 1e-6;
    private const double Relative = 1e-6;

    /// <summary>lesson id → (absolute, relative, why).</summary>
    private static readonly Dictionary<string, (double Abs, double Rel, string Why)> WiderTolerance = new();

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
        var (abs, rel, _) = WiderTolerance.GetValueOrDefault(entry.Lesson, (Absolute, Relative, ""));
        var c = ResultComparison.Compare(entry.Results, outcome.Results);
        Assert.That(c.Mismatches, Is.Empty, $"{entry.Lesson} [{entry.Name}]");
        Assert.That(c.Values, Is.Not.Empty);
        var outside = c.Values.Where(v => !v.Within(abs, rel))
            .Select(v => $"{v.Path}: PyTorch {v.Expected:G9}, Chapter4 {v.Actual:G9} (|diff| {v.AbsoluteDifference:G3})").ToList();
        Assert.That(outside, Is.Empty, $"{entry.Lesson} [{entry.Name}]: values outside {abs:G} + {rel:G}·|v|");
        TestContext.Out.WriteLine($"{entry.Lesson} [{entry.Name}]: {c.Values.Count(v => v.BitExactFloat32)} of {c.Values.Count} values bit-exact as float32, max |diff| {c.Values.Max(v => v.AbsoluteDifference):G3}");
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
