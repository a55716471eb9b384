using ScottPlot;

namespace Chapter4.Plotting;

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
