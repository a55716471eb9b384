using Chapter4.Files;
using Chapter4.Harness;
using Chapter4.Language;
using ScottPlot;

namespace Chapter4.Plotting;

/// <summary>Where plots go and how they are written: atomically, into a folder proven writable first.</summary>
public static class PlotSaving
{
    /// <summary>
    /// Saves the plot as fileName in the lesson's plots folder (nothing under --no-plots), atomically:
    /// an earlier PNG is replaced whole or not at all. A plot that cannot be written fails the lesson
    /// when it ends (exit 1), with the results already computed kept. The legend sits right of the data area,
    /// where it can hide no curve (inside, it hid β = 0.98 in ewma and paths in momentum-dynamics); the image widens to keep the data area.
    /// </summary>
    public static void Save(this LessonContext ctx, Plot plot, string fileName) =>
        ctx.Save(plot, fileName, () => plot.ShowLegend(Edge.Right), Figures.Height, Figures.Width + LegendWidth);

    /// <summary>How much wider an image is for its legend outside the data area.</summary>
    public const int LegendWidth = 300;

    private static void Save(this LessonContext ctx, Plot plot, string fileName, Action placeLegend, int height, int width)
    {
        if (ctx.PlotsDir is null) return;
        string path = Path.Combine(ctx.PlotsDir, fileName);
        placeLegend();
        // Again at the end: an axis or a legend item the lesson added after Figures.Create gets the CJK font too.
        CjkFont.ApplyBeforeRendering(plot);
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        ctx.PlotAudits.Add(PlotAudit.Of(plot, fileName));
        try
        {
            AtomicFile.Write(path, png);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reported when the lesson ends (with a divergence, if any): the lesson and its other plots go on.
            ctx.PlotFailures.Add((path, Text.WithoutTrailingPath(Text.FirstLine(e.Message))));
            return;
        }
        ctx.PlotsWritten.Add(path);
    }

    /// <summary>Creates the folder and proves it writable before a lesson spends time computing.</summary>
    public static void EnsureWritable(string dir)
    {
        if (File.Exists(dir)) throw new LessonInputException(RunTexts.Format("plots.folder-is-file", dir));
        try
        {
            Directory.CreateDirectory(dir);
            string probe = Path.Combine(dir, $".chapter4-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LessonInputException(RunTexts.Format("plots.folder-not-writable", dir, e.Message));
        }
    }

    /// <summary>The repository's plots/ folder when run inside the repository, else ./plots.</summary>
    public static string DefaultDir()
    {
        return Path.Combine(Repository.FindRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory(), "plots");
    }
}
