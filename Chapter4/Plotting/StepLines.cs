using ScottPlot;

namespace Chapter4.Plotting;

/// <summary>Lines for values that hold until the next change (a learning rate set once per epoch): drawn as stairs.</summary>
public static class StepLines
{
    /// <summary>A labelled stair line: each value is held flat until the next x, then the line steps to the next value.</summary>
    public static ScottPlot.Plottables.Scatter StepLine(this Plot plot, double[] xs, double[] ys, string label)
    {
        var line = plot.Line(xs, ys, label);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        return line;
    }
}
