using System.Globalization;
using Chapter4.Plotting;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Log axes over less than two decades (teaching-review-3, plot 5: 0.891, 0.794, …; 0.0398, 0.0501, …; 0.0501, 0.0479, …)
/// get short round labels: each is a value of at most 2 significant digits, and there are at least 3 of them.
/// </summary>
[TestOf("Chapter4.Plotting.LogTicks")]
public class LogTicksTests
{
    /// <summary>The labelled (major) ticks of a rendered log y axis over [low, high].</summary>
    private static string[] Labels(double low, double high)
    {
        var plot = Figures.Create("t", "x", "y");
        plot.UseLogY();
        plot.LineLogY([0, 1], [low, high], "line");
        plot.Axes.SetLimitsY(Math.Log10(low), Math.Log10(high));
        plot.GetImage(Figures.Width, Figures.Height).Dispose(); // ticks are made when the plot is drawn
        return plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor && t.Label.Length > 0).Select(t => t.Label).ToArray();
    }

    /// <summary>Significant digits of a label as written: "0.042" has 2, "1E-05" has 1, "0.9" has 1.</summary>
    private static int SignificantDigits(string label)
    {
        string mantissa = label.Split('E', 'e')[0].Replace("-", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        return Math.Max(1, mantissa.TrimEnd('0').Length);
    }

    [TestCase(0.04, 0.046, TestName = "lr-compare-loss's late band, 0.040 to 0.046")]
    [TestCase(0.89, 1.0, TestName = "optimizer-loss's 0.89 to 1")]
    [TestCase(0.0479, 0.1, TestName = "lr-exponential-log at gamma 0.99, 0.0479 to 0.1")]
    [TestCase(0.0134, 0.1, TestName = "lr-exponential-log at gamma 0.99 over 200 epochs")]
    [TestCase(0.2, 15, TestName = "gd-variants' 0.2 to 15")]
    [TestCase(1e-5, 2e-4, TestName = "a rising ExponentialLR, 1e-5 to 2e-4")]
    public void ShortSpansGetAtLeastThreeShortRoundLabels(double low, double high)
    {
        string[] labels = Labels(low, high);
        Assert.That(labels, Has.Length.GreaterThanOrEqualTo(3), string.Join(" ", labels));
        Assert.That(labels.Select(SignificantDigits), Is.All.LessThanOrEqualTo(2), string.Join(" ", labels));
        double[] values = labels.Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        Assert.That(values, Is.Ordered.Ascending.And.Unique);
        Assert.That(values, Is.All.InRange(low * (1 - 1e-9), high * (1 + 1e-9)), "every label is inside the view");
    }

    /// <summary>The rule's steps: 0.040 to 0.046 is labelled every 0.002; 0.89 to 1 every 0.02; 0.0479 to 0.1 every 0.01.</summary>
    [TestCase(0.04, 0.046, new[] { "0.04", "0.042", "0.044", "0.046" })]
    [TestCase(0.89, 1.0, new[] { "0.9", "0.92", "0.94", "0.96", "0.98", "1" })]
    [TestCase(0.0479, 0.1, new[] { "0.05", "0.06", "0.07", "0.08", "0.09", "0.1" })]
    public void ShortSpansUseTheLargestRoundStepWithFourLabels(double low, double high, string[] expected) =>
        Assert.That(LogTicks.ForRange(Math.Log10(low), Math.Log10(high)).Where(t => t.IsMajor).Select(t => t.Label), Is.EqualTo(expected));

    /// <summary>Between the labels, minor ticks (no text) show the scale is not linear.</summary>
    [Test]
    public void ShortSpansHaveMinorTicks() =>
        Assert.That(LogTicks.ForRange(Math.Log10(0.04), Math.Log10(0.046)).Count(t => !t.IsMajor), Is.GreaterThan(0));

    /// <summary>Wide spans keep whole decades.</summary>
    [Test]
    public void WideSpansStillLabelWholeDecades()
    {
        string[] labels = Labels(1e-10, 0.3);
        Assert.That(labels, Has.Length.GreaterThanOrEqualTo(3));
        Assert.That(labels.Select(l => Math.Log10(double.Parse(l, CultureInfo.InvariantCulture))), Has.All.Matches<double>(e => Math.Abs(e - Math.Round(e)) < 1e-9));
    }

    /// <summary>StepLines draws a rate held for an epoch as a stair (teaching-review-3, plot 4).</summary>
    [Test]
    public void StepLinesAreStairs()
    {
        var plot = Figures.Create("t", "x", "y");
        var line = plot.StepLine([0, 1, 2], [0.1, 0.1, 0.05], "StepLR(step_size=2, gamma=0.5)");
        Assert.That(line.ConnectStyle, Is.EqualTo(ScottPlot.ConnectStyle.StepHorizontal));
        Assert.That(SeriesColors.Hex(line.Color), Is.EqualTo(SeriesColors.Hex(SeriesColors.Of("StepLR"))));
    }
}
