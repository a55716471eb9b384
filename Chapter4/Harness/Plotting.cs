using ScottPlot;

namespace Chapter4.Harness;

/// <summary>Renders ScottPlot figures to PNG in the plots folder. Labels are English: no CJK font here.</summary>
public static class Plotting
{
    public const int Width = 900;
    public const int Height = 560;

    /// <summary>A plot with title and axis labels already set.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>Adds a labelled line through (xs, ys).</summary>
    public static ScottPlot.Plottables.Scatter Line(this Plot plot, double[] xs, double[] ys, string label)
    {
        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = label;
        line.LineWidth = 2;
        return line;
    }

    /// <summary>Makes the y axis logarithmic; add lines with <see cref="LineLogY"/>.</summary>
    public static void UseLogY(this Plot plot)
    {
        // Ticks are placed on log10 values; labels show the value itself (3 significant digits),
        // so a range of less than one decade still gets labels.
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = ticks;
    }

    /// <summary>A labelled line on a logarithmic y axis (values must be positive).</summary>
    public static ScottPlot.Plottables.Scatter LineLogY(this Plot plot, double[] xs, double[] ys, string label) =>
        plot.Line(xs, ys.Select(Math.Log10).ToArray(), label);

    /// <summary>
    /// Saves the plot as fileName in the lesson's plots folder (nothing under --no-plots), atomically:
    /// an earlier PNG is replaced whole or not at all. A plot that cannot be written fails the lesson
    /// when it ends (exit 1), with the results already computed kept.
    /// </summary>
    public static void Save(this LessonContext ctx, Plot plot, string fileName, Alignment legend = Alignment.UpperRight)
    {
        if (ctx.PlotsDir is null) return;
        string path = Path.Combine(ctx.PlotsDir, fileName);
        plot.ShowLegend(legend);
        byte[] png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        try
        {
            AtomicFile.Write(path, png);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reported when the lesson ends (with a divergence, if any): the lesson and its other plots go on.
            ctx.PlotErrors.Add($"cannot write plot '{path}': {Text.FirstLine(e.Message)}");
            return;
        }
        ctx.PlotsWritten.Add(path);
    }

    /// <summary>Creates the folder and proves it writable before a lesson spends time computing.</summary>
    public static void EnsureWritable(string dir)
    {
        if (File.Exists(dir)) throw new LessonInputException($"plots folder '{dir}' is a file, not a folder; use --plots-dir DIR or --no-plots");
        try
        {
            Directory.CreateDirectory(dir);
            string probe = Path.Combine(dir, $".chapter4-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LessonInputException($"plots folder '{dir}' is not writable ({e.Message}); use --plots-dir DIR or --no-plots");
        }
    }

    /// <summary>The repository's plots/ folder when run inside the repository, else ./plots.</summary>
    public static string DefaultDir()
    {
        return Path.Combine(Repository.FindRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory(), "plots");
    }
}
