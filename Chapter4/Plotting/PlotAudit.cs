using ScottPlot;

namespace Chapter4.Plotting;

/// <summary>A rendered plot's data against its axes: every point must be inside. Also its legend, as (text, colour) pairs.</summary>
public sealed record PlotAudit(string File, int Points, int PointsOutside)
{
    /// <summary>Every legend entry: its text and the colour of its swatch ("#rrggbb").</summary>
    public IReadOnlyList<(string Text, string Colour)> Legend { get; init; } = [];

    /// <summary>Each legend entry of a line or scatter: its text and colour ("#rrggbb").</summary>
    public IReadOnlyList<(string Label, string Color)> Series { get; init; } = [];

    /// <summary>How each axis maps values: "linear", "log" (<see cref="Figures.UseLogY"/>) or "symlog c=…" (<see cref="SymLog"/>).</summary>
    public string XAxis { get; init; } = "linear";

    public string YAxis { get; init; } = "linear";

    /// <summary>
    /// After rendering: how many plotted points fall outside the axes (a plot must show all its data).
    /// Level sets and other decorations drawn in translucent grey are not data.
    /// </summary>
    public static PlotAudit Of(Plot plot, string fileName)
    {
        AxisLimits limits = plot.Axes.GetLimits();
        int points = 0, outside = 0;
        foreach (var scatter in plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Where(s => !IsDecoration(s)))
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
        var legend = plot.GetPlottables().SelectMany(p => p.LegendItems)
            .Where(item => !string.IsNullOrEmpty(item.LabelText))
            .Select(item => (item.LabelText, SeriesColors.Hex(SwatchColour(item))))
            .ToList();

        var series = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Where(s => !string.IsNullOrEmpty(s.LegendText))
            .Select(s => (s.LegendText, SeriesColors.Hex(s.Color))).ToList();
        return new PlotAudit(fileName, points, outside) { Legend = legend, Series = series, XAxis = Kind(plot.Axes.Bottom), YAxis = Kind(plot.Axes.Left) };
    }

    private static string Kind(ScottPlot.IAxis axis) => axis.TickGenerator switch
    {
        SymLog.TickGenerator t => "symlog c=" + t.Scale.C.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LogTicks => "log",
        _ => "linear",
    };

    // A line's colour, or for markers and bars their fill.
    private static Color SwatchColour(LegendItem item) =>
        item.LineWidth > 0 && item.LineColor.Alpha > 0 ? item.LineColor
        : item.MarkerFillColor.Alpha > 0 ? item.MarkerFillColor
        : item.FillColor;

    private static bool IsDecoration(ScottPlot.Plottables.Scatter s) => string.IsNullOrEmpty(s.LegendText) && s.Color.Alpha < 255;
}
