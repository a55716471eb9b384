using ScottPlot;

namespace Chapter4.Harness;

/// <summary>A rendered plot's data against its axes: every point must be inside.</summary>
public sealed record PlotAudit(string File, int Points, int PointsOutside);

/// <summary>One colour per optimizer and per schedule, in every plot that shows it.</summary>
public static class SeriesColors
{
    private static readonly (string Key, Color Colour)[] Named =
    [
        ("sgd", Color.FromHex("#1f77b4")),
        ("momentum", Color.FromHex("#ff7f0e")),
        ("adagrad", Color.FromHex("#2ca02c")),
        ("rmsprop", Color.FromHex("#d62728")),
        ("adam", Color.FromHex("#9467bd")),
        ("StepLR", Color.FromHex("#1f77b4")),
        ("MultiStepLR", Color.FromHex("#ff7f0e")),
        ("ExponentialLR", Color.FromHex("#2ca02c")),
        ("CosineAnnealingLR", Color.FromHex("#d62728")),
        ("LinearLR", Color.FromHex("#9467bd")),
        ("OneCycleLR", Color.FromHex("#8c564b")),
        ("ReduceLROnPlateau", Color.FromHex("#e377c2")),
    ];

    /// <summary>The colour of an optimizer ("adam") or a schedule ("StepLR(step_size=50, ...)"), or null for other series.</summary>
    public static Color? For(string label)
    {
        string key = label.Split('(', ' ', ',')[0];
        foreach (var (name, colour) in Named)
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase)) return colour;
        return null;
    }
}

/// <summary>Renders ScottPlot figures to PNG in the plots folder. Labels are English: no CJK font here.</summary>
public static class Plotting
{
    public const int Width = 900;
    public const int Height = 560;

    /// <summary>A plot with title and axis labels already set.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        // A legend swatch long enough to show a dashed line as dashed (at ScottPlot's default 20 px it looks solid).
        plot.Legend.SymbolWidth = 42;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>Adds a labelled line through (xs, ys); a named series keeps its colour in every plot.</summary>
    public static ScottPlot.Plottables.Scatter Line(this Plot plot, double[] xs, double[] ys, string label)
    {
        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = label;
        line.LineWidth = 2;
        if (SeriesColors.For(label) is { } colour) line.Color = colour;
        return line;
    }

    /// <summary>The usual view [left, right, bottom, top], widened (plus a 5% margin) so that every point is inside.</summary>
    public static void ViewIncluding(this Plot plot, double[] view, IEnumerable<double[]> points)
    {
        var all = points.ToList();
        double left = Math.Min(view[0], all.Min(p => p[0])), right = Math.Max(view[1], all.Max(p => p[0]));
        double bottom = Math.Min(view[2], all.Min(p => p[1])), top = Math.Max(view[3], all.Max(p => p[1]));
        double mx = 0.05 * (right - left), my = 0.05 * (top - bottom);
        plot.Axes.SetLimits(left - mx, right + mx, bottom - my, top + my);
    }

    /// <summary>Makes the y axis logarithmic; add lines with <see cref="LineLogY"/>.</summary>
    public static void UseLogY(this Plot plot)
    {
        // Ticks are placed on log10 values; labels show the value itself (3 significant digits).
        plot.Axes.Left.TickGenerator = new LogTicks();
    }

    /// <summary>A labelled line on a logarithmic y axis (values must be positive).</summary>
    public static ScottPlot.Plottables.Scatter LineLogY(this Plot plot, double[] xs, double[] ys, string label) =>
        plot.Line(xs, ys.Select(Math.Log10).ToArray(), label);

    /// <summary>
    /// Saves the plot as fileName in the lesson's plots folder (nothing under --no-plots), atomically:
    /// an earlier PNG is replaced whole or not at all. A plot that cannot be written fails the lesson
    /// when it ends (exit 1), with the results already computed kept.
    /// </summary>
    public static void Save(this LessonContext ctx, Plot plot, string fileName, Alignment legend = Alignment.UpperRight) =>
        ctx.Save(plot, fileName, () => plot.ShowLegend(legend), Height, Width);

    /// <summary>As <see cref="Save(LessonContext, Plot, string, Alignment)"/>, with the legend right of the data area, where it can hide no curve; the image widens to keep the data area.</summary>
    public static void SaveWithLegendOutside(this LessonContext ctx, Plot plot, string fileName) =>
        ctx.Save(plot, fileName, () => plot.ShowLegend(Edge.Right), Height, Width + 420);

    private static void Save(this LessonContext ctx, Plot plot, string fileName, Action placeLegend, int height, int width)
    {
        if (ctx.PlotsDir is null) return;
        string path = Path.Combine(ctx.PlotsDir, fileName);
        placeLegend();
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        ctx.PlotAudits.Add(Audit(plot, fileName));
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

    /// <summary>
    /// After rendering: how many plotted points fall outside the axes (a plot must show all its data).
    /// Level sets and other decorations drawn in translucent grey are not data.
    /// </summary>
    public static PlotAudit Audit(Plot plot, string fileName)
    {
        AxisLimits limits = plot.Axes.GetLimits();
        int points = 0, outside = 0;
        foreach (var scatter in plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Where(s => !s.IsDecoration()))
        {
            foreach (Coordinates c in scatter.Data.GetScatterPoints())
            {
                if (!c.AreReal) continue;
                points++;
                if (c.X < limits.Left || c.X > limits.Right || c.Y < limits.Bottom || c.Y > limits.Top) outside++;
            }
        }
        foreach (var bars in plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>())
        {
            foreach (ScottPlot.Bar bar in bars.Bars)
            {
                points++;
                if (bar.Position < limits.Left || bar.Position > limits.Right || bar.Value < limits.Bottom || bar.Value > limits.Top) outside++;
            }
        }
        return new PlotAudit(fileName, points, outside);
    }

    private static bool IsDecoration(this ScottPlot.Plottables.Scatter s) => string.IsNullOrEmpty(s.LegendText) && s.Color.Alpha < 255;

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

/// <summary>
/// Ticks for a y axis holding log10 values: whole decades (0.001, 0.01, 0.1, …) when the view spans two
/// decades or more, otherwise ScottPlot's own spacing, so a range of less than a decade still gets labels.
/// Labels show the value itself (3 significant digits).
/// </summary>
internal sealed class LogTicks : ITickGenerator
{
    private static string Label(double log10) => Math.Pow(10, log10).ToString("G3", System.Globalization.CultureInfo.InvariantCulture);

    private readonly ScottPlot.TickGenerators.NumericAutomatic _decades = new() { LabelFormatter = Label, IntegerTicksOnly = true };
    private readonly ScottPlot.TickGenerators.NumericAutomatic _fine = new() { LabelFormatter = Label };

    public Tick[] Ticks { get; set; } = [];

    public int MaxTickCount { get; set; } = 10_000;

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
    {
        ITickGenerator chosen = Math.Abs(range.Max - range.Min) >= 2 ? _decades : _fine;
        chosen.MaxTickCount = MaxTickCount;
        chosen.Regenerate(range, edge, size, paint, labelStyle);
        Ticks = chosen.Ticks;
    }
}
