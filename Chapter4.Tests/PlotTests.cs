using Chapter4.Harness;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>Plots render headless through ScottPlot/SkiaSharp, exactly the files each lesson declares.</summary>
public class PlotTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static IEnumerable<string> PlottingLessons => LessonRegistry.All().Where(l => l.Plots.Count > 0).Select(l => l.Id);

    [TestCaseSource(nameof(PlottingLessons))]
    public void WritesExactlyItsDeclaredPngs(string id)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"chapter4-plots-{Guid.NewGuid():N}");
        try
        {
            var r = CliAssert.Run(id, "--plots-dir", dir);
            Assert.That(r.Exit, Is.Zero, r.Err);
            var written = Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToList();
            Assert.That(written, Is.EqualTo(LessonRegistry.Find(id)!.Plots.Order().ToList()));
            foreach (string file in Directory.GetFiles(dir))
            {
                byte[] bytes = File.ReadAllBytes(file);
                Assert.That(bytes.Take(8), Is.EqualTo(PngSignature), file);
                Assert.That(bytes.Length, Is.GreaterThan(10_000), $"{file} looks empty"); // a 900×560 chart with text and lines
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void EveryPlotFileNameIsUniqueAcrossLessons()
    {
        var names = LessonRegistry.All().SelectMany(l => l.Plots).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(names, Has.All.EndsWith(".png"));
    }
}
