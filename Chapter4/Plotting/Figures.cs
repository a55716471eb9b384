using ScottPlot;

namespace Chapter4.Plotting;

/// <summary>ScottPlot figures as the lessons draw them: titled, labelled, one colour per named series.</summary>
public static class Figures
{
    public const int Width = 900;
    public const int Height = 560;

    /// <summary>A plot with title and axis labels already set; in Chinese, drawn with a font that has the glyphs (<see cref="CjkFont"/>).</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        // A legend swatch long enough to show a dashed line as dashed (at ScottPlot's default 20 px it looks solid).
        plot.Legend.SymbolWidth = 42;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        CjkFont.Apply(plot);
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
}
