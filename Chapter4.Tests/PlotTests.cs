using Chapter4.Files;
using Chapter4.Harness;
using Chapter4.Plotting;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>Plots render headless through ScottPlot/SkiaSharp, exactly the files each lesson declares.</summary>
[TestOf(typeof(Chapter4.Plotting.PlotSaving))]
public class PlotTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static IEnumerable<string> PlottingLessons => LessonRegistry.All().Where(l => l.Plots.Count > 0).Select(l => l.Id);

    [TestCaseSource(nameof(PlottingLessons))]
    public void WritesExactlyItsDeclaredPngs(string id)
    {
        var run = LessonMemo.Of(id, plots: true);
        Assert.That(run.Outcome.ExitCode, Is.Zero, run.Outcome.Error);
        var written = Directory.GetFiles(run.PlotsDir!).Select(Path.GetFileName).Order().ToList();
        Assert.That(written, Is.EqualTo(LessonRegistry.Find(id)!.Plots.Select(p => p.File).Order().ToList()));
        foreach (string file in Directory.GetFiles(run.PlotsDir!))
        {
            byte[] bytes = File.ReadAllBytes(file);
            Assert.That(bytes.Take(8), Is.EqualTo(PngSignature), file);
            Assert.That(bytes.Length, Is.GreaterThan(10_000), $"{file} looks empty"); // a 900×560 chart with text and lines
        }
    }

    /// <summary>
    /// A plot shows all its data: after rendering, every plotted point of every data series lies within
    /// the axis limits (level sets and other unlabelled translucent decorations excepted). Default knobs
    /// and the knob sets the teaching review found clipped.
    /// </summary>
    [TestCaseSource(nameof(AuditedRuns))]
    public void EveryPlottedPointIsInsideTheAxes(string[] args)
    {
        {
            var outcome = LessonMemo.Of(args[0], plots: true, args[1..]).Outcome;
            Assert.That(outcome.PlotAudits, Has.Count.EqualTo(LessonRegistry.Find(args[0])!.Plots.Count), outcome.Error);
            foreach (PlotAudit audit in outcome.PlotAudits)
            {
                Assert.That(audit.Points, Is.GreaterThan(0), audit.File);
                Assert.That(audit.PointsOutside, Is.Zero, $"{audit.File}: {audit.PointsOutside} of {audit.Points} points outside the axes");
            }
        }
    }

    public static IEnumerable<TestCaseData> AuditedRuns()
    {
        foreach (string id in PlottingLessons) yield return new TestCaseData((object)new[] { id }).SetName($"{id} (defaults)");
        yield return new TestCaseData((object)new[] { "optimizer-paths", "--lr", "0.1", "--saddle-lr", "0.1" }).SetName("optimizer-paths --lr 0.1 --saddle-lr 0.1");
        yield return new TestCaseData((object)new[] { "loss-curves", "--beta", "2" }).SetName("loss-curves --beta 2");
    }

    [Test]
    public void EachOptimizerAndScheduleKeepsOneColourEverywhere()
    {
        Assert.That(SeriesColors.For("adam"), Is.EqualTo(SeriesColors.For("adam (lr 0.1)")));
        Assert.That(SeriesColors.For("StepLR(step_size=15, gamma=0.5)"), Is.EqualTo(SeriesColors.For("StepLR(step_size=50, gamma=0.5)")));
        string[] optimizers = ["sgd", "momentum", "adagrad", "rmsprop", "adam"];
        Assert.That(optimizers.Select(o => SeriesColors.For(o)), Is.Unique.And.All.Not.Null);
        string[] schedules = ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR", "OneCycleLR", "ReduceLROnPlateau"];
        Assert.That(schedules.Select(s => SeriesColors.For(s)), Is.Unique.And.All.Not.Null);
    }

    [Test]
    public void EveryPlotFileNameIsUniqueAcrossLessons()
    {
        var names = LessonRegistry.All().SelectMany(l => l.Plots.Select(p => p.File)).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(names, Has.All.EndsWith(".png"));
    }

    /// <summary>
    /// The README's plot table is the lessons' own list: one row per plot, in course order, each with its lesson and
    /// the caption the lesson gives it (a "|" inside a caption is written "\|" in the table). The program reads no README.
    /// </summary>
    [Test]
    public void TheReadmesPlotTableIsTheLessonsCaptions()
    {
        string readme = File.ReadAllText(Path.Combine(Repository.FindRoot(AppContext.BaseDirectory)!, "README.md"));
        var rows = readme.Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\| `(?<file>[\w.-]+\.png)` \| `(?<lesson>[\w-]+)` \| (?<caption>.+?) \|\s*$"))
            .Where(m => m.Success)
            .Select(m => (m.Groups["file"].Value, m.Groups["lesson"].Value, m.Groups["caption"].Value.Trim().Replace("\\|", "|", StringComparison.Ordinal)))
            .ToList();
        var lessons = LessonRegistry.All().SelectMany(l => l.Plots.Select(p => (p.File, l.Id, p.Caption))).ToList();
        Assert.That(rows, Is.EqualTo(lessons));
    }

    /// <summary>
    /// A log axis (log10 values) spanning two decades or more is labelled at whole decades only, with the values
    /// themselves (0.001, 0.01, …); a range under two decades still gets several labels.
    /// </summary>
    [Test]
    public void LogAxesLabelWholeDecadesWhenTheySpanTwoOrMore()
    {
        string[] Labels(double lowLog10, double highLog10)
        {
            var plot = Figures.Create("t", "x", "y");
            plot.UseLogY();
            plot.LineLogY([0, 1], [Math.Pow(10, lowLog10), Math.Pow(10, highLog10)], "line");
            plot.Axes.SetLimitsY(lowLog10, highLog10);
            plot.GetImage(Figures.Width, Figures.Height).Dispose(); // ticks are made when the plot is drawn
            return plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor && t.Label.Length > 0).Select(t => t.Label).ToArray();
        }
        string[] wide = Labels(-10.6, -0.5);
        Assert.That(wide, Is.Not.Empty);
        Assert.That(wide, Is.All.Matches<string>(l => Math.Log10(double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)) is var e && Math.Abs(e - Math.Round(e)) < 1e-9), string.Join(" ", wide));
        Assert.That(wide, Does.Contain("0.1").And.Contain("1E-05"));
        Assert.That(Labels(-0.6, -0.1), Has.Length.GreaterThanOrEqualTo(3));
    }
}
